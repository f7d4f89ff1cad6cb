package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.runtime.ops.ArithmeticOps.Arith;

/**
 * The vector variant of the float loops against the plain one, bit for bit, on awkward values (NaN,
 * infinities, signed zeros) at odd offsets and lengths so that every loop has a remainder; and the
 * plain loops against their definitions.
 */
class FloatLoopsTest {
    private static final FloatLoops PLAIN = new FloatLoops();
    private static final FloatLoops PREFERRED = FloatLoops.get();
    private static final int N = 203;

    private static float[] data(long seed) {
        Random r = new Random(seed);
        float[] v = new float[N + 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 4);
        }
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1e-40f, -100f, 100f};
        for (int i = 0; i < special.length; i++) {
            v[7 + i * 13] = special[i];
        }
        return v;
    }

    @FunctionalInterface
    private interface Loop {
        void run(FloatLoops loops, float[] y);
    }

    private static void sameBits(String what, Loop loop) {
        float[] a = new float[N + 8];
        float[] b = new float[N + 8];
        loop.run(PLAIN, a);
        loop.run(PREFERRED, b);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToIntBits(a[i]), Float.floatToIntBits(b[i]),
                    what + ", element " + i + ": " + a[i] + " vs " + b[i]);
        }
    }

    @Test
    void preferredIsTheVectorVariantWhenTheModuleIsPresent() {
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        boolean forcedOff = "false".equalsIgnoreCase(System.getProperty("ktc.simd", "true"));
        assertEquals(present && !forcedOff, PREFERRED.getClass() != FloatLoops.class);
    }

    @Test
    void binaryVariantsAgreeForEveryStridePattern() {
        float[] x = data(1);
        float[] z = data(2);
        for (Arith op : Arith.values()) {
            for (int as = 0; as <= 1; as++) {
                for (int bs = 0; bs <= 1; bs++) {
                    int sa = as;
                    int sb = bs;
                    sameBits(op + " strides " + as + "," + bs, (l, y) -> l.binary(op, x, 3, sa, z, 5, sb, y, 1, N));
                }
            }
        }
    }

    @Test
    void binaryMatchesTheElementRuleAndWorksInPlace() {
        float[] x = data(3);
        float[] z = data(4);
        for (Arith op : Arith.values()) {
            float[] y = x.clone();
            PREFERRED.binary(op, y, 2, 1, z, 6, 1, y, 2, N); // in place, as Sum/Max/Min/Mean accumulate
            for (int i = 0; i < N; i++) {
                assertEquals(Float.floatToIntBits(op.apply(x[2 + i], z[6 + i])), Float.floatToIntBits(y[2 + i]),
                        op + " element " + i);
            }
        }
    }

    @Test
    void unaryVariantsAgree() {
        float[] x = data(5);
        float[] shift = data(6);
        sameBits("clamp", (l, y) -> l.clamp(x, 1, y, 2, N, -0.5f, 2f));
        sameBits("relu", (l, y) -> l.clamp(x, 1, y, 2, N, 0f, Float.POSITIVE_INFINITY));
        sameBits("leakyRelu", (l, y) -> l.leakyRelu(x, 3, y, 0, N, 0.1f));
        sameBits("scaleShift", (l, y) -> l.scaleShift(x, 0, y, 5, N, 1.5f, -0.25f));
        sameBits("exp, one shift", (l, y) -> l.exp(x, 2, shift, 4, 0, y, 1, N));
        sameBits("exp, a shift each", (l, y) -> l.exp(x, 2, shift, 4, 1, y, 1, N));
        sameBits("sigmoid", (l, y) -> l.sigmoid(x, 4, y, 3, N));
        sameBits("hardSigmoid", (l, y) -> l.hardSigmoid(x, 0, y, 0, N, 0.2f, 0.5f, false));
        sameBits("hardSwish", (l, y) -> l.hardSigmoid(x, 0, y, 0, N, 1f / 6, 0.5f, true));
    }

    @Test
    void expIsWithinOneUlpOverItsRange() {
        double worst = 0;
        for (float x = FloatLoops.EXP_LO; x <= FloatLoops.EXP_HI; x += 0.0137f) {
            double e = Math.exp(x);
            worst = Math.max(worst, Math.abs(FloatLoops.exp(x) - e) / Math.ulp((float) e));
        }
        assertTrue(worst <= 1.0, "worst error " + worst + " ulp");
        // beyond the range it saturates to finite normal values, and NaN stays NaN
        assertEquals(FloatLoops.exp(FloatLoops.EXP_HI), FloatLoops.exp(Float.POSITIVE_INFINITY));
        assertTrue(FloatLoops.exp(-1000f) > 0 && FloatLoops.exp(-1000f) < 1.2e-38f);
        assertTrue(Float.isNaN(FloatLoops.exp(Float.NaN)));
        assertEquals(1f, FloatLoops.exp(0f));
    }

    @Test
    void plainLoopsFollowTheirDefinitions() {
        float[] x = {-2f, -0.5f, 0f, 0.5f, 3f, Float.NaN};
        float[] y = new float[x.length];
        PLAIN.clamp(x, 0, y, 0, x.length, 0f, 1f);
        // np.clip([-2, -.5, 0, .5, 3, nan], 0, 1) == [0, 0, 0, .5, 1, nan]
        assertEquals("[0.0, 0.0, 0.0, 0.5, 1.0, NaN]", java.util.Arrays.toString(y));
        PLAIN.leakyRelu(x, 0, y, 0, x.length, 0.1f);
        assertEquals("[-0.2, -0.05, 0.0, 0.5, 3.0, NaN]", java.util.Arrays.toString(y));
        PLAIN.sigmoid(x, 0, y, 0, x.length);
        for (int i = 0; i < 5; i++) {
            // 1 / (1 + np.exp(-x)) in float64, to float32 rounding
            assertEquals(1 / (1 + Math.exp(-x[i])), y[i], 2e-7);
        }
        PLAIN.hardSigmoid(x, 0, y, 0, 5, 1f / 6, 0.5f, true);
        // x * np.clip(x / 6 + .5, 0, 1): [-0, -0.2083, 0, 0.2917, 3]
        assertEquals(-0.5f * (0.5f - 0.5f / 6), y[1], 1e-7);
        assertEquals(3f, y[4]);
    }
}
