package org.ktcj.runtime.optimize.rules;

import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Conv(BatchNormalization(x), W, b) -> Conv(x, W * s, b + sum(W * t))} where the BN computes
 * {@code s * x + t} per input channel: the scale multiplies the weights that read each channel, the
 * shift adds its weighted sum to the bias. Exact only where no padding enters the window, so only for a
 * Conv without padding, or a BN without shift (padding's zeros times a scale stay zero). This is how a
 * normalization of the input (Kneron's {@code pixel_modify}) folds into the first layer.
 */
public final class FuseBnIntoNextConv extends Rule {
    public FuseBnIntoNextConv() {
        super("fuse-bn-into-next-conv", "Conv(BN(x), W, b) -> Conv(x, W*s, b + sum(W*t)) without padding", "Conv");
    }

    @Override
    public boolean condition(Node conv, GraphEditor g) {
        Node bn = soleProducer(g, conv.input(0), "BatchNormalization");
        Tensor w = g.initializer(conv.input(1));
        Tensor b = conv.hasInput(2) ? g.initializer(conv.input(2)) : null;
        int channels = bn == null ? -1 : BatchNormParams.channels(bn, g);
        if (channels < 0 || w == null || w.type() != DataType.FLOAT || w.rank() < 3 || !isFloat(g, bn.input(0))
                || (conv.hasInput(2) && (b == null || b.type() != DataType.FLOAT))
                || w.dim(1) * conv.attrInt("group", 1) != channels) {
            return false;
        }
        BatchNormParams p = BatchNormParams.of(bn, g, channels);
        return p != null && (unpadded(conv) || Arrays.stream(p.shift()).allMatch(t -> t == 0));
    }

    @Override
    public boolean apply(Node conv, GraphEditor g) {
        Node bn = g.producer(conv.input(0));
        int channels = BatchNormParams.channels(bn, g);
        BatchNormParams p = BatchNormParams.of(bn, g, channels);
        Tensor w = g.initializer(conv.input(1));
        int outChannels = w.dim(0);
        int inPerGroup = w.dim(1);
        int kernel = w.size() / (outChannels * inPerGroup);
        int outPerGroup = outChannels / (int) conv.attrInt("group", 1);
        float[] weights = w.toFloatArray();
        float[] bias = conv.hasInput(2) ? g.initializer(conv.input(2)).toFloatArray() : new float[outChannels];
        for (int o = 0; o < outChannels; o++) {
            double shift = bias[o];
            for (int ci = 0; ci < inPerGroup; ci++) {
                int c = (o / outPerGroup) * inPerGroup + ci;
                for (int k = 0; k < kernel; k++) {
                    int i = (o * inPerGroup + ci) * kernel + k;
                    shift += weights[i] * p.shift()[c];
                    weights[i] = (float) (weights[i] * p.scale()[c]);
                }
            }
            bias[o] = (float) shift;
        }
        String wName = g.addInitializer(conv.input(1) + "_folded", Tensor.of(weights, w.shape()));
        String bName = g.addInitializer(conv.name() + "_bias_folded", Tensor.of(bias, outChannels));
        g.remove(bn);
        g.replace(conv, conv.toBuilder().inputs(List.of(bn.input(0), wName, bName)).build());
        return true;
    }

    /** True when no window of the convolution reads padding. */
    private static boolean unpadded(Node conv) {
        String autoPad = conv.attrString("auto_pad", "NOTSET");
        return autoPad.equals("VALID")
                || autoPad.equals("NOTSET") && Arrays.stream(conv.attrInts("pads", new long[0])).allMatch(v -> v == 0);
    }
}
