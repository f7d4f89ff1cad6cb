package org.ktcj.runtime.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ktcj.ir.Model;

/**
 * Realistic whole models with deterministic random weights, for differential tests and benchmarks.
 *
 * <p>Each family comes small (reduced widths and depths, quick to test) and full size (the real
 * architecture's channel counts and depths, for benchmarks). Every model has one input {@code "input"}
 * of shape [1, 3, size, size]; {@code size} must be a multiple of 32. Weights depend only on the
 * method and its arguments.
 */
public final class ReferenceModels {
    /** MobileNetV2 1.0: per stage expansion t, channels c, repeats n, first stride s. */
    private static final int[][] MOBILENET_V2 = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    private static final int[][] MOBILENET_V2_SMALL = {
        {1, 8, 1, 1}, {6, 12, 2, 2}, {6, 16, 2, 2}, {6, 24, 2, 2}, {6, 32, 2, 1}, {6, 48, 1, 2}};

    private static final int[] RESNET50_DEPTHS = {3, 4, 6, 3};
    private static final int[] RESNET_SMALL_DEPTHS = {2, 2, 2, 2};

    /** The Resize modes of an exporter: nearest's coordinate transformation and rounding, linear's transformation. */
    private record ResizeModes(String nearestCoordinates, String nearestRounding, String linearCoordinates) {
    }

    private static final ResizeModes PYTORCH_RESIZE = new ResizeModes("asymmetric", "floor", "pytorch_half_pixel");
    private static final ResizeModes TENSORFLOW_RESIZE =
            new ResizeModes("half_pixel", "round_prefer_ceil", "half_pixel");
    private static final ResizeModes ALIGN_CORNERS_RESIZE = new ResizeModes("asymmetric", "floor", "align_corners");

    private ReferenceModels() {
    }

    /** A model built at one input size and opset, named for test reports ("resnet50-64-op11"). */
    public record Case(String name, Supplier<Model> model) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** An architecture of this class at one opset. */
    private record Variant(String architecture, int opset, BiFunction<Integer, Integer, Model> build) {
    }

    /** What the whole-model tests run: every architecture, the small ones at both opsets. */
    private static final List<Variant> VARIANTS = List.of(
            new Variant("mobilenetv2-small", 13, ReferenceModels::mobileNetV2Small),
            new Variant("mobilenetv2-small", 11, ReferenceModels::mobileNetV2Small),
            new Variant("resnet-small", 13, ReferenceModels::resNetSmall),
            new Variant("detector-small", 13, ReferenceModels::detectorSmall),
            new Variant("detector-small", 11, ReferenceModels::detectorSmall),
            new Variant("mobilenetv2", 13, ReferenceModels::mobileNetV2),
            new Variant("resnet50", 11, ReferenceModels::resNet50),
            new Variant("detector-resnet50", 13, ReferenceModels::detectorResNet50),
            new Variant("detector-mobilenetv2", 11, ReferenceModels::detectorMobileNetV2));

    /** Those variants, each at the input size {@code sizes} gives its architecture. */
    public static Stream<Case> cases(Map<String, Integer> sizes) {
        return VARIANTS.stream().map(v -> {
            int size = Objects.requireNonNull(sizes.get(v.architecture()), () -> "no size for " + v.architecture());
            return new Case(v.architecture() + "-" + size + "-op" + v.opset(), () -> v.build().apply(size, v.opset()));
        });
    }

    // ---- (a) MobileNetV2 ------------------------------------------------------------------------

    /**
     * A reduced MobileNetV2 classifier (10 classes, Reshape before the Gemm), its stem padded as
     * TensorFlow's "SAME" pads a stride-2 convolution: only at the bottom and right.
     */
    public static Model mobileNetV2Small(int size, int opset) {
        GraphBuilder g = new GraphBuilder("mobilenetv2_small", opset, 101);
        String x = g.input("input", 1, 3, size, size);
        String stem = g.relu6(g.batchNorm(g.conv(x, 16, 3, 2, new int[] {0, 0, 1, 1}, 1, 1, false)));
        Backbone f = mobileNetV2Stages(g, stem, MOBILENET_V2_SMALL);
        String y = g.relu6(g.batchNorm(g.conv(f.last(), 128, 1, 1, 1, false)));
        y = g.reshape(g.globalAveragePool(y), 1, -1);
        return g.output(g.gemm(y, 10)).build();
    }

    /** MobileNetV2 1.0 with 1000 classes, as torchvision defines it (Flatten before the Gemm). */
    public static Model mobileNetV2(int size, int opset) {
        GraphBuilder g = new GraphBuilder("mobilenetv2", opset, 102);
        String x = g.input("input", 1, 3, size, size);
        Backbone f = mobileNetV2Stages(g, mobileNetV2Stem(g, x, 32), MOBILENET_V2);
        String y = g.relu6(g.batchNorm(g.conv(f.last(), 1280, 1, 1, 1, false)));
        y = g.flatten(g.globalAveragePool(y));
        return g.output(g.gemm(y, 1000)).build();
    }

    // ---- (b) ResNet -----------------------------------------------------------------------------

    /** A reduced ResNet with basic blocks (ResNet18's depths at a quarter of the widths, 10 classes). */
    public static Model resNetSmall(int size, int opset) {
        GraphBuilder g = new GraphBuilder("resnet_small", opset, 201);
        String x = g.input("input", 1, 3, size, size);
        Backbone f = resNetBackbone(g, x, RESNET_SMALL_DEPTHS, 16, false);
        String y = g.flatten(g.globalAveragePool(f.last()));
        return g.output(g.gemm(y, 10)).build();
    }

    /** ResNet50 (v1.5: stride on the 3x3 conv of a bottleneck), 1000 classes. */
    public static Model resNet50(int size, int opset) {
        GraphBuilder g = new GraphBuilder("resnet50", opset, 202);
        String x = g.input("input", 1, 3, size, size);
        Backbone f = resNetBackbone(g, x, RESNET50_DEPTHS, 64, true);
        String y = g.flatten(g.globalAveragePool(f.last()));
        return g.output(g.gemm(y, 1000)).build();
    }

    // ---- (c) detectors --------------------------------------------------------------------------

    /**
     * A YOLO-style detector on a small backbone (3 classes, LeakyReLU neck, PyTorch's resize modes).
     * Outputs the boxes [1, boxes, 5 + classes] and the raw stride-32 head.
     */
    public static Model detectorSmall(int size, int opset) {
        GraphBuilder g = new GraphBuilder("detector_small", opset, 301);
        String x = g.input("input", 1, 3, size, size);
        Backbone f = mobileNetV2Stages(g, mobileNetV2Stem(g, x, 16), MOBILENET_V2_SMALL);
        return detectorNeckAndHeads(g, f, 32, 3, false, PYTORCH_RESIZE);
    }

    /** The detector on a full ResNet50 backbone (80 classes, SiLU neck, TensorFlow 2's resize modes). */
    public static Model detectorResNet50(int size, int opset) {
        GraphBuilder g = new GraphBuilder("detector_resnet50", opset, 302);
        String x = g.input("input", 1, 3, size, size);
        Backbone f = resNetBackbone(g, x, RESNET50_DEPTHS, 64, true);
        return detectorNeckAndHeads(g, f, 256, 80, true, TENSORFLOW_RESIZE);
    }

    /** The detector on a full MobileNetV2 backbone (80 classes, SiLU neck, align_corners linear resize). */
    public static Model detectorMobileNetV2(int size, int opset) {
        GraphBuilder g = new GraphBuilder("detector_mobilenetv2", opset, 303);
        String x = g.input("input", 1, 3, size, size);
        Backbone f = mobileNetV2Stages(g, mobileNetV2Stem(g, x, 32), MOBILENET_V2);
        return detectorNeckAndHeads(g, f, 128, 80, true, ALIGN_CORNERS_RESIZE);
    }

    // ---- building blocks ------------------------------------------------------------------------

    /** A backbone's feature maps by stride (the last map at each stride), and its final output. */
    private record Backbone(TreeMap<Integer, String> byStride, String last) {
        String at(int stride) {
            return byStride.get(stride);
        }
    }

    private static String mobileNetV2Stem(GraphBuilder g, String x, int channels) {
        return g.relu6(g.batchNorm(g.conv(x, channels, 3, 2, 1, false)));
    }

    /** MobileNetV2's inverted residual stages on the output of a stride-2 stem. */
    private static Backbone mobileNetV2Stages(GraphBuilder g, String stem, int[][] stages) {
        TreeMap<Integer, String> maps = new TreeMap<>();
        String y = stem;
        int stride = 2;
        for (int[] st : stages) {
            for (int i = 0; i < st[2]; i++) {
                int s = i == 0 ? st[3] : 1;
                y = invertedResidual(g, y, st[0], st[1], s);
                stride *= s;
            }
            maps.put(stride, y);
        }
        return new Backbone(maps, y);
    }

    /** Expand 1x1, depthwise 3x3, project 1x1 (linear), with a residual Add when shapes allow. */
    private static String invertedResidual(GraphBuilder g, String x, int expansion, int out, int stride) {
        int in = g.channels(x);
        String y = x;
        if (expansion != 1) {
            y = g.relu6(g.batchNorm(g.conv(y, in * expansion, 1, 1, 1, false)));
        }
        int hidden = g.channels(y);
        y = g.relu6(g.batchNorm(g.conv(y, hidden, 3, stride, hidden, false)));
        y = g.batchNorm(g.conv(y, out, 1, 1, 1, false));
        return stride == 1 && in == out ? g.add(x, y) : y;
    }

    private static Backbone resNetBackbone(GraphBuilder g, String x, int[] depths, int width, boolean bottleneck) {
        TreeMap<Integer, String> maps = new TreeMap<>();
        String y = g.relu(g.batchNorm(g.conv(x, width, 7, 2, 1, false)));
        y = g.maxPool(y, 3, 2, 1);
        int stride = 4;
        for (int stage = 0; stage < depths.length; stage++) {
            int planes = width << stage;
            for (int i = 0; i < depths[stage]; i++) {
                int s = i == 0 && stage > 0 ? 2 : 1;
                y = bottleneck ? bottleneckBlock(g, y, planes, s) : basicBlock(g, y, planes, s);
                stride *= s;
            }
            maps.put(stride, y);
        }
        return new Backbone(maps, y);
    }

    private static String basicBlock(GraphBuilder g, String x, int planes, int stride) {
        String y = g.relu(g.batchNorm(g.conv(x, planes, 3, stride, 1, false)));
        y = g.batchNorm(g.conv(y, planes, 3, 1, 1, false));
        return g.relu(g.add(y, shortcut(g, x, planes, stride)));
    }

    private static String bottleneckBlock(GraphBuilder g, String x, int planes, int stride) {
        String y = g.relu(g.batchNorm(g.conv(x, planes, 1, 1, 1, false)));
        y = g.relu(g.batchNorm(g.conv(y, planes, 3, stride, 1, false)));
        y = g.batchNorm(g.conv(y, planes * 4, 1, 1, 1, false));
        return g.relu(g.add(y, shortcut(g, x, planes * 4, stride)));
    }

    private static String shortcut(GraphBuilder g, String x, int out, int stride) {
        return stride == 1 && g.channels(x) == out ? x : g.batchNorm(g.conv(x, out, 1, stride, 1, false));
    }

    /**
     * A YOLO-style neck and heads on the stride 8, 16 and 32 maps: a dilated convolution and an
     * SPP-like max pool on the top map, nearest 2x upsampling (scales) to stride 16, linear resizing
     * (sizes) to stride 8, Concat with the lateral maps; per level a 1x1 head reshaped
     * [1, anchors, 5 + classes, h, w], transposed to [1, anchors, h, w, 5 + classes], flattened to
     * boxes and squashed with Sigmoid.
     */
    private static Model detectorNeckAndHeads(GraphBuilder g, Backbone f, int width, int classes, boolean silu,
            ResizeModes resize) {
        final int anchors = 3;
        int per = 5 + classes;
        String c3 = f.at(8);
        String c4 = f.at(16);
        String p5 = convAct(g, f.at(32), width, 1, silu);
        p5 = act(g, g.batchNorm(g.conv(p5, width, 3, 1, new int[] {2, 2, 2, 2}, 2, 1, false)), silu);
        p5 = convAct(g, g.concat(1, p5, g.maxPool(p5, 5, 1, 2)), width, 1, silu);
        String up16 = g.upsampleNearest(p5, 2, resize.nearestCoordinates(), resize.nearestRounding());
        String p4 = convAct(g, g.concat(1, up16, c4), width, 3, silu);
        int[] s3 = g.shape(c3);
        String up8 = g.resizeLinear(p4, s3[2], s3[3], resize.linearCoordinates());
        String p3 = convAct(g, g.concat(1, up8, c3), width, 3, silu);

        List<String> levels = new ArrayList<>();
        String rawTop = null;
        for (String p : new String[] {p3, p4, p5}) {
            String h = g.conv(p, anchors * per, 1, 1, 1, true);
            int[] s = g.shape(h);
            String y = g.reshape(h, 1, anchors, per, s[2], s[3]);
            y = g.reshape(g.transpose(y, 0, 1, 3, 4, 2), 1, -1, per);
            levels.add(g.sigmoid(y));
            rawTop = h;
        }
        String detections = g.concat(1, levels.toArray(String[]::new));
        return g.output(detections).output(rawTop).build();
    }

    private static String convAct(GraphBuilder g, String x, int out, int k, boolean silu) {
        return act(g, g.batchNorm(g.conv(x, out, k, 1, 1, false)), silu);
    }

    private static String act(GraphBuilder g, String x, boolean silu) {
        return silu ? g.silu(x) : g.leakyRelu(x, 0.1f);
    }
}
