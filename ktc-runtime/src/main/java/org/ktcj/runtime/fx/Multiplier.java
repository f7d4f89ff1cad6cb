package org.ktcj.runtime.fx;

import org.ktcj.KtcException;

/**
 * A real ratio {@code M} as an integer multiplier and a right shift, {@code M ~ m / 2^n}, for
 * {@link Requant#requant} (docs/fixed-point.md): {@code n} is chosen so that {@code 2^30 <= m < 2^31}
 * with {@code m = roundHalfEven(M * 2^n)}, capped at 63 (then {@code m} is smaller, and 0 for a ratio
 * below {@code 2^-64}).
 *
 * @param m the multiplier, {@code 0 <= m < 2^31}
 * @param n the right shift, {@code 0 <= n <= 63}
 */
public record Multiplier(int m, int n) {
    /** The largest shift: requant's rounding term {@code 2^(n-1)} must fit in a long. */
    public static final int MAX_SHIFT = 63;

    public Multiplier {
        if (m < 0 || n < 0 || n > MAX_SHIFT) {
            throw new KtcException("a requantization multiplier is 0 to 2^31-1 with a shift of 0 to 63, not m "
                    + m + " n " + n);
        }
    }

    /**
     * The multiplier and shift approximating {@code ratio} (for example {@code (scale_out * 2^radix_out)
     * / (scale_acc * 2^radix_acc)}).
     *
     * @throws KtcException when the ratio is not a positive finite number, or is too large for a
     *                      multiplier below 2^31 with no shift (2^31 - 0.5 or more)
     */
    public static Multiplier of(double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) {
            throw new KtcException("a requantization ratio is a positive finite number, not " + ratio);
        }
        // ratio is in [2^e, 2^(e+1)), so ratio * 2^(30 - e) is in [2^30, 2^31).
        int n = 30 - Math.getExponent(ratio);
        if (n > MAX_SHIFT) {
            return new Multiplier((int) Math.rint(Math.scalb(ratio, MAX_SHIFT)), MAX_SHIFT);
        }
        double m = n < 0 ? Double.POSITIVE_INFINITY : Math.rint(Math.scalb(ratio, n));
        if (m == 0x1p31) {
            m = 0x1p30; // rounded up to the next power of two: one bit less shift
            n--;
        }
        if (n < 0 || m >= 0x1p31) {
            throw new KtcException("requantization ratio " + ratio + " is too large: the multiplier must stay"
                    + " below 2^31 with no shift (the output's scale is too fine for the accumulator's)");
        }
        return new Multiplier((int) m, n);
    }

    /** The ratio this multiplier stands for, {@code m / 2^n}. */
    public double ratio() {
        return Math.scalb((double) m, -n);
    }
}
