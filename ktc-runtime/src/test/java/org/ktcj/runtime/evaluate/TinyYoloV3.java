package org.ktcj.runtime.evaluate;

import java.util.HashMap;
import java.util.Map;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * Darknet's yolov3-tiny (80 classes, 3 anchors a head) as PyTorch's exporter writes it: every
 * convolution with its BatchNormalization folded into a bias, LeakyRelu(0.1), 2x2 max pools, the
 * stride-1 pool after a (0, 1, 0, 1) zero Pad, nearest Resize by 2, a channel Concat, and the two raw
 * 255-channel heads as outputs (decoding runs on the host). Weights are zeros: the evaluator needs
 * shapes only.
 */
final class TinyYoloV3 {
    private final Graph.Builder graph = Graph.builder().name("tiny_yolov3");
    private final Map<String, int[]> shapes = new HashMap<>();
    private int counter;

    private TinyYoloV3() {
    }

    /** The model at {@code size} x {@code size} (416 in Kneron's table), opset 13. */
    static Model build(int size) {
        TinyYoloV3 b = new TinyYoloV3();
        String x = b.input(size);
        int[] widths = {16, 32, 64, 128, 256};
        String route = null;
        for (int w : widths) {
            route = b.conv(x, w, 3);
            x = b.maxPool(route, 2);
        }
        x = b.conv(x, 512, 3);
        x = b.maxPool(b.pad(x), 1);
        x = b.conv(x, 1024, 3);
        String neck = b.conv(x, 256, 1);
        String head1 = b.head(b.conv(neck, 512, 3));
        String up = b.upsample(b.conv(neck, 128, 1));
        String head2 = b.head(b.conv(b.concat(up, route), 256, 3));
        return Model.builder(b.graph.output(b.info(head1)).output(b.info(head2)).build()).opset(13).build();
    }

    private String input(int size) {
        shapes.put("input", new int[] {1, 3, size, size});
        graph.input(info("input"));
        return "input";
    }

    /** Conv (bias: the folded BatchNormalization) and LeakyRelu(0.1), "same" padding. */
    private String conv(String x, int out, int k) {
        String y = convOnly(x, out, k);
        return add(Node.builder("LeakyRelu").attr("alpha", 0.1f), shape(y), y);
    }

    /** A head: a 1x1 convolution to 3 x (5 + 80) channels, with bias. */
    private String head(String x) {
        return convOnly(x, 255, 1);
    }

    private String convOnly(String x, int out, int k) {
        int[] s = shape(x);
        String name = "conv_" + (counter + 1);
        String w = constant(name + ".weight", out, s[1], k, k);
        String b = constant(name + ".bias", out);
        int p = k / 2;
        return add(Node.builder("Conv").attr("kernel_shape", k, k).attr("strides", 1, 1).attr("pads", p, p, p, p),
                new int[] {s[0], out, s[2], s[3]}, x, w, b);
    }

    private String maxPool(String x, int stride) {
        int[] s = shape(x);
        int h = (s[2] - 2) / stride + 1;
        int w = (s[3] - 2) / stride + 1;
        return add(Node.builder("MaxPool").attr("kernel_shape", 2, 2).attr("strides", stride, stride),
                new int[] {s[0], s[1], h, w}, x);
    }

    /** nn.ZeroPad2d((0, 1, 0, 1)): one zero row below, one zero column right. */
    private String pad(String x) {
        int[] s = shape(x);
        String pads = "pad_" + (counter + 1) + ".pads";
        graph.initializer(pads, Tensor.ofLongs(new long[] {0, 0, 0, 0, 0, 0, 1, 1}, 8));
        return add(Node.builder("Pad").attr("mode", "constant"), new int[] {s[0], s[1], s[2] + 1, s[3] + 1}, x, pads);
    }

    /** nn.Upsample(scale_factor=2, mode="nearest"): Resize with scales. */
    private String upsample(String x) {
        int[] s = shape(x);
        String scales = "resize_" + (counter + 1) + ".scales";
        graph.initializer(scales, Tensor.of(new float[] {1, 1, 2, 2}, 4));
        return add(Node.builder("Resize").attr("mode", "nearest").attr("coordinate_transformation_mode", "asymmetric")
                .attr("nearest_mode", "floor"), new int[] {s[0], s[1], 2 * s[2], 2 * s[3]}, x, "", scales);
    }

    private String concat(String a, String b) {
        int[] s = shape(a);
        return add(Node.builder("Concat").attr("axis", 1L),
                new int[] {s[0], s[1] + shape(b)[1], s[2], s[3]}, a, b);
    }

    private String add(Node.Builder node, int[] outShape, String... inputs) {
        Node probe = node.build();
        String y = probe.opType().toLowerCase(java.util.Locale.ROOT) + "_" + ++counter;
        graph.node(node.name(y).inputs(inputs).outputs(y).build());
        shapes.put(y, outShape);
        return y;
    }

    private String constant(String name, int... shape) {
        graph.initializer(name, Tensor.zeros(DataType.FLOAT, shape));
        shapes.put(name, shape);
        return name;
    }

    private int[] shape(String value) {
        return shapes.get(value);
    }

    private ValueInfo info(String value) {
        return ValueInfo.of(value, DataType.FLOAT, shape(value));
    }
}
