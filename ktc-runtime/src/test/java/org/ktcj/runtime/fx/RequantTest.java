package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;

class RequantTest {
    private static final long[] EDGES = {0, 1, -1, 2, -2, 3, -3, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1,
        Long.MIN_VALUE + 1, 1L << 31, -(1L << 31), (1L << 31) - 1, -(1L << 31) + 1, 1L << 32, -(1L << 32),
        1L << 62, -(1L << 62)};
    private static final int[] MULTIPLIERS = {0, 1, 2, 3, (1 << 30), (1 << 30) + 1, Integer.MAX_VALUE, 1234567891};

    @Test
    void edgeAccumulatorsMatchTheReference() {
        long[][] ranges = {{-128, 127}, {-32768, 32767}, {0, 127}, {Long.MIN_VALUE, Long.MAX_VALUE}};
        for (long acc : EDGES) {
            for (int m : MULTIPLIERS) {
                for (int n = 0; n <= 63; n++) {
                    for (long[] r : ranges) {
                        assertEquals(FxReference.requant(acc, m, n, r[0], r[1]), Requant.requant(acc, m, n, r[0], r[1]),
                                "acc " + acc + " m " + m + " n " + n);
                    }
                }
            }
        }
    }

    @Test
    void randomAccumulatorsOfEveryMagnitudeMatchTheReference() {
        Random r = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            long acc = r.nextLong() >> r.nextInt(64);
            int m = r.nextInt(4) == 0 ? r.nextInt(1 << 31 >>> 1) : (1 << 30) + r.nextInt(1 << 30);
            int n = r.nextInt(64);
            long lo = r.nextBoolean() ? -32768 : Long.MIN_VALUE;
            long hi = r.nextBoolean() ? 32767 : Long.MAX_VALUE;
            assertEquals(FxReference.requant(acc, m, n, lo, hi), Requant.requant(acc, m, n, lo, hi),
                    "acc " + acc + " m " + m + " n " + n);
        }
    }

    @Test
    void halvesRoundUpTowardsPositiveInfinity() {
        assertEquals(1, Requant.requant(1, 1, 1, -100, 100));    // 0.5 -> 1
        assertEquals(0, Requant.requant(-1, 1, 1, -100, 100));   // -0.5 -> 0
        assertEquals(-1, Requant.requant(-3, 1, 1, -100, 100));  // -1.5 -> -1
        assertEquals(2, Requant.requant(3, 1, 1, -100, 100));    // 1.5 -> 2
        assertEquals(-128, Requant.requant(Long.MIN_VALUE, Integer.MAX_VALUE, 0, -128, 127));
        assertEquals(127, Requant.requant(Long.MAX_VALUE, Integer.MAX_VALUE, 63, -128, 127));
    }

    @Test
    void averageMatchesTheReference() {
        Random r = new Random(2);
        for (int i = 0; i < 100_000; i++) {
            long sum = r.nextLong() >> r.nextInt(64);
            int m = r.nextInt(Integer.MAX_VALUE);
            int n = r.nextInt(64);
            long count = 1 + r.nextInt(r.nextBoolean() ? 10 : 100_000);
            assertEquals(FxReference.average(sum, m, n, count, -32768, 32767), Requant.average(sum, m, n, count, -32768, 32767),
                    "sum " + sum + " m " + m + " n " + n + " count " + count);
        }
    }

    @Test
    void multiplierApproximatesTheRatio() {
        Random r = new Random(3);
        for (int i = 0; i < 10_000; i++) {
            double ratio = Math.scalb(1 + r.nextDouble(), r.nextInt(60) - 33);
            Multiplier q = Multiplier.of(ratio);
            assertTrue(q.m() >= 1 << 30 && q.n() >= 0 && q.n() <= 63, q.toString());
            assertTrue(Math.abs(q.ratio() - ratio) <= Math.scalb(0.5, -q.n()), ratio + " " + q);
            assertEquals(Math.rint(Math.scalb(ratio, q.n())), q.m(), 0.0, "m is roundHalfEven(M * 2^n)");
        }
    }

    @Test
    void multiplierEdges() {
        assertEquals(new Multiplier(1 << 30, 30), Multiplier.of(1.0));
        assertEquals(new Multiplier(1 << 30, 31), Multiplier.of(0.5));
        assertEquals(new Multiplier(Integer.MAX_VALUE, 0), Multiplier.of(Integer.MAX_VALUE));
        // Just below 2^31 rounds up to it: one bit less shift instead.
        assertEquals(new Multiplier(1 << 30, 29), Multiplier.of(2 - 0x1p-40));
        // Tiny ratios: the shift stops at 63 and the multiplier shrinks, to 0 below 2^-64.
        assertEquals(new Multiplier(1 << 20, 63), Multiplier.of(0x1p-43));
        assertEquals(new Multiplier(0, 63), Multiplier.of(0x1p-70));
        assertEquals(new Multiplier(0, 63), Multiplier.of(Double.MIN_VALUE));
    }

    @Test
    void multiplierErrors() {
        assertTrue(assertThrows(KtcException.class, () -> Multiplier.of(0x1p31)).getMessage().contains("too large"));
        assertThrows(KtcException.class, () -> Multiplier.of(0x1p31 - 0.5));
        assertThrows(KtcException.class, () -> Multiplier.of(0));
        assertThrows(KtcException.class, () -> Multiplier.of(-1));
        assertThrows(KtcException.class, () -> Multiplier.of(Double.NaN));
        assertThrows(KtcException.class, () -> Multiplier.of(Double.POSITIVE_INFINITY));
        assertThrows(KtcException.class, () -> new Multiplier(-1, 3));
        assertThrows(KtcException.class, () -> new Multiplier(5, 64));
    }
}
