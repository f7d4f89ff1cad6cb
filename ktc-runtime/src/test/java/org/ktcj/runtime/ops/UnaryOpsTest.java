package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertBools;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.floats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.once;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.random;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

class UnaryOpsTest {
    private static final Tensor X = floats(shape(2, 3), -2.5f, -0.7f, 0f, 0.3f, 1.5f, 4f);

    @Test
    void mathFunctionsMatchTheirDefinitions() {
        Map<String, DoubleUnaryOperator> defs = Map.ofEntries(
                Map.entry("Abs", Math::abs), Map.entry("Neg", v -> -v), Map.entry("Sign", Math::signum),
                Map.entry("Exp", Math::exp), Map.entry("Floor", Math::floor), Map.entry("Ceil", Math::ceil),
                Map.entry("Sin", Math::sin), Map.entry("Cos", Math::cos), Map.entry("Tan", Math::tan),
                Map.entry("Atan", Math::atan), Map.entry("Sinh", Math::sinh), Map.entry("Cosh", Math::cosh),
                Map.entry("Reciprocal", v -> 1 / v));
        for (Map.Entry<String, DoubleUnaryOperator> e : defs.entrySet()) {
            Tensor y = run1(13, op(e.getKey()), X);
            float[] expected = new float[X.size()];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) e.getValue().applyAsDouble(X.floats()[i]);
            }
            assertFloats(y, shape(2, 3), 0, expected);
        }
    }

    @Test
    void inverseFunctionsAreAccurateNearZero() {
        Tensor x = floats(shape(5), -1.5f, -0.3f, 0f, 0.7f, 2f);
        // np.arcsinh(np.float32([-1.5, -0.3, 0, 0.7, 2]))
        assertFloats(run1(9, op("Asinh"), x), shape(5), 1e-6, -1.19476318359375f, -0.29567307233810425f, 0f,
                0.6526665687561035f, 1.4436354637145996f);
        // np.arctanh(np.float32([-0.5, 0, 0.25])); np.arccosh(np.float32([1, 2, 10]))
        assertFloats(run1(9, op("Atanh"), floats(shape(3), -0.5f, 0f, 0.25f)), shape(3), 1e-6,
                -0.5493061542510986f, 0f, 0.2554128170013428f);
        assertFloats(run1(9, op("Acosh"), floats(shape(3), 1f, 2f, 10f)), shape(3), 1e-6, 0f, 1.316957950592041f,
                2.993222951889038f);
        // asinh(1e-8) == 1e-8 to full precision, where log(x + sqrt(x*x + 1)) gives 0
        assertEquals(1e-8, UnaryOps.asinh(1e-8), 1e-20);
    }

    @Test
    void erfIsAccurateForFloat32() {
        // math.erf at each point
        double[][] cases = {{1e-4, 0.00011283791633342487}, {0.1, 0.1124629160182849}, {0.45, 0.47548171978692366},
            {0.5, 0.5204998778130465}, {1.0, 0.8427007929497149}, {2.0, 0.9953222650189527},
            {-3.0, -0.9999779095030014}, {4.5, 0.9999999998033839}};
        for (double[] c : cases) {
            assertEquals(c[1], UnaryOps.erf(c[0]), 2e-7 * Math.abs(c[1]), "erf(" + c[0] + ")");
        }
        assertEquals(0.0, UnaryOps.erf(0.0));
        assertTrue(Double.isNaN(UnaryOps.erf(Double.NaN)));
        assertEquals(1.0, UnaryOps.erf(Double.POSITIVE_INFINITY));
    }

    @Test
    void roundGoesHalfToEven() {
        // np.round(np.float32([0.5, 1.5, 2.5, -0.5, -1.5, 2.4])) == [0, 2, 2, -0, -2, 2]
        Tensor y = run1(11, op("Round"), floats(shape(6), 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.4f));
        assertFloats(y, shape(6), 0, 0f, 2f, 2f, -0f, -2f, 2f);
    }

    @Test
    void integerInputsWhereTheOperatorTakesThem() {
        Tensor x = longs(shape(3), -5, 0, 7);
        assertLongs(run1(13, op("Abs"), x), DataType.INT64, shape(3), 5, 0, 7);
        assertLongs(run1(13, op("Neg"), x), DataType.INT64, shape(3), 5, 0, -7);
        assertLongs(run1(13, op("Sign"), x), DataType.INT64, shape(3), -1, 0, 1);
        // np.abs(np.int8(-128)) wraps to -128
        Tensor b = Tensor.wrap(DataType.INT8, shape(2), new byte[] {-128, -3});
        assertLongs(run1(13, op("Abs"), b), DataType.INT8, shape(2), -128, 3);
        assertTrue(failure(13, op("Sqrt"), x).contains("is int64; a floating-point type is expected"));
    }

    @Test
    void float16AndDoubleGoThroughTheDoubleDefinition() {
        Tensor h = X.castTo(DataType.FLOAT16);
        Tensor y = run1(13, op("Exp"), h);
        assertEquals(DataType.FLOAT16, y.type());
        for (int i = 0; i < X.size(); i++) {
            // np.exp(np.float16(x)), to half precision (rtol 2^-10)
            double e = Math.exp(h.getDouble(i));
            assertEquals(e, y.getDouble(i), e * 1e-3);
        }
        Tensor d = run1(13, op("Log"), X.castTo(DataType.DOUBLE));
        assertEquals(Math.log(1.5), d.doubles()[4]);
    }

    @Test
    void floatLoopsAgreeWithTheDoubleDefinitions() {
        // float32 (Abs and Neg have loops of their own, Exp runs its double definition) against the same
        // op on float64, rounded
        Tensor x = random(9, 4, 1000);
        for (String type : new String[] {"Abs", "Neg", "Exp"}) {
            float[] f = run1(13, op(type), x).floats();
            Tensor d = once(13, op(type), x.castTo(DataType.DOUBLE));
            for (int i = 0; i < x.size(); i++) {
                assertEquals((float) d.doubles()[i], f[i], type + " element " + i);
            }
        }
    }

    @Test
    void testsGiveBools() {
        Tensor x = floats(shape(5), Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -1f);
        assertBools(run1(13, op("IsNaN"), x), shape(5), true, false, false, false, false);
        assertBools(run1(10, op("IsInf"), x), shape(5), false, true, true, false, false);
        assertBools(run1(10, op("IsInf").attr("detect_negative", 0L), x), shape(5), false, true, false, false, false);
        assertBools(run1(10, op("IsInf").attr("detect_positive", 0L), x), shape(5), false, false, true, false, false);
        Tensor b = Tensor.ofBools(new boolean[] {true, false}, 2);
        assertBools(run1(1, op("Not"), b), shape(2), false, true);
        assertTrue(failure(1, op("Not"), X).contains("expected one of [bool]"));
    }
}
