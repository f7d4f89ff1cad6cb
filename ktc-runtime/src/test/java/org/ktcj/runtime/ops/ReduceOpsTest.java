package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.floats;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.random;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.values;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class ReduceOpsTest {
    /** x = np.arange(24.).reshape(2, 3, 4) / 4 - 2 */
    private static Tensor x() {
        float[] v = values(arange(2, 3, 4));
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] / 4 - 2;
        }
        return floats(shape(2, 3, 4), v);
    }

    /** The reduction with the axes attribute (opset 11; ReduceSum takes an input from 13). */
    private static Tensor reduce(String type, long... axes) {
        return run1(11, op(type).attr("axes", axes).attr("keepdims", 0L), x());
    }

    @Test
    void everyReductionOverNonAdjacentAxes() {
        // np.<f>(x, axis=(0, 2)) for each reduction
        assertFloats(reduce("ReduceSum", 0, 2), shape(3), 1e-7, -1, 7, 15);
        assertFloats(reduce("ReduceMean", 0, 2), shape(3), 1e-7, -0.125f, 0.875f, 1.875f);
        assertFloats(reduce("ReduceMax", 0, 2), shape(3), 0, 1.75f, 2.75f, 3.75f);
        assertFloats(reduce("ReduceMin", 0, 2), shape(3), 0, -2, -1, 0);
        assertFloats(reduce("ReduceProd", 0, 2), shape(3), 1e-7, 21.533203125f, 2.900390625f, 0);
        assertFloats(reduce("ReduceL1", 0, 2), shape(3), 1e-7, 12, 12, 15);
        assertFloats(reduce("ReduceL2", 0, 2), shape(3), 1e-7, 4.330127018922194f, 4.9749371855331f, 6.837397165588672f);
        assertFloats(reduce("ReduceSumSquare", 0, 2), shape(3), 1e-7, 18.75f, 24.75f, 46.75f);
        // np.log(np.exp(x).sum(axis=(0, 2)))
        assertFloats(reduce("ReduceLogSumExp", 0, 2), shape(3), 1e-7, 2.848603755632692f, 3.848603755632692f,
                4.848603755632692f);
    }

    @Test
    void keepdimsAndTheDefaultOfAllAxes() {
        // np.mean(x, axis=1, keepdims=True)
        Tensor m = run1(13, op("ReduceMean").attr("axes", new long[] {1}), x());
        assertFloats(m, shape(2, 1, 4), 1e-7, -1, -0.75f, -0.5f, -0.25f, 2, 2.25f, 2.5f, 2.75f);
        // no axes: everything, kept as [1, 1, 1]; np.sum(x) == 21
        assertFloats(run1(13, op("ReduceSum"), x()), shape(1, 1, 1), 0, 21);
        // negative axes: np.log(np.sum(np.abs(x), axis=-1))
        Tensor ls = run1(13, op("ReduceLogSum").attr("axes", new long[] {-1}).attr("keepdims", 0L),
                run1(13, op("Abs"), x()));
        assertFloats(ls, shape(2, 3), 1e-7, 1.8718021769015913f, 0.9162907318741551f, 0.4054651081081644f,
                1.7047480922384253f, 2.2512917986064953f, 2.6026896854443837f);
    }

    @Test
    void axesAsAnInputFromReduceSum13AndTheOthers18() {
        Tensor axes = longs(shape(1), 1);
        assertFloats(run1(13, op("ReduceSum").attr("keepdims", 0L), x(), axes), shape(2, 4), 0,
                -3, -2.25f, -1.5f, -0.75f, 6, 6.75f, 7.5f, 8.25f);
        assertFloats(run1(18, op("ReduceMax").attr("keepdims", 0L), x(), axes), shape(2, 4), 0,
                0, 0.25f, 0.5f, 0.75f, 3, 3.25f, 3.5f, 3.75f);
        // empty axes: all of them, or none with noop_with_empty_axes
        Tensor none = longs(shape(0));
        assertFloats(run1(13, op("ReduceSum"), x(), none), shape(1, 1, 1), 0, 21);
        Tensor same = run1(13, op("ReduceSum").attr("noop_with_empty_axes", 1L), x(), none);
        assertFloats(same, shape(2, 3, 4), 0, values(x()));
        // an unknown axes input leaves the rank (with keepdims) but not the sizes
        ValueInfo in = ValueInfo.of("x", DataType.FLOAT, 2, 3, 4);
        ValueInfo ax = ValueInfo.of("a", DataType.INT64, 1);
        List<ValueInfo> out = infer(13, op("ReduceSum"), new ValueInfo[] {in, ax});
        assertEquals(Shape.of(List.of(Dim.unknown(), Dim.unknown(), Dim.unknown())), out.get(0).shape());
        assertEquals(Shape.of(List.of(Dim.unknown(), Dim.unknown())),
                infer(13, op("ReduceSum").attr("keepdims", 0L), new ValueInfo[] {in, ax}).get(0).shape());
        assertNull(infer(13, op("ReduceSum").attr("keepdims", 0L),
                new ValueInfo[] {in, new ValueInfo("a", DataType.INT64, null)}).get(0).shape());
    }

    @Test
    void largeReductionsAreSplitAndPrecise() {
        // the fixture compares one thread with four; sums are accumulated in double
        Tensor big = random(5, 8, 64, 20, 20);
        Tensor mean = run1(13, op("ReduceMean").attr("axes", 2L, 3L), big);
        double expected = 0;
        for (int i = 0; i < 400; i++) {
            expected += big.floats()[400 * 77 + i];
        }
        assertEquals((float) (expected / 400), mean.floats()[77]);
        Tensor channels = run1(13, op("ReduceMax").attr("axes", new long[] {1}), big);
        assertEquals(8 * 400, channels.size());
        // 2^20 times 0.1f sums to 2^20 * 0.1f rounded once (a float accumulator would drift)
        float[] ones = new float[1 << 20];
        java.util.Arrays.fill(ones, 0.1f);
        Tensor total = run1(13, op("ReduceSum").attr("keepdims", 0L), floats(shape(1 << 20), ones));
        assertEquals((float) (0.1f * (double) (1 << 20)), total.floats()[0]);
    }

    @Test
    void integerAndDoubleInputs() {
        // exact up to 2^53, where the double accumulator is
        long big = (1L << 53) - 1;
        Tensor i = longs(shape(2, 2), 5, -7, big, 1);
        assertLongs(run1(13, op("ReduceMax").attr("axes", new long[] {1}).attr("keepdims", 0L), i), DataType.INT64,
                shape(2), 5, big);
        assertLongs(run1(13, op("ReduceSum").attr("keepdims", 0L), longs(shape(3), 7, -2, 40).castTo(DataType.INT32)),
                DataType.INT32, shape(), 45);
        Tensor d = run1(13, op("ReduceLogSumExp").attr("keepdims", 0L), floats(shape(2), 1000, 1000).castTo(DataType.DOUBLE));
        // stable: 1000 + log(2), where exp(1000) overflows
        assertEquals(1000 + Math.log(2), d.doubles()[0], 1e-12);
    }

    @Test
    void emptyReductionsGiveTheIdentity() {
        Tensor empty = Tensor.zeros(DataType.FLOAT, 2, 0);
        assertFloats(run1(13, op("ReduceSum").attr("axes", new long[] {1}).attr("keepdims", 0L), empty), shape(2), 0, 0, 0);
        assertFloats(run1(13, op("ReduceProd").attr("axes", new long[] {1}).attr("keepdims", 0L), empty), shape(2), 0, 1, 1);
    }

    @Test
    void badAxesAreClearErrors() {
        assertTrue(failure(13, op("ReduceSum").attr("axes", 3L, 0L), x()).contains("axis 3 is out of range for rank 3"));
        assertTrue(failure(13, op("ReduceMean").attr("axes", 1L, -2L), x()).contains("axis -2 is listed twice"));
    }

    @Test
    void argMaxAndArgMin() {
        Tensor t = floats(shape(2, 3), 2, 7, 7, 5, 1, 5);
        // np.argmax(t, axis=1) == [1, 0]; the last index of the maximum: [2, 2]
        assertLongs(run1(13, op("ArgMax").attr("axis", 1L).attr("keepdims", 0L), t), DataType.INT64, shape(2), 1, 0);
        assertLongs(run1(13, op("ArgMax").attr("axis", 1L).attr("select_last_index", 1L), t), DataType.INT64,
                shape(2, 1), 2, 2);
        // np.argmin(t, axis=0, keepdims) == [[0, 1, 1]]
        assertLongs(run1(13, op("ArgMin"), t), DataType.INT64, shape(1, 3), 0, 1, 1);
        assertLongs(run1(13, op("ArgMin").attr("axis", -2L).attr("select_last_index", 1L), t), DataType.INT64,
                shape(1, 3), 0, 1, 1);
        assertLongs(run1(13, op("ArgMax").attr("axis", 1L).attr("keepdims", 0L), longs(shape(1, 3), 3, 9, -1)),
                DataType.INT64, shape(1), 1);
        assertTrue(failure(13, op("ArgMax").attr("axis", 1L), Tensor.zeros(DataType.FLOAT, 2, 0)).contains("is empty"));
    }
}
