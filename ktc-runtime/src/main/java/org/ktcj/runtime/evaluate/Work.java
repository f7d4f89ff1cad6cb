package org.ktcj.runtime.evaluate;

import java.util.List;
import java.util.Set;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;
import org.ktcj.spi.chip.ShapedNode;

/**
 * What one node asks of the NPU, from its shapes alone: its kind, its multiply-accumulates, its weight
 * bytes and the bytes of its output. Feature maps and weights count one byte an element (int8, the
 * default of Kneron's evaluator).
 *
 * @param kind        how the node uses the NPU
 * @param macs        multiply-accumulates (0 for ops off the MAC array)
 * @param weightBytes the bytes of the node's constant inputs, read from DRAM on every inference
 * @param outputBytes the bytes of its outputs
 * @param laneFill    the fraction of the MAC array's input-channel lanes the node's channels fill
 * @param known       false when a shape was unknown, so the node is not costed
 */
record Work(LayerKind kind, long macs, long weightBytes, long outputBytes, double laneFill, boolean known) {
    /**
     * Feature maps are stored 16 channels to a word (Kneron's 1W16C8B format), so a layer reads its
     * input channels 16 at a time.
     */
    static final int CHANNEL_LANES = 16;
    /**
     * A model input of at most 4 channels (an image) is stored 4 pixels by 4 channels to a word
     * (4W4C8B), so an RGB image fills 3 of every 4 lanes.
     */
    static final int IMAGE_CHANNELS = 4;

    private static final Set<String> VIEWS =
            Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze", "Identity", "Dropout");

    /**
     * The work of a node.
     *
     * @param readsModelInput whether the node's first input is an input of the model
     */
    static Work of(ShapedNode node, Set<String> constants, boolean readsModelInput) {
        String op = node.node().opType();
        long weights = weightBytes(node, constants);
        Shape out = node.outputShape(0);
        long outBytes = outputBytes(node);
        if (VIEWS.contains(op) || isChannelConcat(node)) {
            return new Work(LayerKind.VIEW, 0, 0, outBytes, 1, isStatic(out));
        }
        Shape in = node.inputShape(0);
        Shape w = node.inputShape(1);
        boolean shaped = isStatic(out) && isStatic(in);
        return switch (op) {
            case "Conv" -> shaped && isStatic(w) ? conv(node, w, out, weights, readsModelInput)
                    : unknown(LayerKind.CONV, weights);
            case "ConvTranspose" -> shaped && isStatic(w) ? transposed(in, w, weights, outBytes)
                    : unknown(LayerKind.TRANSPOSED, weights);
            case "Gemm", "MatMul" -> shaped ? dense(node, in, out, weights) : unknown(LayerKind.DENSE, weights);
            default -> new Work(LayerKind.VECTOR, 0, weights, outBytes, 1, isStatic(out));
        };
    }

    /** Output elements times the window: [N, Cout, H, W] x (Cin / group) x kh x kw. */
    private static Work conv(ShapedNode node, Shape w, Shape out, long weights, boolean readsModelInput) {
        long perGroup = w.dim(1).size();
        long window = w.elementCount() / (w.dim(0).size() * perGroup);
        long macs = out.elementCount() * perGroup * window;
        long group = node.node().attrInt("group", 1);
        if (group > 1 && perGroup == 1) {
            return new Work(LayerKind.DEPTHWISE, macs, weights, bytes(out), 1, true);
        }
        int lanes = readsModelInput && perGroup <= IMAGE_CHANNELS ? IMAGE_CHANNELS : CHANNEL_LANES;
        double fill = (double) perGroup / ((perGroup + lanes - 1) / lanes * lanes);
        return new Work(window == 1 ? LayerKind.POINTWISE : LayerKind.CONV, macs, weights, bytes(out), fill, true);
    }

    /** Input elements times the weights each input channel spreads: [N, Cin, H, W] x (Cout / group) x kh x kw. */
    private static Work transposed(Shape in, Shape w, long weights, long outBytes) {
        return new Work(LayerKind.TRANSPOSED, in.elementCount() * (w.elementCount() / w.dim(0).size()), weights,
                outBytes, 1, true);
    }

    /** Output elements times the reduced dimension: the last of A, or the first of A with transA. */
    private static Work dense(ShapedNode node, Shape in, Shape out, long weights) {
        boolean transA = "Gemm".equals(node.node().opType()) && node.node().attrInt("transA", 0) != 0;
        long k = in.dim(transA ? 0 : in.rank() - 1).size();
        return new Work(LayerKind.DENSE, out.elementCount() * k, weights, bytes(out), 1, true);
    }

    private static Work unknown(LayerKind kind, long weights) {
        return new Work(kind, 0, weights, 0, 1, false);
    }

    /** Concat of feature maps along the channels: producers write into their slice of the result. */
    private static boolean isChannelConcat(ShapedNode node) {
        Shape out = node.outputShape(0);
        return "Concat".equals(node.node().opType()) && out != null && out.rank() == 4
                && (node.node().attrInt("axis", 0) == 1 || node.node().attrInt("axis", 0) == -3);
    }

    /**
     * The node's constant inputs: weights and biases, and the per-element operands of other ops (a
     * PRelu slope, a BatchNormalization's scale); integer settings such as pads and axes are not data.
     */
    private static long weightBytes(ShapedNode node, Set<String> constants) {
        long total = 0;
        List<String> inputs = node.node().inputs();
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.get(i);
            ValueInfo info = node.values().get(name);
            if (constants.contains(name) && inputs.indexOf(name) == i && info != null && info.type() != null
                    && info.type().isFloatingPoint()) {
                total += bytes(info.shape());
            }
        }
        return total;
    }

    private static long outputBytes(ShapedNode node) {
        long total = 0;
        for (int i = 0; i < node.node().outputs().size(); i++) {
            total += bytes(node.outputShape(i));
        }
        return total;
    }

    static long bytes(Shape s) {
        return isStatic(s) ? s.elementCount() : 0;
    }

    static boolean isStatic(Shape s) {
        return s != null && s.isStatic();
    }
}
