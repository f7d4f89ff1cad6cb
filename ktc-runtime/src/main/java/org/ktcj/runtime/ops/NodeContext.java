package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * A node as an {@link Operator} sees it: the node, the opset in force, and what is known of each input
 * (type and shape, and the value when it is a constant or, at run time, always).
 */
public final class NodeContext {
    private final Node node;
    private final int opset;
    private final ValueInfo[] inputs;
    private final Tensor[] values;

    /**
     * @param inputs what is known of each node input (null entries for absent inputs)
     * @param values the value of each input where known, else null entries
     */
    public NodeContext(Node node, int opset, ValueInfo[] inputs, Tensor[] values) {
        this.node = node;
        this.opset = opset;
        this.inputs = inputs;
        this.values = values;
    }

    /** A context where every input is known by value: for kernels that infer shapes at run time. */
    public static NodeContext ofTensors(Node node, int opset, Tensor[] inputs) {
        ValueInfo[] infos = new ValueInfo[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                infos[i] = ValueInfo.of(node.input(i), inputs[i].type(), inputs[i].shape());
            }
        }
        return new NodeContext(node, opset, infos, inputs);
    }

    public Node node() {
        return node;
    }

    /** The default-domain opset version of the model. */
    public int opset() {
        return opset;
    }

    /** Number of input slots (including absent optional ones). */
    public int inputCount() {
        return inputs.length;
    }

    public boolean hasInput(int i) {
        return i < inputs.length && node.hasInput(i);
    }

    /** What is known of input {@code i}; null when absent. */
    public ValueInfo input(int i) {
        return i < inputs.length ? inputs[i] : null;
    }

    public DataType inputType(int i) {
        ValueInfo v = input(i);
        return v == null ? null : v.type();
    }

    /** Input {@code i}'s shape, or null when its rank is not known. */
    public Shape inputShape(int i) {
        ValueInfo v = input(i);
        return v == null ? null : v.shape();
    }

    /** Input {@code i}'s sizes when all are known, else null. */
    public int[] staticShape(int i) {
        Shape s = inputShape(i);
        return s != null && s.isStatic() ? s.toIntArray() : null;
    }

    /** The value of input {@code i} when known (a constant, or any input at run time); else null. */
    public Tensor value(int i) {
        return i < values.length ? values[i] : null;
    }

    /** A value input's elements as longs, or null when unknown (for shape-like inputs). */
    public long[] longValues(int i) {
        Tensor t = value(i);
        return t == null ? null : t.toLongArray();
    }

    /** An output description named after node output {@code i}. */
    public ValueInfo output(int i, DataType type, Shape shape) {
        return new ValueInfo(node.output(i), type, shape);
    }

    public ValueInfo output(int i, DataType type, int[] shape) {
        return output(i, type, shape == null ? null : Shape.of(shape));
    }

    /** One output with the given type and shape, as a list for {@link Operator#infer}. */
    public List<ValueInfo> single(DataType type, Shape shape) {
        List<ValueInfo> out = new ArrayList<>(1);
        out.add(output(0, type, shape));
        return out;
    }

    /** An error that names this node: "Conv node 'conv1': kernel_shape has 3 values for 2 spatial axes". */
    public KtcException fail(String message) {
        return new KtcException(node.describe() + ": " + message);
    }

    /** Input {@code i}'s type, or an error when the input is required and missing or of no known type. */
    public DataType requireType(int i) {
        if (!hasInput(i)) {
            throw fail("input " + i + " is missing");
        }
        return inputType(i);
    }

    /** Checks that input {@code i}, if its type is known, is one of {@code allowed}. */
    public void checkType(int i, DataType... allowed) {
        DataType t = inputType(i);
        if (t == null) {
            return;
        }
        for (DataType a : allowed) {
            if (a == t) {
                return;
            }
        }
        throw fail("input '" + node.input(i) + "' is " + t.displayName() + ", expected one of "
                + Arrays.stream(allowed).map(DataType::displayName).toList());
    }
}
