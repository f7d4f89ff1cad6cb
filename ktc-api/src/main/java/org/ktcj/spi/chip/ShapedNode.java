package org.ktcj.spi.chip;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * A node with what is known around it, which is all an operator-support rule may look at: the node,
 * the model's default-domain opset, the type and shape of the values it reads and writes, and the
 * values of the inputs that are constants (initializers and what folds from them).
 *
 * @param node      the node
 * @param opset     the model's opset for the default ONNX domain
 * @param values    what is known of values by name; only the node's inputs and outputs are kept
 * @param constants constant values by name; only the node's inputs are kept
 */
public record ShapedNode(Node node, int opset, Map<String, ValueInfo> values, Map<String, Tensor> constants) {
    public ShapedNode {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(constants, "constants");
        Map<String, ValueInfo> keptValues = new HashMap<>();
        Map<String, Tensor> keptConstants = new HashMap<>();
        for (String in : node.inputs()) {
            keep(in, values, keptValues);
            keep(in, constants, keptConstants);
        }
        for (String out : node.outputs()) {
            keep(out, values, keptValues);
        }
        values = Map.copyOf(keptValues);
        constants = Map.copyOf(keptConstants);
    }

    private static <T> void keep(String name, Map<String, T> from, Map<String, T> to) {
        T v = name.isEmpty() ? null : from.get(name);
        if (v != null) {
            to.put(name, v);
        }
    }

    /** Whether input {@code i} is given (ONNX leaves optional inputs empty). */
    public boolean hasInput(int i) {
        return node.hasInput(i);
    }

    /** The shape of input {@code i}, or null when the input is absent or its shape is not known. */
    public Shape inputShape(int i) {
        return shape(node.input(i));
    }

    /** The shape of output {@code i}, or null when there is no such output or its shape is not known. */
    public Shape outputShape(int i) {
        return i < node.outputs().size() ? shape(node.output(i)) : null;
    }

    /** The value of input {@code i}, or null when the input is absent or not a constant. */
    public Tensor constant(int i) {
        return constants.get(node.input(i));
    }

    private Shape shape(String name) {
        ValueInfo v = values.get(name);
        return v == null ? null : v.shape();
    }
}
