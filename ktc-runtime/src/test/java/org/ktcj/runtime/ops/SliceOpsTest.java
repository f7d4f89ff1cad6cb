package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
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

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;

class SliceOpsTest {
    private static final Tensor X = arange(3, 4, 5);

    @Test
    void sliceWithAxesAndNegativeEnds() {
        // np.arange(60).reshape(3, 4, 5)[0:2, :, 1:-1]
        assertFloats(run1(13, op("Slice"), X, longs(0, 1), longs(2, -1), longs(0, 2)), shape(2, 4, 3),
                1, 2, 3, 6, 7, 8, 11, 12, 13, 16, 17, 18, 21, 22, 23, 26, 27, 28, 31, 32, 33, 36, 37, 38);
    }

    @Test
    void sliceWithNegativeStepClampsTheEnd() {
        // x[:, 3::-2, :]: start -1 is 3, an end of -2^63 clamps to -1 (before the first element)
        assertFloats(run1(13, op("Slice"), X, longs(-1), longs(Long.MIN_VALUE), longs(1), longs(-2)), shape(3, 2, 5),
                15, 16, 17, 18, 19, 5, 6, 7, 8, 9, 35, 36, 37, 38, 39, 25, 26, 27, 28, 29,
                55, 56, 57, 58, 59, 45, 46, 47, 48, 49);
    }

    @Test
    void sliceReversesTheInnermostAxis() {
        // np.arange(6).reshape(2, 3)[:, ::-1], the way exporters write torch.flip
        assertLongs(run1(13, op("Slice"), ShapeOpsFixture.arangeLong(2, 3), longs(-1), longs(Long.MIN_VALUE), longs(-1), longs(-1)),
                shape(2, 3), 2, 1, 0, 5, 4, 3);
    }

    @Test
    void sliceWithStepOnTheInnermostAxisAndAHugeEnd() {
        // x[:, :, 2:100:2], axes given negative
        assertFloats(run1(13, op("Slice"), X, longs(2), longs(100), longs(-1), longs(2)), shape(3, 4, 2),
                2, 4, 7, 9, 12, 14, 17, 19, 22, 24, 27, 29, 32, 34, 37, 39, 42, 44, 47, 49, 52, 54, 57, 59);
    }

    @Test
    void sliceOutOfBoundsIsEmpty() {
        assertArrayEquals(shape(3, 0, 5), run1(13, op("Slice"), X, longs(10), longs(20), longs(1)).shape());
        // Backwards, the spec clamps a start before the axis to 0 (numpy would give nothing), so x[:, 0:-1:-1]
        assertArrayEquals(shape(3, 1, 5), run1(13, op("Slice"), X, longs(-10), longs(-20), longs(1), longs(-1)).shape());
    }

    @Test
    void sliceOpset1TakesAttributes() {
        // x[1:1000, 2:3] with axes defaulting to 0, 1
        Tensor y = run1(1, op("Slice").attr("starts", 1L, 2L).attr("ends", 1000L, 3L), X);
        assertArrayEquals(shape(2, 1, 5), y.shape());
        assertEquals(30f, y.floats()[0]);
    }

    @Test
    void sliceOfShapeVector() {
        // x.shape[2:] of an NCHW tensor, as exporters slice Shape outputs
        assertLongs(run1(13, op("Slice"), longs(1, 3, 224, 200), longs(2), longs(Long.MAX_VALUE)), shape(2), 224, 200);
    }

    @Test
    void aWholeSliceIsTheInputItself() {
        Tensor[] in = {X, longs(0), longs(Long.MAX_VALUE)};
        Node node = OpFixture.build(op("Slice"), in);
        Tensor y = OpFixture.operator(13, node).kernel(NodeContext.ofTensors(node, 13, in)).run(in, new HeapWorkspace())[0];
        assertSame(X.carrier(), y.carrier());
    }

    @Test
    void largeStridedSliceMatchesElementwise() {
        int[] s = {8, 64, 129};
        Tensor x = arange(s);
        // x[:, 1:60:3, 5:-5]
        Tensor y = run1(13, op("Slice"), x, longs(1, 5), longs(60, -5), longs(1, 2), longs(3, 1));
        assertArrayEquals(shape(8, 20, 119), y.shape());
        float[] want = new float[8 * 20 * 119];
        for (int a = 0, o = 0; a < 8; a++) {
            for (int b = 1; b < 60; b += 3) {
                for (int c = 5; c < 124; c++) {
                    want[o++] = (a * 64 + b) * 129 + c;
                }
            }
        }
        assertArrayEquals(want, Arrays.copyOf(y.floats(), y.size()));
    }

    @Test
    void sliceErrors() {
        assertTrue(failure(13, op("Slice"), X, longs(0), longs(1), longs(0), longs(0)).contains("step is 0"));
        assertTrue(failure(13, op("Slice"), X, longs(0, 0), longs(1, 1), longs(0, -3)).contains("sliced twice"));
        assertTrue(failure(13, op("Slice"), X, longs(0, 0), longs(1)).contains("different lengths"));
    }

    @Test
    void sliceInference() {
        ValueInfo x = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(10))));
        ValueInfo v = ValueInfo.of("x1", DataType.INT64, 1);
        ValueInfo[] infos = {x, v, v.withName("x2"), v.withName("x3")};
        assertNull(infer(13, op("Slice"), infos).get(0).shape());
        List<ValueInfo> out = infer(13, op("Slice"), infos, null, longs(2), longs(-1), longs(1));
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.of(7))), out.get(0).shape());
    }
}
