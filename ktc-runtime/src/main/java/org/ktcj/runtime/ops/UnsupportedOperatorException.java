package org.ktcj.runtime.ops;

import org.ktcj.KtcException;
import org.ktcj.ir.Node;

/** A node whose operator (at the model's opset) the simulator does not implement. */
public class UnsupportedOperatorException extends KtcException {
    private static final long serialVersionUID = 1L;

    public UnsupportedOperatorException(Node node, int opset) {
        super("unsupported operator " + (node.domain().isEmpty() ? "" : node.domain() + ".") + node.opType()
                + (opset > 0 ? " (opset " + opset + ")" : "") + " in node '" + node.name() + "'");
    }
}
