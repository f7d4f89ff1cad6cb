package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Model;
import org.ktcj.runtime.models.GraphBuilder;

/**
 * MobileNetV2 SSDLite (TensorFlow's ssdlite_mobilenet_v2_coco, 91 classes) as PyTorch's exporter
 * writes it: BatchNormalization folded into biases, ReLU6 as Clip. The backbone's stride-16 expansion
 * (576 channels) and its last 1x1 map (1280 channels) feed the heads, then four extra stages halve the
 * map (1x1 conv to half the depth, depthwise 3x3 stride 2, 1x1 conv); each of the six maps has a
 * depthwise-separable box head and class head (3 anchors on the first map, 6 on the others), reshaped
 * to [1, boxes, 4] and [1, boxes, 91] and concatenated.
 */
final class SsdLite {
    /** MobileNetV2 1.0: expansion t, channels c, repeats n, first stride s. */
    private static final int[][] STAGES = {
        {1, 16, 1, 1}, {6, 24, 2, 2}, {6, 32, 3, 2}, {6, 64, 4, 2}, {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
    private static final int[] EXTRA_DEPTHS = {512, 256, 256, 128};
    private static final int CLASSES = 91;

    private final GraphBuilder g;
    private String stride16Expansion;

    private SsdLite(GraphBuilder g) {
        this.g = g;
    }

    /** The model at {@code size} x {@code size} (300 in Kneron's table), opset 13. */
    static Model build(int size) {
        SsdLite b = new SsdLite(new GraphBuilder("ssdlite_mobilenet_v2", 13, 401));
        String x = b.g.input("input", 1, 3, size, size);
        List<String> maps = new ArrayList<>();
        String y = b.backbone(b.convRelu6(x, 32, 3, 2, 1));
        maps.add(b.stride16Expansion);
        y = b.convRelu6(y, 1280, 1, 1, 1);
        maps.add(y);
        for (int depth : EXTRA_DEPTHS) {
            y = b.convRelu6(y, depth / 2, 1, 1, 1);
            y = b.convRelu6(y, depth / 2, 3, 2, depth / 2);
            y = b.convRelu6(y, depth, 1, 1, 1);
            maps.add(y);
        }
        List<String> boxes = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            int anchors = i == 0 ? 3 : 6;
            boxes.add(b.head(maps.get(i), anchors, 4));
            classes.add(b.head(maps.get(i), anchors, CLASSES));
        }
        return b.g.output(b.g.concat(1, boxes.toArray(String[]::new)))
                .output(b.g.concat(1, classes.toArray(String[]::new))).build();
    }

    private String backbone(String stem) {
        String y = stem;
        int block = 0;
        for (int[] st : STAGES) {
            for (int i = 0; i < st[2]; i++) {
                y = invertedResidual(y, st[0], st[1], i == 0 ? st[3] : 1, ++block);
            }
        }
        return y;
    }

    /** Expand 1x1, depthwise 3x3, project 1x1 (linear), residual Add when shapes allow. */
    private String invertedResidual(String x, int expansion, int out, int stride, int block) {
        int in = g.channels(x);
        String y = expansion == 1 ? x : convRelu6(x, in * expansion, 1, 1, 1);
        if (block == 14) {
            // TensorFlow's layer_15/expansion_output: the first block at stride 32 starts from it.
            stride16Expansion = y;
        }
        int hidden = g.channels(y);
        y = convRelu6(y, hidden, 3, stride, hidden);
        y = g.conv(y, out, 1, 1, 1, true);
        return stride == 1 && in == out ? g.add(x, y) : y;
    }

    /** A depthwise 3x3 and a 1x1 to anchors x values, as [1, boxes, values]. */
    private String head(String x, int anchors, int values) {
        String y = convRelu6(x, g.channels(x), 3, 1, g.channels(x));
        y = g.conv(y, anchors * values, 1, 1, 1, true);
        return g.reshape(g.transpose(y, 0, 2, 3, 1), 1, -1, values);
    }

    private String convRelu6(String x, int out, int k, int stride, int groups) {
        return g.relu6(g.conv(x, out, k, stride, groups, true));
    }
}
