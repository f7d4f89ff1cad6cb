package org.ktcj.runtime.fx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.runtime.kernels.ConvGemm;
import org.ktcj.runtime.kernels.Depthwise;
import org.ktcj.runtime.kernels.Kernels;
import org.ktcj.runtime.kernels.Slots;
import org.ktcj.runtime.kernels.Window;
import org.ktcj.runtime.ops.Workspace;

/**
 * An integer convolution computed exactly on the float simulator's kernels. A float holds every integer
 * up to 2^24, and a fused multiply-add of integers whose exact result is such an integer is exact, so a
 * convolution whose every partial sum stays below 2^24 in magnitude is exact in float32. The work is cut
 * into passes that keep it there: input channels in slices (int8 x int8 3x3 windows take 114 channels a
 * pass), and int16 values in two bytes (low 0..255, high -128..127), the passes' sums then added in
 * long with their byte weights.
 */
final class FloatExactConv {
    /** The largest magnitude every integer below which a float holds exactly. */
    private static final long EXACT = 1L << 24;

    /** One byte (or the whole value) of X and of W and a slice of each group's input channels. */
    private record Pass(int xDigit, int wDigit, int c0, int c1, int shift, Kernel kernel) {
    }

    /** ConvGemm or Depthwise. */
    @FunctionalInterface
    private interface Kernel {
        void run(float[] x, int batch, float[] y, Workspace ws);
    }

    private final List<Pass> passes;
    private final boolean splitX;
    private final int groups;
    private final int channelsPerGroup;
    private final int outChannels;
    private final int inPlane;
    private final int outPlane;

    private FloatExactConv(List<Pass> passes, boolean splitX, int groups, int channelsPerGroup, int outChannels,
            Window win) {
        this.passes = passes;
        this.splitX = splitX;
        this.groups = groups;
        this.channelsPerGroup = channelsPerGroup;
        this.outChannels = outChannels;
        this.inPlane = win.inPlane();
        this.outPlane = win.outPlane();
    }

    /**
     * The passes for weights {@code w} ([M, C/groups, taps...] as ints) and an input of type {@code xType}
     * with {@code channels} channels; null when even one channel would not stay exact.
     */
    static FloatExactConv plan(Window win, int channels, int groups, int[] w, int outChannels, DataType xType) {
        int cg = channels / groups;
        int taps = win.taps();
        boolean splitX = xType == DataType.INT16;
        boolean splitW = IntArrays.maxMagnitude(w) > 255;
        int xDigits = splitX ? 2 : 1;
        int wDigits = splitW ? 2 : 1;
        List<Pass> passes = new ArrayList<>();
        Kernels kern = Kernels.preferred();
        for (int xd = 0; xd < xDigits; xd++) {
            long maxX = splitX ? (xd == 0 ? 255 : 128) : 128;
            for (int wd = 0; wd < wDigits; wd++) {
                int[] wDigit = digits(w, splitW, wd);
                long perChannel = taps * maxX * Math.max(1, IntArrays.maxMagnitude(wDigit));
                int slice = (int) Math.min(cg, (EXACT - 1) / perChannel);
                if (slice < 1) {
                    return null;
                }
                for (int c0 = 0; c0 < cg; c0 += slice) {
                    int c1 = Math.min(cg, c0 + slice);
                    float[] wf = sliceWeights(wDigit, outChannels, cg, taps, c0, c1);
                    int sliceChannels = (c1 - c0) * groups;
                    Kernel k = groups == channels && Depthwise.supports(win)
                            ? new Depthwise(kern, win, channels, outChannels / channels, wf, null, null)::run
                            : new ConvGemm(kern, win, sliceChannels, outChannels, groups, wf, null, null)::run;
                    passes.add(new Pass(xd, wd, c0, c1, 8 * ((splitX ? xd : 0) + (splitW ? wd : 0)), k));
                }
            }
        }
        return new FloatExactConv(passes, splitX, groups, cg, outChannels, win);
    }

    /** Byte {@code d} of every value (0: low, unsigned; 1: high, signed), or the values themselves. */
    private static int[] digits(int[] v, boolean split, int d) {
        if (!split) {
            return v;
        }
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = d == 0 ? v[i] & 0xFF : v[i] >> 8;
        }
        return out;
    }

    private static float[] sliceWeights(int[] w, int m, int cg, int taps, int c0, int c1) {
        int cs = c1 - c0;
        float[] out = new float[m * cs * taps];
        for (int o = 0; o < m; o++) {
            for (int c = 0; c < cs; c++) {
                for (int t = 0; t < taps; t++) {
                    out[(o * cs + c) * taps + t] = w[(o * cg + c0 + c) * taps + t];
                }
            }
        }
        return out;
    }

    /** {@code acc} ([batch, M, positions]) = the convolution of {@code x} ([batch, C, in...] as ints), exact. */
    void run(int[] x, int batch, long[] acc, Workspace ws) {
        int total = batch * outChannels * outPlane;
        Arrays.fill(acc, 0, total, 0L);
        for (Pass p : passes) {
            int cs = p.c1 - p.c0;
            float[] xf = ws.scratch(Slots.FX_INPUT, batch * groups * cs * inPlane);
            float[] yf = ws.scratch(Slots.FX_OUTPUT, total);
            ws.parallel().forRange(batch * groups * cs, Math.max(1, 4096 / Math.max(1, inPlane)), (s, e) -> {
                for (int i = s; i < e; i++) {
                    int bg = i / cs;
                    int src = (bg * channelsPerGroup + p.c0 + i % cs) * inPlane;
                    copyDigit(x, src, xf, i * inPlane, inPlane, splitX ? p.xDigit : -1);
                }
            });
            p.kernel.run(xf, batch, yf, ws);
            ws.parallel().forRange(total, 1 << 14, (s, e) -> {
                for (int i = s; i < e; i++) {
                    acc[i] += (long) yf[i] << p.shift;
                }
            });
        }
    }

    /** Byte {@code digit} of {@code n} values as floats (the values themselves when digit is -1). */
    private static void copyDigit(int[] x, int src, float[] dst, int at, int n, int digit) {
        if (digit < 0) {
            for (int j = 0; j < n; j++) {
                dst[at + j] = x[src + j];
            }
        } else {
            int mask = digit == 0 ? 0xFF : -1;
            int shift = digit == 0 ? 0 : 8;
            for (int j = 0; j < n; j++) {
                dst[at + j] = (x[src + j] >> shift) & mask;
            }
        }
    }
}
