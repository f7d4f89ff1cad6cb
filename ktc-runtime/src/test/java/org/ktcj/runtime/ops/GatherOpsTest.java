package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.ShapeOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class GatherOpsTest {
    private static final Tensor X = arange(3, 4);

    @Test
    void gatherOnAnyAxisWithNegativeIndices() {
        // np.take(x, [[0, -1], [2, 1]], axis=1)
        assertFloats(run1(13, op("Gather").attr("axis", 1L), X, Tensor.ofLongs(new long[] {0, -1, 2, 1}, 2, 2)),
                shape(3, 2, 2), 0, 3, 2, 1, 4, 7, 6, 5, 8, 11, 10, 9);
        // np.take(x, [2, 0], axis=0), with int32 indices
        assertFloats(run1(13, op("Gather"), X, Tensor.ofInts(new int[] {2, 0}, 2)), shape(2, 4), 8, 9, 10, 11, 0, 1, 2, 3);
        assertTrue(failure(13, op("Gather"), X, longs(3)).contains("index 3 is out of range for axis 0 of size 3"));
    }

    @Test
    void gatherAScalarFromAShapeVector() {
        // Shape(x)[0] as exporters write it: a scalar index drops the axis
        assertLongs(run1(13, op("Gather"), longs(1, 3, 224, 224), Tensor.scalarLong(-1)), shape(), 224);
    }

    @Test
    void gatherOfRowsFromALargeTensor() {
        Tensor x = arange(64, 50, 33);
        Tensor y = run1(13, op("Gather").attr("axis", 1L), x, longs(49, 0, -1, 7));
        assertArrayEquals(shape(64, 4, 33), y.shape());
        // y[63, 3, 32] == x[63, 7, 32]
        assertEquals((63 * 50 + 7) * 33 + 32, y.floats()[y.size() - 1]);
    }

    @Test
    void gatherInfersSymbolicShapes() {
        ValueInfo x = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(5))));
        ValueInfo i = new ValueInfo("x1", DataType.INT64, Shape.of(List.of(Dim.symbol("K"))));
        assertEquals(Shape.of(List.of(Dim.symbol("K"), Dim.of(5))), infer(13, op("Gather"), new ValueInfo[] {x, i}).get(0).shape());
    }

    @Test
    void gatherElements() {
        Tensor d = Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 3, 3);
        // np.take_along_axis(d, [[1, 2, 0], [2, 0, 0]], 0)
        assertLongs(run1(13, op("GatherElements"), d, Tensor.ofLongs(new long[] {1, 2, 0, 2, 0, 0}, 2, 3)),
                shape(2, 3), 4, 8, 3, 7, 2, 3);
        // indices smaller than the data outside the axis: np.take_along_axis(d[:2], [[-1], [0]], 1)
        assertLongs(run1(13, op("GatherElements").attr("axis", 1L), d, Tensor.ofLongs(new long[] {-1, 0}, 2, 1)),
                shape(2, 1), 3, 4);
        assertTrue(failure(13, op("GatherElements"), d, Tensor.ofLongs(new long[] {3}, 1, 1)).contains("out of range"));
    }

    @Test
    void scatterNDReplacesAndReduces() {
        Tensor data = arange(8);
        Tensor idx = Tensor.ofLongs(new long[] {4, 3, 1, 7}, 4, 1);
        // the ONNX example: [1, 11, 3, 10, 9, 6, 7, 12] from 1..8 (here 0..7)
        assertFloats(run1(13, op("ScatterND"), data, idx, Tensor.of(new float[] {9, 10, 11, 12}, 4)), shape(8),
                0, 11, 2, 10, 9, 5, 6, 12);
        // opset 16 add, duplicate and negative indices: out = data.copy(); out[k] += u for each pair
        Tensor dup = Tensor.ofLongs(new long[] {4, 3, 4, -1}, 4, 1);
        assertFloats(run1(16, op("ScatterND").attr("reduction", "add"), data, dup, Tensor.of(new float[] {9, 10, 11, 12}, 4)),
                shape(8), 0, 1, 2, 13, 24, 5, 6, 19);
        // slices of int64 data: out[1, 0] = [1, 2, 3]; out[0, 1] = [4, 5, 6]
        Tensor z = Tensor.zeros(DataType.INT64, 2, 2, 3);
        assertLongs(run1(13, op("ScatterND"), z, Tensor.ofLongs(new long[] {1, 0, 0, 1}, 2, 2),
                Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6}, 2, 3)), shape(2, 2, 3), 0, 0, 0, 4, 5, 6, 1, 2, 3, 0, 0, 0);
        assertTrue(failure(13, op("ScatterND"), data, idx, Tensor.of(new float[] {9, 10}, 2)).contains("updates have shape"));
    }

    @Test
    void nonZeroListsCoordinates() {
        Tensor b = Tensor.ofBools(new boolean[] {true, false, true, true}, 2, 2);
        // np.array(np.nonzero([[1, 0], [1, 1]]))
        assertLongs(run1(13, op("NonZero"), b), shape(2, 3), 0, 1, 1, 0, 0, 1);
        assertLongs(run1(13, op("NonZero"), Tensor.of(new float[] {0, 0}, 2)), shape(1, 0));
        ValueInfo x = ValueInfo.of("x0", DataType.FLOAT, 2, 3);
        assertEquals(Shape.of(List.of(Dim.of(2), Dim.unknown())), infer(13, op("NonZero"), new ValueInfo[] {x}).get(0).shape());
    }
}
