package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * An inference BatchNormalization as the per-channel affine map it computes:
 * {@code y = scale[c] * x + shift[c]} with {@code scale = gamma / sqrt(var + epsilon)} and
 * {@code shift = beta - mean * scale}, in double.
 */
record BatchNormParams(double[] scale, double[] shift) {
    /**
     * The node's map when it is an inference BN with constant parameters of {@code channels} elements
     * (per channel, not per feature) and only its first output used; else null.
     */
    static BatchNormParams of(Node bn, GraphEditor g, int channels) {
        if (bn.inputs().size() != 5 || bn.attrInt("training_mode", 0) != 0 || bn.attrInt("spatial", 1) != 1) {
            return null;
        }
        for (int i = 1; i < bn.outputs().size(); i++) {
            if (!bn.output(i).isEmpty() && g.isUsed(bn.output(i))) {
                return null;
            }
        }
        Tensor[] p = new Tensor[4];
        for (int i = 0; i < 4; i++) {
            p[i] = g.initializer(bn.input(i + 1));
            if (p[i] == null || p[i].size() != channels || !p[i].type().isFloatingPoint()) {
                return null;
            }
        }
        double eps = bn.attrFloat("epsilon", 1e-5f);
        double[] scale = new double[channels];
        double[] shift = new double[channels];
        for (int c = 0; c < channels; c++) {
            scale[c] = p[0].getDouble(c) / Math.sqrt(p[3].getDouble(c) + eps);
            shift[c] = p[1].getDouble(c) - p[2].getDouble(c) * scale[c];
        }
        return new BatchNormParams(scale, shift);
    }

    /** The channel count of a BN's input (axis 1), or -1 when unknown. */
    static int channels(Node bn, GraphEditor g) {
        var s = g.shape(bn.input(0));
        return s == null || s.rank() < 2 || !s.dim(1).isKnown() ? -1 : (int) s.dim(1).size();
    }
}
