package org.ktcj.runtime.fx;

import org.ktcj.ir.DataType;
import org.ktcj.runtime.ops.NodeContext;

/**
 * A node's requantization attributes, checked: {@code multiplier} and {@code shift} (one entry, or one
 * per output channel), optional {@code neg_multiplier} and {@code neg_shift} for negative accumulators,
 * and the clamp {@code [out_min, out_max]} (by default the output type's range).
 */
final class Requantizer {
    private final int[] m;
    private final int[] n;
    private final int[] negM;
    private final int[] negN;
    private final long lo;
    private final long hi;

    private Requantizer(int[] m, int[] n, int[] negM, int[] negN, long lo, long hi) {
        this.m = m;
        this.n = n;
        this.negM = negM;
        this.negN = negN;
        this.lo = lo;
        this.hi = hi;
    }

    /** The attributes of the node, whose output is of type {@code out} (INT8 or INT16). */
    static Requantizer of(NodeContext ctx, DataType out) {
        int[] m = multipliers(ctx, "multiplier", true);
        int[] n = shifts(ctx, "shift", true, m.length);
        int[] negM = multipliers(ctx, "neg_multiplier", false);
        int[] negN = negM == null ? null : shifts(ctx, "neg_shift", true, negM.length);
        if (negM == null && ctx.node().hasAttribute("neg_shift")) {
            throw ctx.fail("neg_shift is given without neg_multiplier");
        }
        long typeMax = out == DataType.INT8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
        long lo = ctx.node().attrInt("out_min", -typeMax - 1);
        long hi = ctx.node().attrInt("out_max", typeMax);
        if (lo < -typeMax - 1 || hi > typeMax || lo > hi) {
            throw ctx.fail("[out_min, out_max] = [" + lo + ", " + hi + "] is not a range within "
                    + out.displayName());
        }
        return new Requantizer(m, n, negM, negN, lo, hi);
    }

    private static int[] multipliers(NodeContext ctx, String name, boolean required) {
        long[] v = FxAttrs.ints(ctx, name, required);
        if (v == null) {
            return null;
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > Integer.MAX_VALUE) {
                throw ctx.fail(name + " " + v[i] + " is outside [0, 2^31)");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    private static int[] shifts(NodeContext ctx, String name, boolean required, int entries) {
        long[] v = FxAttrs.ints(ctx, name, required);
        if (v.length != entries) {
            throw ctx.fail(name + " has " + v.length + " entries, its multiplier " + entries);
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (v[i] < 0 || v[i] > Multiplier.MAX_SHIFT) {
                throw ctx.fail(name + " " + v[i] + " is outside [0, 63]");
            }
            out[i] = (int) v[i];
        }
        return out;
    }

    /** Checks that the per-channel attributes suit {@code channels} output channels. */
    void checkChannels(NodeContext ctx, int channels) {
        FxAttrs.checkChannels(ctx, "multiplier", m.length, channels);
        if (negM != null) {
            FxAttrs.checkChannels(ctx, "neg_multiplier", negM.length, channels);
        }
    }

    /** The requantized accumulator of channel {@code c}. */
    long apply(long acc, int c) {
        if (acc < 0 && negM != null) {
            int i = negM.length == 1 ? 0 : c;
            return Requant.requant(acc, negM[i], negN[i], lo, hi);
        }
        int i = m.length == 1 ? 0 : c;
        return Requant.requant(acc, m[i], n[i], lo, hi);
    }

    /** Average pooling's requantization of a window sum over {@code count} taps, channel {@code c}. */
    long average(long sum, long count, int c) {
        int i = m.length == 1 ? 0 : c;
        return Requant.average(sum, m[i], n[i], count, lo, hi);
    }

    /**
     * Requantizes {@code acc[0, count)} in place, element {@code j} in channel {@code c + j * step}
     * (step 0: one channel; 1: a channel per column), then stores them into the output carrier at
     * {@code off}.
     */
    void store(long[] acc, int count, int c, int step, Object out, int off) {
        for (int j = 0; j < count; j++) {
            acc[j] = apply(acc[j], c + j * step);
        }
        IntArrays.store(acc, count, out, off);
    }
}
