package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.ConstantTensors;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Add(x, 0) -> x}, {@code Add(0, x) -> x}, {@code Sub(x, 0) -> x}, when the zeros do not broadcast
 * {@code x} to a larger shape or another type.
 */
public final class EliminateAddZero extends NopRule {
    public EliminateAddZero() {
        super("eliminate-add-zero", "Add(x, 0) -> x", "Add", "Sub");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        int c = constantOperand(g, n);
        if (c < 0 || (n.opType().equals("Sub") && c != 1)) {
            return -1;
        }
        int x = 1 - c;
        return ConstantTensors.allEqual(g.initializer(n.input(c)), 0)
                && sameTypeAndShape(g, n.input(x), n.output(0)) ? x : -1;
    }
}
