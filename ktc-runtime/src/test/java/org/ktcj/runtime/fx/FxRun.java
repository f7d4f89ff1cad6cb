package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.quant.FixedPointModel;

/**
 * Runs one node through a {@link Session} with the fixed-point registry, on one thread and on four, with
 * the inputs after the first as initializers (constants) and as graph inputs: all four runs must agree
 * bit for bit. Also makes random integer tensors.
 */
final class FxRun {
    private FxRun() {
    }

    /** A node of domain ktc.fx named "n" with output "y". */
    static Node.Builder fx(String opType) {
        return Node.builder(opType).domain(FixedPointModel.FX_DOMAIN).name("n").outputs("y");
    }

    /** The output of the node on the inputs (named x0, x1, ...; null for an absent optional one). */
    static Tensor run(Node.Builder node, Tensor... inputs) {
        Tensor first = null;
        for (boolean constants : new boolean[] {true, false}) {
            Model model = model(node, constants, inputs);
            Map<String, Tensor> feed = new LinkedHashMap<>();
            for (ValueInfo in : model.graph().inputs()) {
                feed.put(in.name(), inputs[Integer.parseInt(in.name().substring(1))]);
            }
            for (int threads : new int[] {1, 4}) {
                try (Session s = Session.create(model, FixedPointOperators.sessionOptions(threads))) {
                    Tensor y = s.run(feed).get("y");
                    if (first == null) {
                        first = y;
                    } else {
                        assertTrue(first.contentEquals(y), "runs differ (constants " + constants + ", threads " + threads + ")");
                    }
                }
            }
        }
        return first;
    }

    private static Model model(Node.Builder node, boolean constants, Tensor... inputs) {
        Graph.Builder g = Graph.builder().name("fx");
        String[] names = new String[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            names[i] = inputs[i] == null ? "" : "x" + i;
            if (inputs[i] == null) {
                continue;
            }
            if (i > 0 && constants) {
                g.initializer(names[i], inputs[i]);
            } else {
                g.input(ValueInfo.of(names[i], inputs[i].type(), inputs[i].shape()));
            }
        }
        g.node(node.inputs(names).build());
        g.output("y");
        return Model.builder(g.build()).opset(13).opset(FixedPointModel.FX_DOMAIN, 1).build();
    }

    /** Uniform integers in [lo, hi] of the type (INT8, INT16, INT64). */
    static Tensor ints(Random r, DataType type, long lo, long hi, int... shape) {
        Tensor t = Tensor.zeros(type, shape);
        Object c = t.carrier();
        for (int i = 0; i < t.size(); i++) {
            long v = lo + (long) (r.nextDouble() * (hi - lo + 1));
            v = Math.min(v, hi);
            switch (type) {
                case INT8 -> ((byte[]) c)[i] = (byte) v;
                case INT16 -> ((short[]) c)[i] = (short) v;
                case INT64 -> ((long[]) c)[i] = v;
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return t;
    }

    /** Full-range integers of an INT8 or INT16 type, the extremes drawn often. */
    static Tensor full(Random r, DataType type, int... shape) {
        long max = type == DataType.INT8 ? 127 : 32767;
        Tensor t = ints(r, type, -max - 1, max, shape);
        Object c = t.carrier();
        for (int i = 0; i < t.size(); i += 7) {
            long v = r.nextBoolean() ? max : -max - 1;
            if (c instanceof byte[] b) {
                b[i] = (byte) v;
            } else {
                ((short[]) c)[i] = (short) v;
            }
        }
        return t;
    }
}
