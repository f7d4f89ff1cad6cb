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
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class PadOpsTest {
    private static final Tensor X = arange(3, 4);

    @Test
    void constantWithValueInput() {
        // np.pad(x, ((0, 1), (2, 1)), constant_values=1.5)
        assertFloats(run1(13, op("Pad"), X, longs(0, 2, 1, 1), Tensor.scalar(1.5f)), shape(4, 7),
                1.5f, 1.5f, 0, 1, 2, 3, 1.5f, 1.5f, 1.5f, 4, 5, 6, 7, 1.5f, 1.5f, 1.5f, 8, 9, 10, 11, 1.5f,
                1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f);
    }

    @Test
    void opset2AttributesAndOpset1Paddings() {
        Tensor y = run1(2, op("Pad").attr("pads", 0L, 2L, 1L, 1L).attr("value", 1.5f), X);
        Tensor z = run1(1, op("Pad").attr("paddings", 0L, 2L, 1L, 1L).attr("value", 1.5f), X);
        assertArrayEquals(shape(4, 7), y.shape());
        assertTrue(y.contentEquals(z));
        assertEquals(1.5f, y.floats()[0]);
    }

    @Test
    void reflectAndEdge() {
        // np.pad(x, ((1, 2), (2, 1)), 'reflect')
        assertFloats(run1(13, op("Pad").attr("mode", "reflect"), X, longs(1, 2, 2, 1)), shape(6, 7),
                6, 5, 4, 5, 6, 7, 6, 2, 1, 0, 1, 2, 3, 2, 6, 5, 4, 5, 6, 7, 6, 10, 9, 8, 9, 10, 11, 10,
                6, 5, 4, 5, 6, 7, 6, 2, 1, 0, 1, 2, 3, 2);
        // np.pad(x, ((1, 2), (2, 1)), 'edge')
        assertFloats(run1(13, op("Pad").attr("mode", "edge"), X, longs(1, 2, 2, 1)), shape(6, 7),
                0, 0, 0, 1, 2, 3, 3, 0, 0, 0, 1, 2, 3, 3, 4, 4, 4, 5, 6, 7, 7, 8, 8, 8, 9, 10, 11, 11,
                8, 8, 8, 9, 10, 11, 11, 8, 8, 8, 9, 10, 11, 11);
        // Pads wider than the axis reflect again: np.pad([1, 2, 3], 5, 'reflect')
        Tensor v = Tensor.of(new float[] {1, 2, 3}, 3);
        assertFloats(run1(13, op("Pad").attr("mode", "reflect"), v, longs(5, 5)), shape(13),
                2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2);
    }

    @Test
    void negativePadsCrop() {
        // np.pad(x, ((0, 0), (1, 0)))[1:, :-2] for pads [-1, 1, 0, -2]
        assertFloats(run1(13, op("Pad"), X, longs(-1, 1, 0, -2)), shape(2, 3), 0, 4, 5, 0, 8, 9);
        // the same with 'edge': np.pad(x, ((0, 0), (1, 0)), 'edge')[1:, :-2]
        assertFloats(run1(13, op("Pad").attr("mode", "edge"), X, longs(-1, 1, 0, -2)), shape(2, 3), 4, 4, 5, 8, 8, 9);
    }

    @Test
    void int64AndLargeChannelPads() {
        Tensor ints = Tensor.ofLongs(new long[] {7, 8}, 2);
        assertLongs(run1(13, op("Pad"), ints, longs(1, 2), Tensor.ofLongs(new long[] {-1})), shape(5), -1, 7, 8, -1, -1);
        // pad only channels of an NCHW map: the unpadded H, W merge into long copy runs
        Tensor x = arange(2, 5, 30, 40);
        Tensor y = run1(13, op("Pad"), x, longs(0, 1, 0, 0, 0, 2, 0, 0));
        assertArrayEquals(shape(2, 8, 30, 40), y.shape());
        float[] out = Arrays.copyOf(y.floats(), y.size());
        assertEquals(0f, out[1200 - 1]); // channel 0 is padding
        assertEquals(x.floats()[0], out[1200]); // channel 1 is input channel 0
        assertEquals(x.floats()[5 * 1200 + 4 * 1200 + 1199], out[8 * 1200 + 5 * 1200 + 1199]);
        // and reflect on the spatial axes of a map large enough to use threads
        Tensor r = run1(13, op("Pad").attr("mode", "reflect"), x, longs(0, 0, 3, 3, 0, 0, 3, 3));
        assertArrayEquals(shape(2, 5, 36, 46), r.shape());
        // r[0, 0, 0, 0] = x[0, 0, 3, 3]; r[1, 4, 35, 45] = x[1, 4, 26, 36] (np.pad(x, ((0, 0), (0, 0), (3, 3), (3, 3)), 'reflect'))
        assertEquals(3 * 40 + 3, r.floats()[0]);
        assertEquals(x.floats()[((1 * 5 + 4) * 30 + 26) * 40 + 36], r.floats()[r.size() - 1]);
    }

    @Test
    void padErrors() {
        assertTrue(failure(13, op("Pad"), X, longs(1, 1)).contains("should have 4 values"));
        assertTrue(failure(13, op("Pad").attr("mode", "wrap"), X, longs(1, 1, 1, 1)).startsWith("Pad node 'n': unsupported:"));
        assertTrue(failure(13, op("Pad"), X, longs(0, -3, 0, -2)).contains("below 0"));
        assertTrue(failure(13, op("Pad").attr("mode", "edge"), Tensor.zeros(DataType.FLOAT, 0, 2), longs(1, 0, 0, 0))
                .contains("empty axis 0"));
    }

    @Test
    void unknownPadsLeaveTheShapeUnknown() {
        ValueInfo[] infos = {ValueInfo.of("x0", DataType.FLOAT, 3, 4), ValueInfo.of("x1", DataType.INT64, 4)};
        assertNull(infer(13, op("Pad"), infos).get(0).shape());
    }
}
