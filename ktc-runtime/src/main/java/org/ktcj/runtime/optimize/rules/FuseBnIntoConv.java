package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code BatchNormalization(Conv(x, W, b)) -> Conv(x, W * s, (b - mean) * s + beta)} with
 * {@code s = gamma / sqrt(var + epsilon)} per output channel; likewise after ConvTranspose (whose
 * weights hold output channels on axis 1, per group) and Gemm (per output feature; the Gemm's C must
 * be per feature). Only when the convolution's output feeds the BN alone, and weights and parameters
 * are float32 constants. New weights are new initializers: weights another node shares stay as they
 * are.
 */
public final class FuseBnIntoConv extends Rule {
    public FuseBnIntoConv() {
        super("fuse-bn-into-conv", "BatchNormalization(Conv(x, W, b)) -> Conv(x, W*s, (b-mean)*s+beta)",
                "BatchNormalization");
    }

    @Override
    public boolean condition(Node bn, GraphEditor g) {
        Node conv = soleProducer(g, bn.input(0), "Conv", "ConvTranspose", "Gemm");
        int channels = BatchNormParams.channels(bn, g);
        if (conv == null || channels < 0 || !isFloat(g, bn.input(0))) {
            return false;
        }
        Tensor w = g.initializer(conv.input(1));
        Tensor b = conv.hasInput(2) ? g.initializer(conv.input(2)) : null;
        if (w == null || w.type() != DataType.FLOAT
                || (conv.hasInput(2) && (b == null || b.type() != DataType.FLOAT))) {
            return false;
        }
        boolean shapes = switch (conv.opType()) {
            case "Conv" -> w.rank() >= 3 && w.dim(0) == channels && (b == null || b.size() == channels);
            case "ConvTranspose" -> w.rank() >= 3 && conv.attrInt("group", 1) * w.dim(1) == channels
                    && (b == null || b.size() == channels);
            default -> w.rank() == 2 && conv.attrInt("transA", 0) == 0 && g.rank(bn.input(0)) == 2
                    && w.dim(conv.attrInt("transB", 0) != 0 ? 0 : 1) == channels
                    && (b == null || gemmBias(b, channels) != null);
        };
        return shapes && BatchNormParams.of(bn, g, channels) != null;
    }

    @Override
    public boolean apply(Node bn, GraphEditor g) {
        Node conv = g.producer(bn.input(0));
        int channels = BatchNormParams.channels(bn, g);
        BatchNormParams p = BatchNormParams.of(bn, g, channels);
        Tensor w = g.initializer(conv.input(1));
        Tensor b = conv.hasInput(2) ? g.initializer(conv.input(2)) : null;
        float[] weights = w.toFloatArray();
        double[] bias = new double[channels];
        double biasScale = 1;
        switch (conv.opType()) {
            case "Conv" -> scaleRows(weights, w.dim(0), p.scale());
            case "ConvTranspose" -> scaleConvTranspose(weights, w.shape(), (int) conv.attrInt("group", 1), p.scale());
            default -> {
                scaleGemm(weights, w.shape(), conv.attrInt("transB", 0) != 0, p.scale());
                biasScale = conv.attrFloat("beta", 1f);
            }
        }
        float[] oldBias = b == null ? null : conv.opType().equals("Gemm") ? gemmBias(b, channels) : b.toFloatArray();
        float[] newBias = new float[channels];
        for (int c = 0; c < channels; c++) {
            bias[c] = oldBias == null ? 0 : biasScale * oldBias[c];
            newBias[c] = (float) (bias[c] * p.scale()[c] + p.shift()[c]);
        }
        String wName = g.addInitializer(conv.input(1) + "_bn", Tensor.of(weights, w.shape()));
        String bName = g.addInitializer((b == null ? conv.name() + "_bias" : conv.input(2)) + "_bn",
                Tensor.of(newBias, channels));
        Node.Builder fused = conv.toBuilder().inputs(conv.input(0), wName, bName).outputs(bn.output(0));
        if (conv.opType().equals("Gemm")) {
            fused.attr("beta", 1f);
        }
        g.remove(bn);
        g.replace(conv, fused.build());
        return true;
    }

    /** C of a Gemm as one value per output feature, or null when it varies along the batch. */
    private static float[] gemmBias(Tensor c, int features) {
        int[] s = c.shape();
        boolean perFeature = c.size() == features && (s.length == 1 || (s.length == 2 && s[0] == 1));
        if (perFeature || c.size() == 1) {
            float[] out = new float[features];
            for (int i = 0; i < features; i++) {
                out[i] = (float) c.getDouble(c.size() == 1 ? 0 : i);
            }
            return out;
        }
        return null;
    }

    /** Multiplies row {@code o} (output channel o of Conv weights [M, ...]) by {@code s[o]}. */
    private static void scaleRows(float[] w, int rows, double[] s) {
        int per = w.length / rows;
        for (int o = 0; o < rows; o++) {
            for (int i = o * per; i < (o + 1) * per; i++) {
                w[i] = (float) (w[i] * s[o]);
            }
        }
    }

    /** ConvTranspose weights [C, M/group, k...]: input channel c of group c / (C/group) feeds outputs of that group. */
    private static void scaleConvTranspose(float[] w, int[] shape, int group, double[] s) {
        int inChannels = shape[0];
        int outPerGroup = shape[1];
        int kernel = w.length / (inChannels * outPerGroup);
        int inPerGroup = inChannels / group;
        for (int c = 0; c < inChannels; c++) {
            int grp = c / inPerGroup;
            for (int j = 0; j < outPerGroup; j++) {
                double scale = s[grp * outPerGroup + j];
                int base = (c * outPerGroup + j) * kernel;
                for (int k = 0; k < kernel; k++) {
                    w[base + k] = (float) (w[base + k] * scale);
                }
            }
        }
    }

    /** Gemm's B: [K, N] scales column n, or [N, K] (transB) row n, by {@code s[n]}. */
    private static void scaleGemm(float[] w, int[] shape, boolean transB, double[] s) {
        int rows = shape[0];
        int cols = shape[1];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = (float) (w[r * cols + c] * s[transB ? r : c]);
            }
        }
    }
}
