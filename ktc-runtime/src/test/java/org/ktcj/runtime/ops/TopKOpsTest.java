package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.ShapeOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class TopKOpsTest {
    private static final Tensor T = Tensor.of(new float[] {3, 1, 3, 2, 0, 5, 5, 1}, 2, 4);

    @Test
    void largestKeepsTiesInIndexOrder() {
        // o = np.argsort(-t, axis=1, kind='stable')[:, :3]; np.take_along_axis(t, o, 1)
        Tensor[] y = run(11, op("TopK").outputs("v", "i"), T, longs(3));
        assertFloats(y[0], shape(2, 3), 3, 3, 2, 5, 5, 1);
        assertLongs(y[1], shape(2, 3), 0, 2, 3, 1, 2, 3);
    }

    @Test
    void smallestAlongAxis0() {
        // o = np.argsort(t, axis=0, kind='stable')[:1]
        Tensor[] y = run(11, op("TopK").attr("axis", 0L).attr("largest", 0L).outputs("v", "i"), T, longs(1));
        assertFloats(y[0], shape(1, 4), 0, 1, 3, 1);
        assertLongs(y[1], shape(1, 4), 1, 0, 0, 1);
    }

    @Test
    void opset1AttributeAndInt64Data() {
        Tensor x = Tensor.ofLongs(new long[] {Long.MIN_VALUE, 7, -3, Long.MAX_VALUE}, 4);
        Tensor[] y = run(1, op("TopK").attr("k", 2L).outputs("v", "i"), x);
        assertLongs(y[0], shape(2), Long.MAX_VALUE, 7);
        assertLongs(y[1], shape(2), 3, 1);
    }

    @Test
    void manySlicesOnThreads() {
        Tensor x = arange(40, 30, 17);
        Tensor[] y = run(11, op("TopK").attr("axis", 1L).outputs("v", "i"), x, longs(2));
        // arange increases along every axis: the top two along axis 1 are rows 29 and 28
        assertLongs(y[1], shape(40, 2, 17), expectedIndices());
        assertEquals((39 * 30 + 28) * 17 + 16, y[0].floats()[y[0].size() - 1]);
    }

    private static long[] expectedIndices() {
        long[] want = new long[40 * 2 * 17];
        for (int o = 0; o < 40; o++) {
            for (int j = 0; j < 17; j++) {
                want[o * 34 + j] = 29;
                want[o * 34 + 17 + j] = 28;
            }
        }
        return want;
    }

    @Test
    void errorsAndInference() {
        assertTrue(failure(11, op("TopK").outputs("v", "i"), T, longs(5)).contains("exceeds axis 1 of size 4"));
        ValueInfo x = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(4))));
        List<ValueInfo> out = infer(11, op("TopK").outputs("v", "i"), new ValueInfo[] {x, ValueInfo.of("x1", DataType.INT64, 1)});
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.unknown())), out.get(0).shape());
        assertEquals(DataType.INT64, out.get(1).type());
    }
}
