package org.ktcj.cli;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.ops.ShapeInference;

/**
 * What the float simulator's heap should stay within for a model: its weights plus twice the largest
 * pair of activations a node has at once (its largest input that is not a constant and its largest
 * output).
 *
 * @param weightBytes the initializers
 * @param pairBytes   the largest such pair over the nodes, for the given inputs
 */
record HeapFigures(long weightBytes, long pairBytes) {
    static HeapFigures of(Model model, Map<String, Tensor> feeds) {
        long weights = 0;
        for (Tensor t : model.graph().initializers().values()) {
            weights += bytes(t.size(), t.type().byteSize());
        }
        Map<String, ValueInfo> inputs = new HashMap<>();
        feeds.forEach((name, t) -> inputs.put(name, ValueInfo.of(name, t.type(), t.shape())));
        ShapeInference.Result shapes = ShapeInference.infer(model.graph(), model.opset(),
                SessionOptions.standardRegistry(), false, inputs);
        long pair = 0;
        for (Node n : model.graph().nodes()) {
            long in = 0;
            for (String name : n.inputs()) {
                if (!name.isEmpty() && !shapes.constants().containsKey(name)) {
                    in = Math.max(in, bytes(shapes.info(name)));
                }
            }
            long out = 0;
            for (String name : n.outputs()) {
                out = Math.max(out, name.isEmpty() ? 0 : bytes(shapes.info(name)));
            }
            pair = Math.max(pair, in + out);
        }
        return new HeapFigures(weights, pair);
    }

    /** The most the heap should hold for the model: the weights and twice the largest pair. */
    long goalBytes() {
        return weightBytes + 2 * pairBytes;
    }

    /** Java heap in use after a full collection. */
    static long usedHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long bytes(ValueInfo v) {
        Shape s = v == null ? null : v.shape();
        if (s == null || v.type() == null || !s.isStatic()) {
            return 0;
        }
        return bytes(Tensor.elementCount(s.toIntArray()), v.type().byteSize());
    }

    private static long bytes(long elements, int elementBytes) {
        return elements * Math.max(1, elementBytes);
    }
}
