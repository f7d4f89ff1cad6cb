package org.ktcj.runtime.quant;

/**
 * Choosing radix and scale for a range, and quantizing values with them (docs/fixed-point.md, "Choosing
 * radix and scale"): the one home of these rules.
 */
public final class FixedPoint {
    private FixedPoint() {
    }

    /**
     * The radix for magnitude {@code r} in {@code bits} bits: the largest that keeps {@code r}
     * representable (0 for a zero range).
     */
    public static int radix(double r, int bits) {
        if (!(r > 0)) {
            return 0;
        }
        double qmax = (1L << (bits - 1)) - 1;
        int radix = Math.getExponent(qmax / r);
        // The division may round across a power of two: settle on the exact answer.
        while (Math.scalb(r, radix) > qmax) {
            radix--;
        }
        while (Math.scalb(r, radix + 1) <= qmax) {
            radix++;
        }
        return radix;
    }

    /** The scale that maps {@code r} exactly to the largest integer, with {@code radix(r, bits)}; 1 for zero. */
    public static float scale(double r, int bits) {
        if (!(r > 0)) {
            return 1;
        }
        double qmax = (1L << (bits - 1)) - 1;
        float s = (float) (qmax / (r * Math.scalb(1.0, radix(r, bits))));
        // Float rounding may put r a hair above qmax: step down so that it never saturates.
        return r * Math.scalb((double) s, radix(r, bits)) > qmax ? Math.nextDown(s) : s;
    }

    /** Per-tensor parameters for the range {@code [lo, hi]} quantized for magnitude {@code r}. */
    public static QuantParams params(double r, int bits, boolean withScale, float lo, float hi) {
        return QuantParams.perTensor(bits, radix(r, bits), withScale ? scale(r, bits) : 1f, lo, hi);
    }

    /** {@code clamp(roundHalfEven(x * factor), qmin, qmax)}. */
    public static long quantize(double x, double factor, int bits) {
        long qmax = (1L << (bits - 1)) - 1;
        return Math.max(-qmax - 1, Math.min(qmax, (long) Math.rint(x * factor)));
    }
}
