package org.ktcj.runtime.fx;

import java.math.BigInteger;

/**
 * The doc's formulas written plainly with BigInteger, independent of the operators' code: the
 * reference every operator test compares with.
 */
final class FxReference {
    private FxReference() {
    }

    /** clamp(floor((acc * m + 2^(n-1)) / 2^n), lo, hi); clamp(acc * m) when n is 0. */
    static long requant(BigInteger acc, long m, int n, long lo, long hi) {
        BigInteger p = acc.multiply(BigInteger.valueOf(m));
        if (n > 0) {
            p = p.add(BigInteger.ONE.shiftLeft(n - 1)).shiftRight(n); // shiftRight is floor division
        }
        return clamp(p, lo, hi);
    }

    static long requant(long acc, long m, int n, long lo, long hi) {
        return requant(BigInteger.valueOf(acc), m, n, lo, hi);
    }

    /** floorDiv(sum * m + ((count << n) >> 1), count << n), clamped. */
    static long average(long sum, long m, int n, long count, long lo, long hi) {
        BigInteger d = BigInteger.valueOf(count).shiftLeft(n);
        BigInteger x = BigInteger.valueOf(sum).multiply(BigInteger.valueOf(m)).add(d.shiftRight(1));
        BigInteger[] qr = x.divideAndRemainder(d);
        return clamp(qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0], lo, hi);
    }

    static long clamp(BigInteger v, long lo, long hi) {
        if (v.compareTo(BigInteger.valueOf(lo)) < 0) {
            return lo;
        }
        return v.compareTo(BigInteger.valueOf(hi)) > 0 ? hi : v.longValue();
    }

    /** Per-channel attribute value: the only one or channel c's. */
    static long pick(long[] v, int c) {
        return v[v.length == 1 ? 0 : c];
    }
}
