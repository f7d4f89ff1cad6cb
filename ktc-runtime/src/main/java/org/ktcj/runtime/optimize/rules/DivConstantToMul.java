package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Div(x, c) -> Mul(x, 1/c)} for a float32 constant c without zeros: the NPU multiplies, and Mul
 * fuses further. The product differs from the quotient by at most a rounding.
 */
public final class DivConstantToMul extends Rule {
    public DivConstantToMul() {
        super("div-constant-to-mul", "Div(x, c) -> Mul(x, 1/c)", "Div");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        if (constantOperand(g, n) != 1 || !isFloat(g, n.input(1)) || !isFloat(g, n.input(0))) {
            return false;
        }
        Tensor c = g.initializer(n.input(1));
        for (int i = 0; i < c.size(); i++) {
            if (c.getDouble(i) == 0 || !Double.isFinite(c.getDouble(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        Tensor c = g.initializer(n.input(1));
        float[] v = c.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (1.0 / v[i]);
        }
        String reciprocal = g.addInitializer(n.input(1) + "_reciprocal", Tensor.of(v, c.shape()));
        g.replace(n, Node.builder("Mul").name(n.name()).inputs(n.input(0), reciprocal).outputs(n.output(0)).build());
        return true;
    }
}
