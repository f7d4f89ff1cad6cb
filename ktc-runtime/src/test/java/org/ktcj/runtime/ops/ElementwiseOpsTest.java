package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertBools;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.floats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.scalar;
import static org.ktcj.runtime.ops.OpFixture.shape;

import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.HeapWorkspace;

class ElementwiseOpsTest {
    /** The outputs of a kernel planned with every input value known, run once. */
    private static Tensor[] direct(int opset, Node.Builder b, Tensor... in) {
        Node node = OpFixture.build(b, in);
        return OpFixture.operator(opset, node).kernel(NodeContext.ofTensors(node, opset, in))
                .run(in, new HeapWorkspace());
    }

    @Test
    void identityIsTheInputItself() {
        Tensor x = arange(2, 3);
        assertSame(x, direct(16, op("Identity"), x)[0]);
        assertLongs(run1(13, op("Identity"), longs(shape(2), 4, 5)), DataType.INT64, shape(2), 4, 5);
    }

    @Test
    void dropoutPassesDataThroughWithAMaskOfOnes() {
        Tensor x = arange(2, 2);
        assertSame(x, direct(13, op("Dropout"), x)[0]);
        // opset 12+: ratio and training_mode=false as inputs; the mask is bool
        Tensor[] out = run(13, Node.builder("Dropout").name("d").outputs("y", "mask"), x, scalar(0.3f),
                Tensor.ofBools(new boolean[] {false}));
        assertFloats(out[0], shape(2, 2), 0, 0, 1, 2, 3);
        assertBools(out[1], shape(2, 2), true, true, true, true);
        // before opset 10 the mask has the input's type
        Tensor[] old = run(7, Node.builder("Dropout").name("d").outputs("y", "mask").attr("ratio", 0.5f), x);
        assertFloats(old[1], shape(2, 2), 0, 1, 1, 1, 1);
        // training with ratio 0 drops nothing
        Tensor[] zero = run(13, Node.builder("Dropout").name("d").outputs("y", "mask"), x, scalar(0f),
                Tensor.ofBools(new boolean[] {true}));
        assertSame(DataType.BOOL, zero[1].type());
    }

    @Test
    void trainingDropoutIsUnsupported() {
        String msg = failure(13, op("Dropout"), arange(2), scalar(0.5f), Tensor.ofBools(new boolean[] {true}));
        assertTrue(msg.startsWith("Dropout node 'n': unsupported: training_mode=1"), msg);
        // the default ratio is 0.5: training without a ratio input drops too
        assertTrue(failure(13, op("Dropout"), arange(2), null, Tensor.ofBools(new boolean[] {true}))
                .contains("unsupported: training_mode=1"));
    }

    @Test
    void castConvertsBetweenNumericTypes() {
        Tensor x = floats(shape(5), -2.7f, -0.5f, 0f, 300.9f, Float.NaN);
        // np.float32([...]).astype(np.int64): truncation toward zero, NaN to 0 as Tensor.castTo does
        assertLongs(run1(13, op("Cast").attr("to", 7L), x), DataType.INT64, shape(5), -2, 0, 0, 300, 0);
        // .astype(bool): nonzero (and NaN) is true
        assertBools(run1(13, op("Cast").attr("to", 9L), x), shape(5), true, true, false, true, true);
        // float16 round trip of 1/3: np.float16(1/3) == 0.33325195
        Tensor h = run1(13, op("Cast").attr("to", 10L), floats(shape(1), 1f / 3));
        assertEquals(DataType.FLOAT16, h.type());
        assertEquals(0.33325195f, h.toFloatArray()[0]);
        // opset 1 names the type with a string
        assertEquals(DataType.DOUBLE, run1(1, op("Cast").attr("to", "DOUBLE"), x).type());
        // a cast to the same type is the input itself
        assertSame(x, direct(13, op("Cast").attr("to", 1L), x)[0]);
    }

    @Test
    void castLikeTakesTheSecondInputsType() {
        Tensor y = run1(15, op("CastLike"), floats(shape(2), 1.5f, -1.5f), Tensor.ofInts(new int[] {0}, 1));
        assertLongs(y, DataType.INT32, shape(2), 1, -1);
    }

    @Test
    void castErrorsAreClear() {
        assertTrue(failure(13, op("Cast").attr("to", 8L), arange(1)).contains("unsupported: cast from or to string"));
        assertTrue(failure(13, op("Cast").attr("to", 99L), arange(1)).contains("names no known type"));
        assertTrue(failure(13, op("Cast"), arange(1)).contains("attribute 'to' is missing"));
        assertArrayEquals(new int[] {1}, run1(13, op("Cast").attr("to", 6L), arange(1)).shape());
    }
}
