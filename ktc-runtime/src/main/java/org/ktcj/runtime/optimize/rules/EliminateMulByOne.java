package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.ConstantTensors;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Mul(x, 1) -> x}, {@code Mul(1, x) -> x}, {@code Div(x, 1) -> x}, when the ones do not broadcast
 * {@code x} to a larger shape or another type.
 */
public final class EliminateMulByOne extends NopRule {
    public EliminateMulByOne() {
        super("eliminate-mul-by-one", "Mul(x, 1) -> x", "Mul", "Div");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        int c = constantOperand(g, n);
        if (c < 0 || (n.opType().equals("Div") && c != 1)) {
            return -1;
        }
        int x = 1 - c;
        return ConstantTensors.allEqual(g.initializer(n.input(c)), 1)
                && sameTypeAndShape(g, n.input(x), n.output(0)) ? x : -1;
    }
}
