package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/** Values and assertions for the tests of the data-movement and Resize operators. */
final class ShapeOpsFixture {
    private ShapeOpsFixture() {
    }

    static Tensor floats(int[] shape, float... values) {
        return Tensor.of(values, shape);
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
}
