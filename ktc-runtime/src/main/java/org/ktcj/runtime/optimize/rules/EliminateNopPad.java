package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;

/** {@code Pad(x, pads=0) -> x}, whatever the mode. */
public final class EliminateNopPad extends NopRule {
    public EliminateNopPad() {
        super("eliminate-nop-pad", "Pad(x, pads=0) -> x", "Pad");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        NodeForms.PadSpec p = NodeForms.pad(n, g);
        return p != null && p.isZero() ? 0 : -1;
    }
}
