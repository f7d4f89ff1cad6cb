package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

/**
 * Runs two models on the same inputs in the float simulator and compares their outputs: floating-point
 * ones within {@value #TOLERANCE} of the reference's largest magnitude, others exactly.
 */
final class SameOutputs {
    static final double TOLERANCE = 1e-5;

    private SameOutputs() {
    }

    /** The simulator's outputs. */
    static Map<String, Tensor> run(Model model, Map<String, Tensor> inputs) {
        try (Session s = Session.create(model, SessionOptions.defaults().withThreads(2))) {
            return s.run(inputs);
        }
    }

    /**
     * Asserts that {@code after} computes what {@code before} does, output by output (same names).
     *
     * @return the largest relative difference over all outputs
     */
    static double assertSame(String label, Model before, Model after, Map<String, Tensor> inputs) {
        return assertSame(label, run(before, inputs), after, inputs);
    }

    /** As {@link #assertSame(String, Model, Model, Map)}, against outputs computed before. */
    static double assertSame(String label, Map<String, Tensor> expected, Model after, Map<String, Tensor> inputs) {
        Map<String, Tensor> actual = run(after, inputs);
        assertEquals(expected.keySet(), actual.keySet(), label + ": output names");
        double worst = 0;
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            worst = Math.max(worst, compare(label + " output '" + e.getKey() + "'", e.getValue(),
                    actual.get(e.getKey())));
        }
        return worst;
    }

    /** Asserts the two tensors agree; returns their relative difference. */
    static double compare(String label, Tensor want, Tensor got) {
        assertEquals(want.type(), got.type(), label + ": type");
        assertArrayEquals(want.shape(), got.shape(), label + ": shape");
        if (!want.type().isFloatingPoint()) {
            assertTrue(want.contentEquals(got), label + ": values differ");
            return 0;
        }
        double maxRef = 0;
        double maxErr = 0;
        for (int i = 0; i < want.size(); i++) {
            double w = want.getDouble(i);
            double g = got.getDouble(i);
            if (Double.isNaN(w) || Double.isNaN(g) || Double.isInfinite(w) || Double.isInfinite(g)) {
                assertTrue(Double.compare(w, g) == 0, label + ": element " + i + " is " + g + ", expected " + w);
                continue;
            }
            maxRef = Math.max(maxRef, Math.abs(w));
            maxErr = Math.max(maxErr, Math.abs(w - g));
        }
        double rel = maxErr == 0 ? 0 : maxErr / Math.max(maxRef, Float.MIN_NORMAL);
        assertTrue(rel <= TOLERANCE,
                label + ": relative difference " + rel + " (max abs " + maxErr + ", max |x| " + maxRef + ")");
        return rel;
    }

    /** Standard normal values for every float input (other types: small non-negative integers), from a seed. */
    static Map<String, Tensor> randomInputs(Model model, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ValueInfo in : model.graph().inputs()) {
            int[] shape = in.shape().toIntArray();
            Tensor t = Tensor.zeros(DataType.FLOAT, shape);
            float[] v = t.floats();
            for (int i = 0; i < v.length; i++) {
                v[i] = in.type() == DataType.FLOAT ? (float) r.nextGaussian() : r.nextInt(3);
            }
            inputs.put(in.name(), t.castTo(in.type()));
        }
        return inputs;
    }
}
