package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.scalar;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;

class ArithmeticOpsTest {
    @Test
    void addBroadcastsAPerChannelBias() {
        // np.arange(12).reshape(1, 3, 2, 2) + np.array([10, 20, 30]).reshape(3, 1, 1)
        Tensor y = run1(14, op("Add"), arange(1, 3, 2, 2), floats(shape(3, 1, 1), 10, 20, 30));
        assertFloats(y, shape(1, 3, 2, 2), 0, 10, 11, 12, 13, 24, 25, 26, 27, 38, 39, 40, 41);
    }

    @Test
    void binaryOpsBroadcastBothWays() {
        Tensor a = floats(shape(2, 1), 1, 2);
        Tensor b = floats(shape(3), 10, 20, 40);
        // np.array([[1], [2]]) - np.array([10, 20, 40])
        assertFloats(run1(7, op("Sub"), a, b), shape(2, 3), 0, -9, -19, -39, -8, -18, -38);
        // ... / ...
        assertFloats(run1(7, op("Div"), b, a), shape(2, 3), 1e-7f, 10, 20, 40, 5, 10, 20);
        // scalar * tensor, scalar first: 2 * np.array([10, 20, 40])
        assertFloats(run1(13, op("Mul"), scalar(2), b), shape(3), 0, 20, 40, 80);
        // a scalar on the left of a non-commutative op: 1 - x, 1 / x
        assertFloats(run1(13, op("Sub"), scalar(1), b), shape(3), 0, -9, -19, -39);
        assertFloats(run1(13, op("Div"), scalar(1), b), shape(3), 1e-7f, 0.1f, 0.05f, 0.025f);
    }

    @Test
    void largeTensorsSplitAcrossThreadsGiveTheSameResult() {
        // the fixture compares one thread with four; 3 * 64 * 400 elements is several parallel chunks
        Tensor x = random(1, 3, 64, 20, 20);
        Tensor bias = random(2, 64, 1, 1);
        Tensor y = run1(14, op("Add"), x, bias);
        assertEquals(x.floats()[1234] + bias.floats()[(1234 / 400) % 64], y.floats()[1234]);
        Tensor m = run1(14, op("Mul"), x, random(3, 1, 64, 1, 1));
        assertEquals(x.size(), m.size());
    }

    @Test
    void legacyBroadcastAlignsBFromAxis() {
        // opset 6, broadcast=1, axis=1: A [2,3,4] + B [3] adds B along axis 1
        Tensor y = run1(6, op("Add").attr("broadcast", 1L).attr("axis", 1L), arange(2, 3, 4),
                floats(shape(3), 100, 200, 300));
        assertEquals(100f, y.floats()[0]);
        assertEquals(204f, y.floats()[4]);
        assertEquals(323f, y.floats()[23]);
        // without axis B lines up with the trailing dimensions, as in NumPy
        Tensor z = run1(6, op("Mul").attr("broadcast", 1L), arange(2, 3), floats(shape(3), 1, 10, 100));
        assertFloats(z, shape(2, 3), 0, 0, 10, 200, 3, 40, 500);
        assertTrue(failure(6, op("Add").attr("broadcast", 1L).attr("axis", 2L), arange(2, 3, 4), arange(3, 4))
                .contains("does not fit"));
    }

    @Test
    void integersComputeExactlyAndWrapLikeNumpy() {
        Tensor a = longs(shape(4), 7, -7, Long.MAX_VALUE, 5);
        Tensor b = longs(shape(4), 2, 2, 1, 0);
        // int64: 7 // 2 truncates toward zero in ONNX: [3, -3, MAX, 0 (division by zero gives 0)]
        assertLongs(run1(14, op("Div"), a, b), DataType.INT64, shape(4), 3, -3, Long.MAX_VALUE, 0);
        // np.add(MAX, 1) wraps
        assertLongs(run1(14, op("Add"), a, b), DataType.INT64, shape(4), 9, -5, Long.MIN_VALUE, 5);
        // uint8: np.array([250, 3], np.uint8) + np.uint8(10) == [4, 13]
        Tensor u = Tensor.wrap(DataType.UINT8, shape(2), new byte[] {(byte) 250, 3});
        Tensor ten = Tensor.wrap(DataType.UINT8, shape(), new byte[] {10});
        assertLongs(run1(14, op("Add"), u, ten), DataType.UINT8, shape(2), 4, 13);
        // int32 with broadcasting
        Tensor i = Tensor.ofInts(new int[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertLongs(run1(14, op("Mul"), i, Tensor.ofInts(new int[] {10, 100, 1000}, 3)), DataType.INT32, shape(2, 3),
                10, 200, 3000, 40, 500, 6000);
    }

    @Test
    void powTakesMixedTypesAndKeepsTheBaseType() {
        // np.power(np.array([1, 2, 3], np.float32), np.array([2, 3, 4], np.int64)) == [1, 8, 81]
        assertFloats(run1(15, op("Pow"), floats(shape(3), 1, 2, 3), longs(shape(3), 2, 3, 4)), shape(3), 0, 1, 8, 81);
        // np.power(np.array([1, 2, 3], np.int32), np.array([0.5, 2.5, 2], np.float32)).astype(np.int32) == [1, 5, 9]
        Tensor base = Tensor.ofInts(new int[] {1, 2, 3}, 3);
        assertLongs(run1(15, op("Pow"), base, floats(shape(3), 0.5f, 2.5f, 2f)), DataType.INT32, shape(3), 1, 5, 9);
        // int64 ** int64 exactly: 3 ** 39 = 4052555153018976267 (above 2^53)
        assertLongs(run1(15, op("Pow"), longs(shape(1), 3), longs(shape(1), 39)), DataType.INT64, shape(1),
                4052555153018976267L);
        // x ** 0.5 as sqrt, broadcasting a scalar exponent
        assertFloats(run1(15, op("Pow"), floats(shape(2), 4, 9), scalar(0.5f)), shape(2), 0, 2, 3);
    }

    @Test
    void modFollowsTheDivisorSignOrTheDividendSign() {
        Tensor a = longs(shape(4), 7, -7, 7, -7);
        Tensor b = longs(shape(4), 3, 3, -3, -3);
        // np.mod: [1, 2, -2, -1]; np.fmod: [1, -1, 1, -1]
        assertLongs(run1(13, op("Mod"), a, b), DataType.INT64, shape(4), 1, 2, -2, -1);
        assertLongs(run1(13, op("Mod").attr("fmod", 1L), a, b), DataType.INT64, shape(4), 1, -1, 1, -1);
        // np.fmod(np.float32([5.5, -5.5]), 2) == [1.5, -1.5]
        assertFloats(run1(13, op("Mod").attr("fmod", 1L), floats(shape(2), 5.5f, -5.5f), scalar(2)), shape(2), 0,
                1.5f, -1.5f);
        assertTrue(failure(13, op("Mod"), floats(shape(1), 1), scalar(2)).contains("fmod must be 1"));
        // uint64 is unsigned: (2^64 - 1) % 10 == 5
        Tensor big = Tensor.wrap(DataType.UINT64, shape(1), new long[] {-1L});
        Tensor ten = Tensor.wrap(DataType.UINT64, shape(1), new long[] {10});
        assertEquals(5L, run1(13, op("Mod"), big, ten).longs()[0]);
    }

    @Test
    void float16AndDoubleComputeThroughDouble() {
        Tensor h = Tensor.of(new float[] {1.5f, 2.25f}, 2).castTo(DataType.FLOAT16);
        Tensor y = run1(14, op("Mul"), h, h);
        assertEquals(DataType.FLOAT16, y.type());
        // np.float16([1.5, 2.25]) ** 2 == [2.25, 5.0625]
        assertArrayEquals(new float[] {2.25f, 5.0625f}, y.toFloatArray());
        // np.float64([0.1, 0.2]) * 3 keeps double precision: [0.30000000000000004, 0.6000000000000001]
        Tensor d = Tensor.wrap(DataType.DOUBLE, shape(2), new double[] {0.1, 0.2});
        Tensor three = Tensor.wrap(DataType.DOUBLE, shape(), new double[] {3});
        assertArrayEquals(new double[] {0.1 * 3, 0.2 * 3}, run1(14, op("Mul"), d, three).doubles());
    }

    @Test
    void mismatchedTypesAndShapesAreClearErrors() {
        assertTrue(failure(14, op("Add"), floats(shape(2), 1, 2), longs(shape(2), 1, 2))
                .contains("inputs are float and int64; they must be of one type"));
        assertTrue(failure(14, op("Add"), arange(2, 3), arange(2)).contains("cannot broadcast shapes"));
        assertTrue(failure(14, op("Add"), Tensor.ofBools(new boolean[] {true}, 1), Tensor.ofBools(new boolean[] {true}, 1))
                .contains("a numeric type is expected"));
        assertTrue(failure(14, op("Add"), arange(1).castTo(DataType.BFLOAT16), arange(1).castTo(DataType.BFLOAT16))
                .contains("unsupported: bfloat16"));
    }

    @Test
    void inferKeepsSymbolicDimensions() {
        ValueInfo a = new ValueInfo("a", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(1))));
        ValueInfo b = ValueInfo.of("b", DataType.FLOAT, 1, 5);
        List<ValueInfo> out = infer(14, op("Add"), new ValueInfo[] {a, b});
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(5))), out.get(0).shape());
        assertEquals(DataType.FLOAT, out.get(0).type());
    }

    @Test
    void variadicOpsFoldAllInputs() {
        Tensor a = floats(shape(3), 3, 2, 1);
        Tensor b = floats(shape(3), 1, 4, 4);
        Tensor c = floats(shape(2, 1), 2, 6);
        // np.maximum.reduce([a, b, c broadcast]) and friends, shape (2, 3)
        assertFloats(run1(13, op("Max"), a, b, c), shape(2, 3), 0, 3, 4, 4, 6, 6, 6);
        assertFloats(run1(13, op("Min"), a, b, c), shape(2, 3), 0, 1, 2, 1, 1, 2, 1);
        assertFloats(run1(13, op("Sum"), a, b, c), shape(2, 3), 0, 6, 8, 7, 10, 12, 11);
        // (a + b + c) / 3
        assertFloats(run1(13, op("Mean"), a, b, c), shape(2, 3), 1e-7f, 2, 8 / 3f, 7 / 3f, 10 / 3f, 4, 11 / 3f);
        // int64 Max (opset 12 on), unsigned compare for uint64
        assertLongs(run1(13, op("Max"), longs(shape(2), 1, -5), longs(shape(2), -2, 7)), DataType.INT64, shape(2), 1, 7);
        Tensor u = Tensor.wrap(DataType.UINT64, shape(1), new long[] {-1L});
        Tensor one = Tensor.wrap(DataType.UINT64, shape(1), new long[] {1});
        assertEquals(-1L, run1(13, op("Max"), u, one).longs()[0]);
    }

    @Test
    void aSingleInputIsPassedThrough() {
        Tensor x = arange(2, 2);
        for (String type : new String[] {"Sum", "Mean", "Max"}) {
            Node node = OpFixture.build(op(type), x);
            Kernel k = OpFixture.operator(13, node).kernel(NodeContext.ofTensors(node, 13, new Tensor[] {x}));
            assertSame(x, k.run(new Tensor[] {x}, new HeapWorkspace())[0], type);
        }
    }
}
