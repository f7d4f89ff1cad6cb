package org.ktcj.runtime.ops;

import java.util.Arrays;
import org.ktcj.runtime.kernels.Kernels;
import org.ktcj.runtime.ops.ArithmeticOps.Arith;

/**
 * The float32 inner loops of the hot elementwise operators, over runs of {@code n} elements. This class
 * is the plain Java variant (C2 vectorizes a few of its loops itself); {@link #get()} is the Vector API
 * variant {@code VectorFloatLoops} when the {@code jdk.incubator.vector} module is present, loaded by
 * name so that only it refers to the module. Both give the same results bit for bit (the exponential
 * is this class's own {@link #exp(float)}, not {@link Math#exp}, for that and for speed).
 *
 * <p>Once compiled, the vector variant is 3 to 15 times faster (measured on AVX2), but on JDK 17 the
 * Vector API runs very slowly until C2 has compiled it: about a second per loop on its first large
 * tensor. That pays off over a calibration run; a one-off inference may prefer the system property
 * {@code ktc.simd=false}, which forces this variant, as it does for the convolution kernels.
 */
class FloatLoops {
    private static final FloatLoops INSTANCE = select();

    FloatLoops() {
    }

    /** The variant the operators use. */
    static FloatLoops get() {
        return INSTANCE;
    }

    private static FloatLoops select() {
        FloatLoops vector = Kernels.simdWanted()
                ? Kernels.vectorVariant("org.ktcj.runtime.ops.VectorFloatLoops", FloatLoops.class) : null;
        return vector != null ? vector : new FloatLoops();
    }

    /**
     * {@code y[yo + i] = op(a[ao + i * as], b[bo + i * bs])} for {@code i < n}, with strides 0 or 1. The
     * output may be one of the inputs at the same offset (in-place accumulation).
     */
    void binary(Arith op, float[] a, int ao, int as, float[] b, int bo, int bs, float[] y, int yo, int n) {
        if (as == 0 && bs == 0) {
            Arrays.fill(y, yo, yo + n, op.apply(a[ao], b[bo]));
            return;
        }
        if (as == 0 && op.commutative()) {
            binary(op, b, bo, bs, a, ao, as, y, yo, n);
            return;
        }
        switch (op) {
            case ADD -> {
                if (bs == 0) {
                    float s = b[bo];
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] + s;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] + b[bo + i];
                    }
                }
            }
            case SUB -> {
                if (as == 0) {
                    float s = a[ao];
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = s - b[bo + i];
                    }
                } else if (bs == 0) {
                    float s = b[bo];
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] - s;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] - b[bo + i];
                    }
                }
            }
            case MUL -> {
                if (bs == 0) {
                    float s = b[bo];
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] * s;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] * b[bo + i];
                    }
                }
            }
            case DIV -> {
                if (as == 0) {
                    float s = a[ao];
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = s / b[bo + i];
                    }
                } else if (bs == 0) {
                    float s = b[bo];
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] / s;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] / b[bo + i];
                    }
                }
            }
            case MAX -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = Math.max(a[ao + i], b[bo + i * bs]);
                }
            }
            case MIN -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = Math.min(a[ao + i], b[bo + i * bs]);
                }
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = op.apply(a[ao + i * as], b[bo + i * bs]);
                }
            }
        }
    }

    /** {@code y = min(max(x, lo), hi)} as {@link Math#max} and {@link Math#min} do it (NaN stays NaN). */
    void clamp(float[] x, int xo, float[] y, int yo, int n, float lo, float hi) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = Math.min(Math.max(x[xo + i], lo), hi);
        }
    }

    /** {@code y = x < 0 ? x * alpha : x}. */
    void leakyRelu(float[] x, int xo, float[] y, int yo, int n, float alpha) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            y[yo + i] = v < 0 ? v * alpha : v;
        }
    }

    /**
     * {@code y = exp(x - shift)}, shift[so + i * ss] with stride 0 or 1, by {@link #exp(float)}. For
     * softmax, where the shift is the maximum.
     */
    void exp(float[] x, int xo, float[] shift, int so, int ss, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = exp(x[xo + i] - shift[so + i * ss]);
        }
    }

    /** {@code y = 1 / (1 + exp(-x))}, by {@link #exp(float)}. */
    void sigmoid(float[] x, int xo, float[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = 1f / (1f + exp(-x[xo + i]));
        }
    }

    /** {@code y = h = max(0, min(1, alpha * x + beta))}, or {@code x * h} for HardSwish. */
    void hardSigmoid(float[] x, int xo, float[] y, int yo, int n, float alpha, float beta, boolean timesInput) {
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            float h = Math.min(Math.max(v * alpha + beta, 0f), 1f);
            y[yo + i] = timesInput ? v * h : h;
        }
    }

    // e^x in float (Cephes' expf): x = n ln2 + r with |r| <= ln2 / 2, e^r by a polynomial, 2^n put in
    // the exponent bits. Within 2 ulp of e^x for x in [EXP_LO, EXP_HI]; clamped to that range, so the
    // result is a normal float (no infinity, no subnormals), which softmax and sigmoid do not notice.
    // Only adds, multiplies and integer bit moves, in one order, so the vector variant (which does the
    // same per lane) gives the same bits.
    static final float EXP_HI = 88.3762626647949f;
    static final float EXP_LO = -87.3365478515625f;
    static final float LOG2E = 1.44269504088896341f;
    /** 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits. */
    static final float ROUNDER = 12582912f;
    static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    static final float LN2_HI = 0.693359375f;
    static final float LN2_LO = -2.12194440e-4f;
    static final float P0 = 1.9875691500e-4f;
    static final float P1 = 1.3981999507e-3f;
    static final float P2 = 8.3334519073e-3f;
    static final float P3 = 4.1665795894e-2f;
    static final float P4 = 1.6666665459e-1f;
    static final float P5 = 5.0000001201e-1f;

    /** e^x as the loops here compute it (see above). */
    static float exp(float x) {
        float v = Math.min(Math.max(x, EXP_LO), EXP_HI);
        float t = v * LOG2E + ROUNDER;
        float n = t - ROUNDER;
        float r = v - n * LN2_HI - n * LN2_LO;
        float p = ((((P0 * r + P1) * r + P2) * r + P3) * r + P4) * r + P5;
        float e = p * (r * r) + r + 1f;
        return e * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUNDER_BITS + 127) << 23);
    }

    /** {@code y = x * scale + shift} (a multiply, then an add: not fused). */
    void scaleShift(float[] x, int xo, float[] y, int yo, int n, float scale, float shift) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = x[xo + i] * scale + shift;
        }
    }
}
