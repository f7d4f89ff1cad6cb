package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ktcj.KtcException;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;
import org.ktcj.runtime.exec.Parallel;

/**
 * Runs one node of any operator the way a session does, for the operator tests. The kernel is planned
 * three ways: knowing the input shapes only, knowing also the values of every input but the first
 * (constant parameters), and knowing nothing but the types. Each plan runs on inputs whose carrier
 * arrays are longer than their size (as pooled ones are), on one thread and on four; all runs must agree
 * bit for bit and match what {@link Operator#infer} says.
 */
final class OpFixture {
    static final OperatorRegistry REGISTRY = OperatorRegistry.standard();
    private static final Parallel THREADS = Parallel.of(4);

    private OpFixture() {
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
        int n = inputs.length;
        ValueInfo[] shaped = new ValueInfo[n];
        ValueInfo[] typed = new ValueInfo[n];
        Tensor[] padded = new Tensor[n];
        Tensor[] constants = new Tensor[n];
        for (int i = 0; i < n; i++) {
            if (inputs[i] != null) {
                shaped[i] = ValueInfo.of(node.input(i), inputs[i].type(), inputs[i].shape());
                typed[i] = new ValueInfo(node.input(i), inputs[i].type(), null);
                padded[i] = padded(inputs[i]);
                constants[i] = i > 0 ? inputs[i] : null;
            }
        }
        List<ValueInfo> inferred = op.infer(NodeContext.ofTensors(node, opset, inputs));
        Kernel[] plans = {
            op.kernel(new NodeContext(node, opset, shaped, new Tensor[n])),
            op.kernel(new NodeContext(node, opset, shaped, constants)),
            op.kernel(new NodeContext(node, opset, typed, new Tensor[n])),
        };
        Tensor[] first = plans[0].run(padded, new HeapWorkspace());
        assertEquals(node.outputs().size(), first.length, "outputs");
        for (int i = 0; i < first.length; i++) {
            ValueInfo v = inferred.get(i);
            assertEquals(v.type(), first[i].type(), "output " + i + " type vs infer");
            assertArrayEquals(v.shape().toIntArray(), first[i].shape(), "output " + i + " shape vs infer");
        }
        for (Kernel k : plans) {
            for (Tensor[] other : List.of(k.run(padded, new HeapWorkspace()), k.run(padded, new HeapWorkspace(THREADS)))) {
                for (int i = 0; i < first.length; i++) {
                    assertTrue(first[i].contentEquals(other[i]), "output " + i + " differs between plans or threads");
                }
            }
        }
        return first;
    }

    /** The single output of the node. */
    static Tensor run1(int opset, Node.Builder b, Tensor... inputs) {
        return run(opset, b, inputs)[0];
    }

    /** The single output of one plain run, without the cross-checks: for reference values. */
    static Tensor once(int opset, Node.Builder b, Tensor... inputs) {
        Node node = build(b, inputs);
        return operator(opset, node).kernel(NodeContext.ofTensors(node, opset, inputs)).run(inputs, new HeapWorkspace())[0];
    }

    /** The message of the error the node gives, from shape inference or from running it. */
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
        if (carrier instanceof float[] f) {
            Arrays.fill(f, t.size(), f.length, Float.NaN);
        } else if (carrier instanceof long[] l) {
            Arrays.fill(l, t.size(), l.length, Long.MIN_VALUE);
        }
        return Tensor.wrap(t.type(), t.shape(), carrier);
    }

    static int[] shape(int... dims) {
        return dims;
    }

    /** Gaussian float32 values of the shape, from a fixed seed. */
    static Tensor random(long seed, int... shape) {
        Random r = new Random(seed);
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Tensor.of(v, shape);
    }

    /** 0, 1, 2, ... as float32 of the shape (numpy: np.arange(n, dtype=np.float32).reshape(shape)). */
    static Tensor arange(int... shape) {
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return Tensor.of(v, shape);
    }
}
