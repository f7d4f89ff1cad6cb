package org.ktcj.runtime.optimize;

import java.util.Arrays;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/**
 * The opset-dependent forms of operators, in one place: where a parameter lives (an attribute in older
 * opsets, an input in newer ones) when reading a node, and which form to write when making one.
 */
public final class NodeForms {
    private NodeForms() {
    }

    // ---- reading ----------------------------------------------------------------------------------

    /**
     * The axes of Squeeze, Unsqueeze or a Reduce operator: the attribute (before opsets 13 and 18) or
     * input 1; an empty array when neither is given; null when the input is not a constant.
     */
    public static long[] axes(Node n, GraphEditor g) {
        if (n.hasAttribute("axes")) {
            return n.attrInts("axes", null);
        }
        if (n.hasInput(1)) {
            Tensor t = g.knownValue(n.input(1));
            return t == null ? null : t.toLongArray();
        }
        return new long[0];
    }

    /** Axes in [0, rank), sorted and without repeats; null when one is out of range. */
    public static int[] normalizeAxes(long[] axes, int rank) {
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            long a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank) {
                return null;
            }
            out[i] = (int) a;
        }
        return Arrays.stream(out).sorted().distinct().toArray();
    }

    /**
     * A Pad node's parameters.
     *
     * @param mode  "constant", "reflect", "edge" or "wrap"
     * @param pads  the begins of every axis, then the ends (ONNX order), over all axes of the input
     * @param value the fill value of constant mode
     */
    public record PadSpec(String mode, long[] pads, double value) {
        /** True when no axis is padded (or cropped). */
        public boolean isZero() {
            return Arrays.stream(pads).allMatch(p -> p == 0);
        }
    }

    /**
     * The node's padding when it is constant: attributes {@code paddings} (opset 1) or {@code pads} and
     * {@code value} (2 to 10), inputs (11 on, with the optional {@code axes} of 18); null when an input is
     * not a constant or the input's rank is unknown where {@code axes} needs it.
     */
    public static PadSpec pad(Node n, GraphEditor g) {
        String mode = n.attrString("mode", "constant");
        if (n.hasAttribute("pads") || n.hasAttribute("paddings")) {
            long[] pads = n.attrInts(n.hasAttribute("pads") ? "pads" : "paddings", null);
            return new PadSpec(mode, pads, n.attrFloat("value", 0f));
        }
        Tensor pads = g.knownValue(n.input(1));
        Tensor value = n.hasInput(2) ? g.knownValue(n.input(2)) : null;
        if (pads == null || (n.hasInput(2) && value == null)) {
            return null;
        }
        double fill = value == null || value.size() == 0 ? 0 : value.getDouble(0);
        long[] p = pads.toLongArray();
        if (n.hasInput(3)) {
            Tensor axes = g.knownValue(n.input(3));
            int rank = g.rank(n.input(0));
            if (axes == null || rank < 0) {
                return null;
            }
            int[] ax = normalizeAxes(axes.toLongArray(), rank);
            if (ax == null || ax.length != axes.size()) {
                return null;
            }
            long[] full = new long[2 * rank];
            long[] given = axes.toLongArray();
            for (int i = 0; i < given.length; i++) {
                int a = (int) (given[i] < 0 ? given[i] + rank : given[i]);
                full[a] = p[i];
                full[a + rank] = p[i + given.length];
            }
            p = full;
        }
        return new PadSpec(mode, p, fill);
    }

    // ---- writing ----------------------------------------------------------------------------------

    /** {@code output = Reshape(input, target)}, the target a new initializer (Reshape 5 on). */
    public static Node reshape(GraphEditor g, String nodeName, String input, long[] target, String output) {
        String shape = g.addInitializer(nodeName + "_shape", Tensor.ofLongs(target.clone(), target.length));
        return Node.builder("Reshape").name(nodeName).inputs(input, shape).outputs(output).build();
    }

    /** {@code output = input[start:end]} along one axis: inputs from opset 10, attributes before. */
    public static Node slice(GraphEditor g, String nodeName, String input, long start, long end, long axis,
            String output) {
        Node.Builder b = Node.builder("Slice").name(nodeName).outputs(output);
        if (g.opsetAtLeast(10)) {
            b.inputs(input, g.addInitializer(nodeName + "_starts", Tensor.ofLongs(new long[] {start}, 1)),
                    g.addInitializer(nodeName + "_ends", Tensor.ofLongs(new long[] {end}, 1)),
                    g.addInitializer(nodeName + "_axes", Tensor.ofLongs(new long[] {axis}, 1)));
        } else {
            b.inputs(input).attr("starts", new long[] {start}).attr("ends", new long[] {end})
                    .attr("axes", new long[] {axis});
        }
        return b.build();
    }

    /** {@code output = Clip(input, min, max)} on float32: bounds as inputs from opset 11, attributes before. */
    public static Node clip(GraphEditor g, String nodeName, String input, float min, float max, String output) {
        Node.Builder b = Node.builder("Clip").name(nodeName).outputs(output);
        if (g.opsetAtLeast(11)) {
            b.inputs(input, g.addInitializer(nodeName + "_min", scalar(min)),
                    g.addInitializer(nodeName + "_max", scalar(max)));
        } else {
            b.inputs(input).attr("min", min).attr("max", max);
        }
        return b.build();
    }

    /**
     * {@code output = scale * input + bias} per channel (axis 1), as a BatchNormalization whose mean is 0,
     * variance 1 and epsilon 0, so that it computes exactly that.
     */
    public static Node affine(GraphEditor g, String nodeName, String input, float[] scale, float[] bias,
            String output) {
        int c = scale.length;
        return Node.builder("BatchNormalization").name(nodeName).outputs(output)
                .inputs(input, g.addInitializer(nodeName + "_scale", Tensor.of(scale.clone(), c)),
                        g.addInitializer(nodeName + "_bias", Tensor.of(bias.clone(), c)),
                        g.addInitializer(nodeName + "_mean", Tensor.of(new float[c], c)),
                        g.addInitializer(nodeName + "_var", Tensor.of(filled(c, 1f), c)))
                .attr("epsilon", 0f).build();
    }

    private static Tensor scalar(float v) {
        return Tensor.wrap(DataType.FLOAT, new int[0], new float[] {v});
    }

    /** An array of {@code n} copies of {@code v}. */
    public static float[] filled(int n, float v) {
        float[] a = new float[n];
        Arrays.fill(a, v);
        return a;
    }
}
