package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.runtime.optimize.ConstantTensors;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;

/**
 * {@code Mul(x, c) -> BN(x, scale=c)}, {@code Add(x, c) -> BN(x, bias=c)}: an elementwise product or sum
 * of a feature map [N, C, H, W] with a constant that is one value per channel (or one value) is a
 * per-channel affine map, which the NPU runs as a BatchNormalization (mean 0, variance 1, epsilon 0).
 * It then fuses into a preceding convolution or BN.
 */
public final class AffineToBn extends Rule {
    public AffineToBn() {
        super("affine-to-bn", "Mul(x, c[C,1,1]) -> BN(x), Add(x, c[C,1,1]) -> BN(x)", "Mul", "Add");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        return g.opsetAtLeast(9) && perChannel(n, g) != null;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        float[] c = perChannel(n, g);
        String x = n.input(1 - constantOperand(g, n));
        boolean mul = n.opType().equals("Mul");
        float[] scale = mul ? c : NodeForms.filled(c.length, 1f);
        float[] bias = mul ? new float[c.length] : c;
        g.replace(n, NodeForms.affine(g, n.name(), x, scale, bias, n.output(0)));
        return true;
    }

    /** The constant operand as one float per channel, or null when the node is not such an affine map. */
    private static float[] perChannel(Node n, GraphEditor g) {
        int k = constantOperand(g, n);
        if (k < 0) {
            return null;
        }
        String x = n.input(1 - k);
        Shape s = g.shape(x);
        if (s == null || s.rank() != 4 || !s.dim(1).isKnown() || !isFloat(g, x) || !isFloat(g, n.input(k))) {
            return null;
        }
        return ConstantTensors.alongAxis(g.initializer(n.input(k)), 4, 1, (int) s.dim(1).size());
    }
}
