package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ShapeOpsFixture.arangeLong;
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

class ExpandOpsTest {
    @Test
    void expandBroadcastsBothWays() {
        // np.arange(3).reshape(3, 1) * np.ones((2, 1, 4)): shape (2, 3, 4)
        assertFloats(run1(13, op("Expand"), arange(3, 1), longs(2, 1, 4)), shape(2, 3, 4),
                0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2);
        // a target smaller than the input keeps the input's sizes
        assertArrayEquals(shape(2, 3), run1(8, op("Expand"), arange(2, 3), longs(1, 1)).shape());
        assertLongs(run1(13, op("Expand"), longs(5), longs(3)), shape(3), 5, 5, 5);
        assertTrue(failure(13, op("Expand"), arange(2, 3), longs(4, 3)).contains("broadcast"));
    }

    @Test
    void expandOfAChannelVectorToALargeMap() {
        Tensor y = run1(13, op("Expand"), arange(1, 16, 1, 1), longs(2, 16, 40, 50));
        assertArrayEquals(shape(2, 16, 40, 50), y.shape());
        // y[1, 7, 39, 49] == 7
        assertEquals(7f, y.floats()[(1 * 16 + 7) * 2000 + 1999]);
    }

    @Test
    void expandInference() {
        ValueInfo x = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(1))));
        ValueInfo s = ValueInfo.of("x1", DataType.INT64, 2);
        assertNull(infer(13, op("Expand"), new ValueInfo[] {x, s}).get(0).shape());
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.of(5))),
                infer(13, op("Expand"), new ValueInfo[] {x, s}, null, longs(1, 5)).get(0).shape());
    }

    @Test
    void tileRepeatsEachAxis() {
        // np.tile(np.arange(6).reshape(2, 3), (2, 2))
        assertLongs(run1(13, op("Tile"), arangeLong(2, 3), longs(2, 2)), shape(4, 6),
                0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5);
        assertArrayEquals(shape(2, 0), run1(6, op("Tile"), arange(2, 3), longs(1, 0)).shape());
        Tensor big = run1(13, op("Tile"), arange(3, 1, 70), longs(2, 100, 3));
        assertArrayEquals(shape(6, 100, 210), big.shape());
        // big[5, 99, 209] == x[2, 0, 69]
        assertEquals(2 * 70 + 69, big.floats()[big.size() - 1]);
        assertTrue(failure(13, op("Tile"), arange(2, 3), longs(2)).contains("do not fit rank 2"));
    }
}
