package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.ShapeOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class ConstantOpsTest {
    @Test
    void constantFromEachAttributeKind() {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        assertFloats(run1(13, op("Constant").attr("value", t)), shape(2, 2), 1, 2, 3, 4);
        assertFloats(run1(13, op("Constant").attr("value_float", 2.5f)), shape(), 2.5f);
        assertFloats(run1(13, op("Constant").attr("value_floats", 1f, 2f)), shape(2), 1, 2);
        assertLongs(run1(13, op("Constant").attr("value_int", 7L)), shape(), 7);
        assertLongs(run1(13, op("Constant").attr("value_ints", 7L, -1L)), shape(2), 7, -1);
        Tensor s = run1(13, op("Constant").attr(Attribute.ofStrings("value_strings", List.of("a", "b"))));
        assertEquals(DataType.STRING, s.type());
        assertArrayEquals(new String[] {"a", "b"}, s.strings());
        assertTrue(failure(13, op("Constant")).contains("no value attribute"));
    }

    @Test
    void constantOfShapeFillsWithTheValue() {
        assertFloats(run1(9, op("ConstantOfShape"), longs(2, 2)), shape(2, 2), 0, 0, 0, 0);
        assertLongs(run1(9, op("ConstantOfShape").attr("value", Tensor.ofLongs(new long[] {7}, 1)), longs(3)),
                shape(3), 7, 7, 7);
        assertFloats(run1(9, op("ConstantOfShape").attr("value", Tensor.of(new float[] {1}, 1)), longs()), shape(), 1);
        // an unknown shape of known length gives the rank
        List<ValueInfo> out = infer(9, op("ConstantOfShape"), new ValueInfo[] {ValueInfo.of("x0", DataType.INT64, 3)});
        assertEquals(Shape.of(List.of(Dim.unknown(), Dim.unknown(), Dim.unknown())), out.get(0).shape());
        assertTrue(failure(9, op("ConstantOfShape"), longs(2, -1)).contains("negative"));
    }

    @Test
    void rangeInEachType() {
        // np.arange(1, 2, 0.3, dtype=np.float32)
        assertFloats(run1(11, op("Range"), Tensor.scalar(1f), Tensor.scalar(2f), Tensor.scalar(0.3f)), shape(4),
                1f, 1.3f, 1.6f, 1.9f);
        // np.arange(10, 4, -3)
        assertLongs(run1(11, op("Range"), Tensor.scalarLong(10), Tensor.scalarLong(4), Tensor.scalarLong(-3)), shape(2), 10, 7);
        Tensor ints = run1(11, op("Range"), Tensor.ofInts(new int[] {0}), Tensor.ofInts(new int[] {5}), Tensor.ofInts(new int[] {2}));
        assertEquals(DataType.INT32, ints.type());
        assertArrayEquals(new int[] {0, 2, 4}, Arrays.copyOf(ints.ints(), 3));
        assertArrayEquals(shape(0), run1(11, op("Range"), Tensor.scalarLong(5), Tensor.scalarLong(4), Tensor.scalarLong(1)).shape());
        assertTrue(failure(11, op("Range"), Tensor.scalarLong(0), Tensor.scalarLong(4), Tensor.scalarLong(0)).contains("delta is 0"));
    }

    @Test
    void rangeOfUnknownBoundsHasUnknownLength() {
        ValueInfo s = ValueInfo.of("x0", DataType.INT64);
        List<ValueInfo> out = infer(11, op("Range"), new ValueInfo[] {s, s.withName("x1"), s.withName("x2")});
        assertEquals(Shape.of(List.of(Dim.unknown())), out.get(0).shape());
    }
}
