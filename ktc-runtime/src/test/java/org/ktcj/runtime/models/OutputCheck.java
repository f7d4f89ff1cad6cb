package org.ktcj.runtime.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/**
 * Compares a float output with a reference: the largest absolute difference, relative to the
 * reference's largest magnitude, must be at most {@value #RELATIVE_TOLERANCE}. A NaN or infinity on
 * one side only is an infinite error.
 */
final class OutputCheck {
    static final double RELATIVE_TOLERANCE = 1e-4;

    private OutputCheck() {
    }

    /**
     * Asserts that {@code actual} matches the reference, printing the error either way.
     *
     * @return the relative error
     */
    static double assertClose(String label, int[] expectedShape, float[] expected, Tensor actual) {
        assertEquals(DataType.FLOAT, actual.type(), label + ": element type");
        assertArrayEquals(expectedShape, actual.shape(), () -> label + ": shape " + Arrays.toString(actual.shape())
                + ", expected " + Arrays.toString(expectedShape));
        float[] got = actual.floats();
        double maxRef = 0;
        double maxErr = 0;
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            maxRef = Math.max(maxRef, Math.abs(expected[i]));
            double err = difference(expected[i], got[i]);
            if (err > maxErr || Double.isNaN(err)) {
                maxErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                worst = i;
            }
        }
        double rel = maxErr == 0 ? 0 : maxErr / Math.max(maxRef, Float.MIN_NORMAL);
        String report = String.format(Locale.ROOT,
                "%s: max relative error %.3g (max abs error %.3g, reference max |x| %.4g; worst at flat index %d:"
                        + " expected %s, got %s)", label, rel, maxErr, maxRef, worst, expected[worst], got[worst]);
        System.out.println(report);
        assertTrue(rel <= RELATIVE_TOLERANCE, report);
        return rel;
    }

    private static double difference(float expected, float actual) {
        if (Float.isFinite(expected) && Float.isFinite(actual)) {
            return Math.abs((double) expected - actual);
        }
        return Float.compare(expected, actual) == 0 ? 0 : Double.POSITIVE_INFINITY;
    }
}
