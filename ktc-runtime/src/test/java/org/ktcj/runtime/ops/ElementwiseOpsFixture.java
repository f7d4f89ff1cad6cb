package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/** Values and assertions for the tests of the elementwise, normalization and reduction operators. */
final class ElementwiseOpsFixture {
    private ElementwiseOpsFixture() {
    }

    static Tensor floats(int[] shape, float... values) {
        return Tensor.of(values, shape);
    }

    static Tensor longs(int[] shape, long... values) {
        return Tensor.ofLongs(values, shape);
    }

    static Tensor scalar(float v) {
        return Tensor.of(new float[] {v});
    }

    static float[] values(Tensor t) {
        return t.toFloatArray();
    }

    /** Element-wise within {@code rtol} relative (and 1e-7 absolute), with the expected shape and float32. */
    static void assertFloats(Tensor t, int[] shape, double rtol, float... expected) {
        assertEquals(DataType.FLOAT, t.type(), "type");
        assertArrayEquals(shape, t.shape(), "shape");
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i];
            float a = t.floats()[i];
            boolean ok = Float.isNaN(e) ? Float.isNaN(a) : e == a || Math.abs(a - e) <= 1e-7 + rtol * Math.abs(e);
            assertTrue(ok, "element " + i + " is " + a + ", expected " + e);
        }
    }

    static void assertLongs(Tensor t, DataType type, int[] shape, long... expected) {
        assertEquals(type, t.type(), "type");
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, t.toLongArray());
    }

    static void assertBools(Tensor t, int[] shape, boolean... expected) {
        assertEquals(DataType.BOOL, t.type(), "type");
        assertArrayEquals(shape, t.shape(), "shape");
        assertArrayEquals(expected, Arrays.copyOf(t.bools(), t.size()));
    }
}
