package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.floats;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.once;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.random;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.ElementwiseOpsFixture.scalar;
import static org.ktcj.runtime.ops.OpFixture.shape;

import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

class ActivationsTest {
    /** x = np.float32([-1.5, -0.3, 0, 0.7, 2]); the expected values below are numpy on it. */
    private static final Tensor X = floats(shape(5), -1.5f, -0.3f, 0f, 0.7f, 2f);

    @Test
    void reluFamily() {
        assertFloats(run1(14, op("Relu"), X), shape(5), 0, 0, 0, 0, 0.7f, 2);
        // np.where(x < 0, 0.1 * x, x)
        assertFloats(run1(16, op("LeakyRelu").attr("alpha", 0.1f), X), shape(5), 0, -0.15f, -0.03f, 0, 0.7f, 2);
        // default alpha 0.01
        assertFloats(run1(6, op("LeakyRelu"), X), shape(5), 0, -0.015f, -0.003f, 0, 0.7f, 2);
        // np.where(x > 1, x, 0)
        assertFloats(run1(10, op("ThresholdedRelu"), X), shape(5), 0, 0, 0, 0, 0, 2);
        // Relu on int8 from opset 14
        Tensor b = Tensor.wrap(DataType.INT8, shape(3), new byte[] {-4, 0, 9});
        assertLongs(run1(14, op("Relu"), b), DataType.INT8, shape(3), 0, 0, 9);
    }

    @Test
    void exponentialActivations() {
        // np.where(x < 0, 2 * (np.exp(x) - 1), x)
        assertFloats(run1(6, op("Elu").attr("alpha", 2f), X), shape(5), 1e-6, -1.5537396669387817f,
                -0.5183635950088501f, 0f, 0.7f, 2f);
        // np.where(x > 0, g * x, g * (a * np.exp(x) - a)) with the default alpha and gamma
        assertFloats(run1(6, op("Selu"), X), shape(5), 1e-6, -1.3658143281936646f, -0.45566731691360474f, 0f,
                0.7354906797409058f, 2.1014020442962646f);
        // np.maximum(0, x) + np.minimum(0, 0.5 * (np.exp(x / 0.5) - 1))
        assertFloats(run1(12, op("Celu").attr("alpha", 0.5f), X), shape(5), 1e-6, -0.47510647773742676f,
                -0.2255941927433014f, 0f, 0.7f, 2f);
        // np.log1p(np.exp([-20, -1, 0, 1, 30])), no overflow for large x
        assertFloats(run1(1, op("Softplus"), floats(shape(5), -20, -1, 0, 1, 30)), shape(5), 1e-6,
                2.06115369216775e-09f, 0.3132616877555847f, 0.6931471824645996f, 1.31326162815094f, 30f);
        // x * np.tanh(np.log1p(np.exp(x)))
        assertFloats(run1(18, op("Mish"), X), shape(5), 1e-6, -0.29809972643852234f, -0.1511332094669342f, 0f,
                0.5611483454704285f, 1.9439588785171509f);
        // np.tanh(x); x / (1 + np.abs(x))
        assertFloats(run1(13, op("Tanh"), X), shape(5), 1e-6, -0.9051482081413269f, -0.29131263494491577f, 0f,
                0.6043677926063538f, 0.9640275835990906f);
        assertFloats(run1(1, op("Softsign"), X), shape(5), 1e-6, -0.6f, -0.23076924681663513f, 0f,
                0.4117646813392639f, 0.6666666865348816f);
    }

    @Test
    void sigmoidFamily() {
        // 1 / (1 + np.exp(-x))
        assertFloats(run1(13, op("Sigmoid"), X), shape(5), 3e-7, 0.18242552876472473f, 0.4255574941635132f, 0.5f,
                0.6681877970695496f, 0.8807970285415649f);
        // np.clip(x * 0.2 + 0.5, 0, 1)
        assertFloats(run1(6, op("HardSigmoid"), X), shape(5), 1e-7, 0.2f, 0.44f, 0.5f, 0.64f, 0.9f);
        // x * np.clip(x / 6 + 0.5, 0, 1)
        assertFloats(run1(14, op("HardSwish"), X), shape(5), 1e-7, -0.375f, -0.135f, 0f, 0.43166667f, 1.6666667f);
        // attributes: np.clip(x * 0.5 + 0.25, 0, 1)
        assertFloats(run1(6, op("HardSigmoid").attr("alpha", 0.5f).attr("beta", 0.25f), X), shape(5), 1e-7,
                0, 0.1f, 0.25f, 0.6f, 1f);
    }

    @Test
    void sigmoidOnFloat32IsWithinFloatRoundingOfDouble() {
        Tensor x = random(4, 64, 100);
        Tensor f = run1(13, op("Sigmoid"), x);
        Tensor d = once(13, op("Sigmoid"), x.castTo(DataType.DOUBLE));
        for (int i = 0; i < x.size(); i++) {
            assertEquals(d.doubles()[i], f.floats()[i], 3e-7 * d.doubles()[i], "element " + i);
        }
    }

    @Test
    void clipFromAttributesAndFromInputs() {
        // opset 6: attributes, np.clip(x, -1, 1)
        assertFloats(run1(6, op("Clip").attr("min", -1f).attr("max", 1f), X), shape(5), 0, -1, -0.3f, 0, 0.7f, 1);
        // opset 6 defaults: no clipping
        assertFloats(run1(6, op("Clip"), X), shape(5), 0, -1.5f, -0.3f, 0, 0.7f, 2);
        // opset 13: inputs, both, only min, only max (min absent as "")
        assertFloats(run1(13, op("Clip"), X, scalar(0), scalar(6)), shape(5), 0, 0, 0, 0, 0.7f, 2);
        assertFloats(run1(13, op("Clip"), X, scalar(0)), shape(5), 0, 0, 0, 0, 0.7f, 2);
        assertFloats(run1(13, op("Clip"), X, null, scalar(0.5f)), shape(5), 0, -1.5f, -0.3f, 0, 0.5f, 0.5f);
        // min > max: every value becomes max (np.minimum(np.maximum(x, 1), 0) == 0)
        assertFloats(run1(13, op("Clip"), X, scalar(1), scalar(0)), shape(5), 0, 0, 0, 0, 0, 0);
        // int8 from opset 12
        Tensor b = Tensor.wrap(DataType.INT8, shape(3), new byte[] {-100, 5, 100});
        Tensor lo = Tensor.wrap(DataType.INT8, shape(), new byte[] {-10});
        Tensor hi = Tensor.wrap(DataType.INT8, shape(), new byte[] {10});
        assertLongs(run1(12, op("Clip"), b, lo, hi), DataType.INT8, shape(3), -10, 5, 10);
        assertTrue(failure(13, op("Clip"), X, floats(shape(2), 0, 1)).contains("min and max must be scalars"));
    }

    @Test
    void preluBroadcastsTheSlopeToX() {
        // x = np.float32([[-1, 2], [-3, 4]]), slope [0.1, 0.2]: np.where(x < 0, x * slope, x)
        Tensor x = floats(shape(2, 2), -1, 2, -3, 4);
        assertFloats(run1(9, op("PRelu"), x, floats(shape(2), 0.1f, 0.2f)), shape(2, 2), 1e-7, -0.1f, 2, -0.3f, 4);
        // a per-channel slope [C,1,1] on NCHW, and a scalar slope
        Tensor y = run1(9, op("PRelu"), floats(shape(1, 2, 1, 2), -1, -1, -1, 1), floats(shape(2, 1, 1), 0.5f, 0.25f));
        assertFloats(y, shape(1, 2, 1, 2), 0, -0.5f, -0.5f, -0.25f, 1);
        assertFloats(run1(6, op("PRelu"), x, scalar(0.5f)), shape(2, 2), 0, -0.5f, 2, -1.5f, 4);
        // the slope may not make the output bigger than X
        assertTrue(failure(9, op("PRelu"), floats(shape(2), -1, 1), floats(shape(3, 1), 1, 2, 3))
                .contains("does not broadcast to the shape [2]"));
        // int64 from opset 9
        assertLongs(run1(9, op("PRelu"), longs(shape(2), -4, 4), longs(shape(1), 3)), DataType.INT64, shape(2), -12, 4);
    }

    @Test
    void shrinkOnFloatsAndIntegers() {
        // lambd=1, bias=0.5: np.where(x < -1, x + 0.5, np.where(x > 1, x - 0.5, 0))
        assertFloats(run1(9, op("Shrink").attr("lambd", 1f).attr("bias", 0.5f), X), shape(5), 0, -1, 0, 0, 0, 1.5f);
        assertLongs(run1(9, op("Shrink").attr("lambd", 1f).attr("bias", 1f), longs(shape(3), -3, 1, 5)), DataType.INT64,
                shape(3), -2, 0, 4);
    }

    @Test
    void floatOnlyActivationsRejectIntegers() {
        assertTrue(failure(13, op("Sigmoid"), longs(shape(1), 1)).contains("a floating-point type is expected"));
    }
}
