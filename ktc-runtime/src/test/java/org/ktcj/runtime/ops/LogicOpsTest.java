package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertBools;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.floats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.scalar;
import static org.ktcj.runtime.ops.OpFixture.shape;

import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

class LogicOpsTest {
    private static Tensor bools(int[] shape, boolean... v) {
        return Tensor.ofBools(v, shape);
    }

    @Test
    void comparisonsBroadcastAndTreatNaNAsUnordered() {
        Tensor a = floats(shape(2, 3), 1, 2, Float.NaN, 4, 5, 6);
        Tensor b = floats(shape(3), 2, 2, Float.NaN);
        // np.equal / np.less / np.greater / np.less_equal / np.greater_equal of a and b
        assertBools(run1(13, op("Equal"), a, b), shape(2, 3), false, true, false, false, false, false);
        assertBools(run1(13, op("Less"), a, b), shape(2, 3), true, false, false, false, false, false);
        assertBools(run1(13, op("Greater"), a, b), shape(2, 3), false, false, false, true, true, false);
        assertBools(run1(16, op("LessOrEqual"), a, b), shape(2, 3), true, true, false, false, false, false);
        assertBools(run1(16, op("GreaterOrEqual"), a, b), shape(2, 3), false, true, false, true, true, false);
    }

    @Test
    void comparisonsOnIntegersBoolsAndOtherFloats() {
        assertBools(run1(13, op("Less"), longs(shape(3), -1, 5, Long.MAX_VALUE), longs(shape(1), 5)), shape(3),
                true, false, false);
        // uint64 compares unsigned: 2^64 - 1 > 1
        Tensor u = Tensor.wrap(DataType.UINT64, shape(1), new long[] {-1L});
        assertBools(run1(13, op("Greater"), u, Tensor.wrap(DataType.UINT64, shape(1), new long[] {1})), shape(1), true);
        assertBools(run1(11, op("Equal"), bools(shape(2), true, false), bools(shape(2), true, true)), shape(2),
                true, false);
        Tensor h = floats(shape(2), 0.5f, 1f).castTo(DataType.FLOAT16);
        assertBools(run1(13, op("Greater"), h, floats(shape(1), 0.75f).castTo(DataType.FLOAT16)), shape(2), false, true);
        assertTrue(failure(13, op("Equal"), arange(2), longs(shape(2), 0, 1)).contains("must be of one type"));
    }

    @Test
    void legacyComparisonTakesTheAxisAttribute() {
        // opset 1, broadcast=1, axis=0: A [2,3] == B [2] compares row i with B[i]
        Tensor y = run1(1, op("Equal").attr("broadcast", 1L).attr("axis", 0L), longs(shape(2, 3), 1, 1, 2, 3, 4, 3),
                longs(shape(2), 1, 3));
        assertBools(y, shape(2, 3), true, true, false, true, false, true);
    }

    @Test
    void booleanLogic() {
        Tensor a = bools(shape(2, 2), true, true, false, false);
        Tensor b = bools(shape(2), true, false);
        assertBools(run1(7, op("And"), a, b), shape(2, 2), true, false, false, false);
        assertBools(run1(7, op("Or"), a, b), shape(2, 2), true, true, true, false);
        assertBools(run1(7, op("Xor"), a, b), shape(2, 2), false, true, true, false);
        assertTrue(failure(7, op("And"), arange(2), arange(2)).contains("expected one of [bool]"));
    }

    @Test
    void whereBroadcastsAllThree() {
        // np.where([[True], [False]], [1, 2, 3], 0.5) == [[1, 2, 3], [.5, .5, .5]]
        Tensor y = run1(9, op("Where"), bools(shape(2, 1), true, false), floats(shape(3), 1, 2, 3), scalar(0.5f));
        assertFloats(y, shape(2, 3), 0, 1, 2, 3, 0.5f, 0.5f, 0.5f);
        // int64 values: np.where([True, False, True], [1, 2, 3], [-1, -2, -3])
        Tensor z = run1(16, op("Where"), bools(shape(3), true, false, true), longs(shape(3), 1, 2, 3),
                longs(shape(3), -1, -2, -3));
        assertLongs(z, DataType.INT64, shape(3), 1, -2, 3);
        assertTrue(failure(9, op("Where"), bools(shape(1), true), arange(1), longs(shape(1), 1))
                .contains("must be of one type"));
        assertEquals(DataType.BOOL, run1(9, op("Where"), bools(shape(1), true), bools(shape(1), false),
                bools(shape(1), true)).type());
    }
}
