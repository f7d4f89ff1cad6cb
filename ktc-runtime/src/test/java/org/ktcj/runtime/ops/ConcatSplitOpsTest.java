package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.ShapeOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class ConcatSplitOpsTest {
    @Test
    void concatAlongAnAxis() {
        // np.concatenate([np.arange(2).reshape(2, 1), np.arange(6).reshape(2, 3)], 1)
        assertFloats(run1(13, op("Concat").attr("axis", 1L), arange(2, 1), arange(2, 3)), shape(2, 4),
                0, 0, 1, 2, 1, 3, 4, 5);
        // Opset 1 concatenates on axis 1 by default; from opset 4 the axis is required.
        assertArrayEquals(shape(2, 4), run1(1, op("Concat"), arange(2, 1), arange(2, 3)).shape());
        assertTrue(failure(4, op("Concat"), arange(2, 1), arange(2, 3)).contains("'axis' is missing"));
    }

    @Test
    void concatOfShapeVectors() {
        // The exporters' Reshape target: Concat(Unsqueeze(Gather(Shape(x), 0)), [-1])
        assertLongs(run1(13, op("Concat").attr("axis", 0L), longs(1, 3), longs(), longs(-1)), shape(3), 1, 3, -1);
    }

    @Test
    void concatOfLargeInputsMatchesSplitRoundTrip() {
        Tensor a = arange(3, 70, 50);
        Tensor b = arange(3, 70, 129);
        Tensor y = run1(13, op("Concat").attr("axis", -1L), a, b);
        assertArrayEquals(shape(3, 70, 179), y.shape());
        assertEquals(b.floats()[69 * 129 + 5], y.floats()[69 * 179 + 50 + 5]);
        Tensor[] parts = run(13, op("Split").attr("axis", 2L).attr("split", 50L, 129L).outputs("p", "q"), y);
        assertFloats(parts[0], a.shape(), a.floats());
        assertFloats(parts[1], b.shape(), b.floats());
    }

    @Test
    void concatRejectsMismatches() {
        assertTrue(failure(13, op("Concat").attr("axis", 0L), arange(2, 3), arange(2, 4)).contains("differ outside axis 0"));
        assertTrue(failure(13, op("Concat").attr("axis", 0L), arange(2), longs(1)).contains("one type"));
        assertTrue(failure(13, op("Concat").attr("axis", 2L), arange(2, 3), arange(2, 3)).contains("out of range"));
    }

    @Test
    void concatInfersSymbolicDims() {
        ValueInfo a = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(3))));
        ValueInfo b = new ValueInfo("x1", DataType.FLOAT, Shape.of(List.of(Dim.of(2), Dim.of(5))));
        assertEquals(Shape.of(2, 8), infer(13, op("Concat").attr("axis", 1L), new ValueInfo[] {a, b}).get(0).shape());
        assertEquals(Shape.of(List.of(Dim.unknown(), Dim.of(3))),
                infer(13, op("Concat").attr("axis", 0L), new ValueInfo[] {a, a}).get(0).shape());
    }

    @Test
    void splitBySizesOrEqually() {
        Tensor x = arange(2, 6);
        // opset 2 attribute: np.split(x, [1, 3], axis=1) -> widths 1, 2, 3
        Tensor[] y = run(2, op("Split").attr("axis", 1L).attr("split", 1L, 2L, 3L).outputs("a", "b", "c"), x);
        assertFloats(y[0], shape(2, 1), 0, 6);
        assertFloats(y[1], shape(2, 2), 1, 2, 7, 8);
        assertFloats(y[2], shape(2, 3), 3, 4, 5, 9, 10, 11);
        // opset 13 input, negative axis
        y = run(13, op("Split").attr("axis", -1L).outputs("a", "b"), x, longs(4, 2));
        assertFloats(y[1], shape(2, 2), 4, 5, 10, 11);
        // no sizes: equal parts
        y = run(13, op("Split").outputs("a", "b"), x);
        assertFloats(y[1], shape(1, 6), 6, 7, 8, 9, 10, 11);
        assertTrue(failure(13, op("Split").attr("axis", 1L).outputs("a", "b", "c", "d"), x).contains("4 equal parts"));
        assertTrue(failure(13, op("Split").attr("axis", 1L).outputs("a", "b"), x, longs(1, 2)).contains("add up"));
    }

    @Test
    void splitOfInt64AndEmptyParts() {
        Tensor[] y = run(13, op("Split").outputs("a", "b", "c"), longs(1, 3, 224), longs(1, 0, 2));
        assertLongs(y[0], shape(1), 1);
        assertLongs(y[1], shape(0));
        assertLongs(y[2], shape(2), 3, 224);
    }

    @Test
    void splitWithUnknownSizesHasNoShapesYet() {
        ValueInfo x = ValueInfo.of("x0", DataType.FLOAT, 2, 6);
        ValueInfo sizes = ValueInfo.of("x1", DataType.INT64, 2);
        List<ValueInfo> out = infer(13, op("Split").outputs("a", "b"), new ValueInfo[] {x, sizes});
        assertEquals(2, out.size());
        assertNull(out.get(0).shape());
        assertEquals(Arrays.asList(DataType.FLOAT, DataType.FLOAT), out.stream().map(ValueInfo::type).toList());
    }
}
