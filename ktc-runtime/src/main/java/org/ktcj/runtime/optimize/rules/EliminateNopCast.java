package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/** {@code Cast(x: T, to=T) -> x}. */
public final class EliminateNopCast extends NopRule {
    public EliminateNopCast() {
        super("eliminate-nop-cast", "Cast(x: T, to=T) -> x", "Cast");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        DataType in = g.type(n.input(0));
        return in != null && in == DataType.fromOnnxCode((int) n.attrInt("to", 0)) ? 0 : -1;
    }
}
