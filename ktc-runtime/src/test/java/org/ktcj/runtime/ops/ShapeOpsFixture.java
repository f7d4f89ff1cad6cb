package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;
import org.ktcj.runtime.exec.Parallel;

/**
 * Runs one node of a data-movement operator the way a session does, for the tests of {@link ShapeOps},
 * {@link ResizeOps} and the families {@link ShapeOps} registers: the kernel is planned without input
 * values, run on inputs whose carrier arrays are longer than their size (as pooled ones are), once on
 * one thread and once on four; both runs must agree and match what {@link Operator#infer} says.
 */
final class ShapeOpsFixture {
    static final OperatorRegistry REGISTRY = new OperatorRegistry();
    private static final Parallel THREADS = Parallel.of(4);

    static {
        ShapeOps.register(REGISTRY);
        ResizeOps.register(REGISTRY);
    }

    private ShapeOpsFixture() {
    }

    /** A node of the operator with one output, "y"; {@link #run} names its inputs. */
    static Node.Builder op(String type) {
        return Node.builder(type).name("n").outputs("y");
    }

    /** The node with inputs named x0, x1, ... ("" where the tensor is null). */
    static Node build(Node.Builder b, Tensor... inputs) {
        String[] names = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            names[i] = inputs[i] == null ? "" : "x" + i;
        }
        return b.inputs(names).build();
    }

    static Operator operator(int opset, Node node) {
        Operator op = REGISTRY.find(node, opset);
        assertNotNull(op, node.opType() + " at opset " + opset);
        return op;
    }

    /** The outputs of the node at {@code opset}, checked as the class comment says. */
    static Tensor[] run(int opset, Node.Builder b, Tensor... inputs) {
        Node node = build(b, inputs);
        Operator op = operator(opset, node);
        ValueInfo[] infos = new ValueInfo[inputs.length];
        Tensor[] padded = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                infos[i] = ValueInfo.of(node.input(i), inputs[i].type(), inputs[i].shape());
                padded[i] = padded(inputs[i]);
            }
        }
        Kernel kernel = op.kernel(new NodeContext(node, opset, infos, new Tensor[inputs.length]));
        List<ValueInfo> inferred = op.infer(NodeContext.ofTensors(node, opset, inputs));
        Tensor[] serial = kernel.run(padded, new HeapWorkspace());
        Tensor[] parallel = kernel.run(padded, new HeapWorkspace(THREADS));
        assertEquals(node.outputs().size(), serial.length, "outputs");
        for (int i = 0; i < serial.length; i++) {
            ValueInfo v = inferred.get(i);
            assertEquals(v.type(), serial[i].type(), "output " + i + " type vs infer");
            assertArrayEquals(v.shape().toIntArray(), serial[i].shape(), "output " + i + " shape vs infer");
            assertTrue(serial[i].contentEquals(parallel[i]), "output " + i + ": one thread and four differ");
        }
        return serial;
    }

    /** The single output of the node. */
    static Tensor run1(int opset, Node.Builder b, Tensor... inputs) {
        return run(opset, b, inputs)[0];
    }

    /** The message of the error running the node gives. */
    static String failure(int opset, Node.Builder b, Tensor... inputs) {
        return assertThrows(KtcException.class, () -> run(opset, b, inputs)).getMessage();
    }

    /** What infer says with the given input descriptions and (possibly null) values. */
    static List<ValueInfo> infer(int opset, Node.Builder b, ValueInfo[] infos, Tensor... values) {
        String[] names = new String[infos.length];
        for (int i = 0; i < infos.length; i++) {
            names[i] = infos[i] == null ? "" : infos[i].name();
        }
        Node node = b.inputs(names).build();
        Tensor[] vals = Arrays.copyOf(values, infos.length);
        return operator(opset, node).infer(new NodeContext(node, opset, infos, vals));
    }

    /** A copy whose carrier has three more elements than the tensor (junk that must not leak out). */
    static Tensor padded(Tensor t) {
        Object carrier = Tensor.newCarrier(t.type(), t.size() + 3);
        System.arraycopy(t.carrier(), 0, carrier, 0, t.size());
        Object junk = Tensor.newCarrier(t.type(), 3);
        if (junk instanceof float[] f) {
            Arrays.fill(f, Float.NaN);
        } else if (junk instanceof long[] l) {
            Arrays.fill(l, Long.MIN_VALUE);
        }
        System.arraycopy(junk, 0, carrier, t.size(), 3);
        return Tensor.wrap(t.type(), t.shape(), carrier);
    }

    static Tensor floats(int[] shape, float... values) {
        return Tensor.of(values, shape);
    }

    /** 0, 1, 2, ... as float32 of the shape (numpy: np.arange(n, dtype=np.float32).reshape(shape)). */
    static Tensor arange(int... shape) {
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.of(v, shape);
    }

    /** 0, 1, 2, ... as int64 of the shape. */
    static Tensor arangeLong(int... shape) {
        long[] v = new long[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.ofLongs(v, shape);
    }

    static Tensor longs(long... values) {
        return Tensor.ofLongs(values, values.length);
    }

    static void assertFloats(Tensor t, int[] shape, float... expected) {
        assertEquals(DataType.FLOAT, t.type());
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, Arrays.copyOf(t.floats(), t.size()), 1e-5f);
    }

    static void assertLongs(Tensor t, int[] shape, long... expected) {
        assertEquals(DataType.INT64, t.type());
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, Arrays.copyOf(t.longs(), t.size()));
    }

    static int[] shape(int... dims) {
        return dims;
    }
}
