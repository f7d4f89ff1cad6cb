package org.ktcj.runtime.fx;

import java.math.BigInteger;

/**
 * The one rounding of the fixed-point operators (docs/fixed-point.md, <i>Requantization and
 * rounding</i>): an accumulator times a multiplier {@code m}, shifted right by {@code n} with round half
 * up (towards +infinity), then saturated:
 *
 * <pre>
 * requant(acc, m, n) = clamp(floor((acc * m + 2^(n-1)) / 2^n), lo, hi)     (n &gt; 0)
 * requant(acc, m, 0) = clamp(acc * m, lo, hi)
 * </pre>
 *
 * The product is exact for every {@code long} accumulator (128 bits where 64 could overflow).
 */
public final class Requant {
    /** Below this magnitude acc * m + 2^(n-1) fits in a long for every m < 2^31 and n < 64. */
    private static final long SMALL = 1L << 31;

    private Requant() {
    }

    /**
     * {@code clamp(floor((acc * m + 2^(n-1)) / 2^n), lo, hi)}, exact.
     *
     * @param m the multiplier, {@code 0 <= m < 2^31}
     * @param n the right shift, {@code 0 <= n <= 63}
     */
    public static long requant(long acc, int m, int n, long lo, long hi) {
        if (acc > -SMALL && acc < SMALL) {
            long p = acc * m; // |p| < 2^62, so adding 2^62 at most cannot overflow
            long r = n == 0 ? p : (p + (1L << (n - 1))) >> n;
            return Math.min(Math.max(r, lo), hi);
        }
        return wide(acc, m, n, lo, hi);
    }

    /**
     * Average pooling's rounding: {@code clamp(floorDiv(sum * m + ((count << n) >> 1), count << n), lo, hi)},
     * that is {@code sum * m / (count * 2^n)} rounded half up, exact for any arguments.
     *
     * @param count the divisor, at least 1
     */
    public static long average(long sum, int m, int n, long count, long lo, long hi) {
        if (sum > -SMALL && sum < SMALL && 64 - Long.numberOfLeadingZeros(count) + n <= 62) {
            long d = count << n; // below 2^62, and |sum * m| below 2^62: the sum fits a long
            return Math.min(Math.max(Math.floorDiv(sum * m + (d >> 1), d), lo), hi);
        }
        BigInteger d = BigInteger.valueOf(count).shiftLeft(n);
        BigInteger q = BigInteger.valueOf(sum).multiply(BigInteger.valueOf(m)).add(d.shiftRight(1));
        BigInteger[] qr = q.divideAndRemainder(d);
        BigInteger floor = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
        return floor.max(BigInteger.valueOf(lo)).min(BigInteger.valueOf(hi)).longValue();
    }

    /** The 128-bit path: (high, low) words of the product, rounded and shifted, then saturated. */
    private static long wide(long acc, int m, int n, long lo, long hi) {
        long pHigh = Math.multiplyHigh(acc, m);
        long pLow = acc * m;
        if (n > 0) {
            long sum = pLow + (1L << (n - 1));
            if (Long.compareUnsigned(sum, pLow) < 0) {
                pHigh++; // carry out of the low word
            }
            pLow = (sum >>> n) | (pHigh << (64 - n));
            pHigh >>= n;
        }
        // The 128-bit result fits in a long exactly when the high word is the low word's sign.
        if (pHigh > (pLow >> 63)) {
            return hi;
        }
        if (pHigh < (pLow >> 63)) {
            return lo;
        }
        return Math.min(Math.max(pLow, lo), hi);
    }
}
