package org.ktcj.runtime.kernels;

import java.util.Arrays;
import org.ktcj.runtime.ops.Workspace;

/**
 * Convolution as a matrix product per image and group, without an im2col matrix: Y_g (M/G x outputs)
 * = W_g (M/G x C/G*taps) times the implicit im2col matrix of the group's input channels, packed block by
 * block into the GEMM's B panels. The weights are A as they stand in ONNX layout, with no copy of their
 * own: blocks of them are packed into panels as the GEMM goes. Bias and an optional clamp are applied as
 * the last k block is stored.
 *
 * <p>Three ways to the panels:
 * <ul>
 * <li>1x1, stride 1, no padding: the input is the B matrix ({@code channels x positions}) as it stands.</li>
 * <li>Other 1-D and 2-D windows: the input is first copied into a zero-padded buffer, split into stride
 *     phases ({@code strideH x strideW} planes), where row {@code k = (c, kh, kw)} of the im2col matrix
 *     is, for each output row, a run of adjacent floats at {@code rows[k] + oh * wq + ow}. The output
 *     columns are taken in tiles of {@code nr} within one output row, so packing is one vector copy per
 *     tile and k, with no bounds logic.</li>
 * <li>3-D: {@link Im2col} packs panels straight from the input, with bounds checks.</li>
 * </ul>
 *
 * <p>Each output is {@code sum over (c, kd, kh, kw) of w * x}, in that order with fused multiply-adds
 * from zero (padding reads as zero), then {@code + bias}, then the clamp.
 */
public final class ConvGemm {
    private final Kernels kern;
    private final Window win;
    private final int groups;
    private final int cg;
    private final int mg;
    private final int k;
    /** W, row-major ({@code k} floats a row); group g's rows from {@code g * weightStride}. Not ours: read only. */
    private final float[] weights;
    private final int weightStride;
    private final float[] bias;
    private final int biasStride;
    private final float[] clamp;
    /** Pointwise and 3-D windows: the panel source (else the padded-input tiles below are used). */
    private final Gemm.PanelSource source;
    /** Rows and columns of one phase plane of the padded input. */
    private final int hq;
    private final int wq;
    /** Floats per input channel in the padded buffer (the phases any tap reads). */
    private final int chanStride;
    /** Per row k of a group's im2col matrix: its offset from the group's first channel. */
    private final int[] rows;
    /** Per stride phase (a * strideW + b): whether any tap reads it (a 1x1 stride-2 window reads one). */
    private final boolean[] phaseUsed;
    /** Per stride phase that is read: its plane among a channel's planes (in phase order). */
    private final int[] phasePlane;

    /**
     * @param w    weights in ONNX layout, {@code outChannels x channels/groups x kernel...}; kept, not copied
     * @param b    bias per output channel, or null
     * @param clamp {lower, upper} limits of the outputs, or null
     */
    public ConvGemm(Kernels kern, Window win, int channels, int outChannels, int groups, float[] w, float[] b,
            float[] clamp) {
        this.kern = kern;
        this.win = win;
        this.groups = groups;
        this.cg = channels / groups;
        this.mg = outChannels / groups;
        int taps = win.taps();
        this.k = cg * taps;
        this.weightStride = mg * k;
        this.weights = w;
        this.biasStride = Gemm.roundUp(mg, kern.mr());
        if (b != null) {
            bias = new float[biasStride * groups];
            for (int g = 0; g < groups; g++) {
                System.arraycopy(b, g * mg, bias, g * biasStride, mg);
            }
        } else {
            bias = null;
        }
        this.clamp = clamp == null ? null : clamp.clone();
        if (win.isPointwise() || win.inD != 1 || win.kD != 1 || win.outD != 1) {
            source = win.isPointwise() ? Gemm.matrix(win.inPlane(), 1) : new Im2col(win, cg);
            hq = 0;
            wq = 0;
            chanStride = 0;
            rows = null;
            phaseUsed = null;
            phasePlane = null;
            return;
        }
        source = null;
        int sh = win.strideH;
        int sw = win.strideW;
        hq = win.outH + ((win.kH - 1) * win.dilH) / sh;
        wq = win.outW + ((win.kW - 1) * win.dilW) / sw;
        phaseUsed = new boolean[sh * sw];
        for (int t = 0; t < taps; t++) {
            phaseUsed[(((t / win.kW) * win.dilH) % sh) * sw + ((t % win.kW) * win.dilW) % sw] = true;
        }
        phasePlane = new int[sh * sw];
        int planes = 0;
        for (int p = 0; p < phasePlane.length; p++) {
            phasePlane[p] = phaseUsed[p] ? planes++ : -1;
        }
        chanStride = planes * hq * wq;
        rows = new int[k];
        for (int r = 0; r < k; r++) {
            int c = r / taps;
            int yy = ((r % taps) / win.kW) * win.dilH;
            int xx = (r % win.kW) * win.dilW;
            int phase = (yy % sh) * sw + xx % sw;
            rows[r] = c * chanStride + phasePlane[phase] * hq * wq + (yy / sh) * wq + xx / sw;
        }
    }

    /** Convolves {@code batch} images: x is {@code batch x channels x in...}, y {@code batch x outChannels x out...}. */
    public void run(float[] x, int batch, float[] y, Workspace ws) {
        if (rows == null) {
            runPanels(x, batch, y, ws);
            return;
        }
        int channels = cg * groups;
        int outChannels = mg * groups;
        int nr = kern.nr();
        int imageStride = channels * chanStride;
        // One buffer for all images, plus a vector of slack: a row's last tile reads past its end.
        float[] in = ws.scratch(Slots.INPUT, batch * imageStride + nr);
        ws.parallel().forRange(batch * channels, Gemm.grain(16L * chanStride), (start, end) -> {
            for (int i = start; i < end; i++) {
                fill(x, i * win.inPlane(), in, i * chanStride);
            }
        });
        Arrays.fill(in, batch * imageStride, batch * imageStride + nr, 0f);
        int perRow = Gemm.ceilDiv(win.outW, nr);
        int tiles = win.outH * perRow;
        // The columns of the product are the tiles' nr columns each (tile t's start at t * nr).
        forTasks(batch, tiles * nr, ws, (n, g, m0, m1, n0, n1) -> block(in, n * imageStride + g * cg * chanStride,
                g, m0, m1, n0 / nr, Math.min(tiles, n1 / nr), perRow, y, (n * outChannels + g * mg) * win.outPlane(), ws));
    }

    /** One task: image n, group g, output channels [m0, m1) of the group, product columns [n0, n1). */
    private interface Task {
        void run(int n, int g, int m0, int m1, int n0, int n1);
    }

    /** Cuts {@code batch} images x groups of {@code mg x columns} products into tasks on the threads. */
    private void forTasks(int batch, int columns, Workspace ws, Task task) {
        Gemm.Split split = Gemm.Split.of(kern, mg, columns, k, batch * groups, ws.parallel().threads());
        int per = split.tasksPer();
        ws.parallel().forRange(batch * groups * per, split.grain(k), (start, end) -> {
            for (int t = start; t < end; t++) {
                int problem = t / per;
                int r = t % per;
                int m0 = (r / split.nTiles()) * split.mChunk();
                int n0 = (r % split.nTiles()) * split.nTile();
                task.run(problem / groups, problem % groups, m0, Math.min(mg, m0 + split.mChunk()), n0,
                        Math.min(columns, n0 + split.nTile()));
            }
        });
    }

    /**
     * Output channels [m0, m1) of group g over tiles [t0, t1) (row-major, {@code perRow} to an output row),
     * k block by k block: pack the tiles' panels, then sweep them with the A panels. When the output rows
     * or the channels do not split into whole tiles, the block is accumulated in a scratch block of
     * whole tiles and its valid part copied out at the end, rather than passing partial tiles through
     * a buffer at every k block.
     */
    private void block(float[] in, int inOff, int g, int m0, int m1, int t0, int t1, int perRow, float[] y, int yOff,
            Workspace ws) {
        int mr = kern.mr();
        int nr = kern.nr();
        int outW = win.outW;
        int blocks = Math.max(1, Gemm.ceilDiv(k, Gemm.KC));
        int kcMax = Gemm.ceilDiv(k, blocks);
        int mc = Gemm.roundUp(Gemm.MC, mr);
        float[] buf = ws.scratch(Slots.PACK_B, kcMax * (t1 - t0) * nr);
        boolean whole = outW % nr == 0 && (m1 - m0) % mr == 0;
        float[] c = whole ? y : ws.scratch(Slots.C_BLOCK, Gemm.roundUp(m1 - m0, mr) * (t1 - t0) * nr);
        float[] ap = ws.scratch(Slots.PACK_A, Math.min(mc, Gemm.roundUp(m1 - m0, mr)) * kcMax);
        int ldc = whole ? win.outPlane() : (t1 - t0) * nr;
        int aOff = g * weightStride;
        int bOff = g * biasStride;
        for (int blk = 0, k0 = 0; blk < blocks; blk++, k0 += kcMax) {
            int kc = Math.min(kcMax, k - k0);
            boolean first = blk == 0;
            float[] bs = blk == blocks - 1 ? bias : null;
            float[] cl = blk == blocks - 1 ? clamp : null;
            for (int t = t0; t < t1; t++) {
                int oh = t / perRow;
                int src = inOff + oh * wq + (t - oh * perRow) * nr;
                int d = (t - t0) * kc * nr;
                for (int p = 0; p < kc; p++, d += nr) {
                    kern.copyPanel(in, rows[k0 + p] + src, buf, d);
                }
            }
            for (int ic = m0; ic < m1; ic += mc) {
                int icEnd = Math.min(m1, ic + mc);
                Gemm.packA(kern, weights, aOff + ic * k + k0, icEnd - ic, kc, k, 1, ap, 0);
                for (int t = t0; t < t1; t++) {
                    int bo = (t - t0) * kc * nr;
                    int col;
                    if (whole) {
                        int oh = t / perRow;
                        col = yOff + oh * outW + (t - oh * perRow) * nr;
                    } else {
                        col = (t - t0) * nr;
                    }
                    for (int ir = ic; ir < icEnd; ir += mr) {
                        int co = col + (whole ? ir : ir - m0) * ldc;
                        kern.gemmTile(kc, ap, (ir - ic) * kc, buf, bo, c, co, ldc, !first);
                        if (bs != null || cl != null) {
                            kern.finishTile(c, co, ldc, bs, bOff + ir, cl);
                        }
                    }
                }
            }
        }
        if (!whole) {
            for (int m = m0; m < m1; m++) {
                int cRow = (m - m0) * ldc;
                for (int t = t0; t < t1; t++) {
                    int oh = t / perRow;
                    int ow = (t - oh * perRow) * nr;
                    System.arraycopy(c, cRow + (t - t0) * nr, y, yOff + m * win.outPlane() + oh * outW + ow,
                            Math.min(nr, outW - ow));
                }
            }
        }
    }

    /**
     * One channel into the stride phases its taps read, padded: phase (a, b) row r, column q is padded
     * (r*sH + a, q*sW + b), i.e. input (r*sH + a - padH, q*sW + b - padW), zero outside the input.
     */
    private void fill(float[] x, int xOff, float[] dst, int dOff) {
        Window w = win;
        int sh = w.strideH;
        int sw = w.strideW;
        int plane = hq * wq;
        for (int a = 0; a < sh; a++) {
            boolean pair = sw == 2 && phaseUsed[a * sw] && phaseUsed[a * sw + 1];
            for (int b = 0; b < sw; b++) {
                if (!phaseUsed[a * sw + b] || pair && b == 1) {
                    continue;
                }
                // Column q reads input column q * sw + b - padW when that is inside [0, inW).
                int qLo = Math.min(wq, Math.max(0, -Math.floorDiv(b - w.padW, sw)));
                int qHi = Math.max(qLo, Math.min(wq, -Math.floorDiv(b - w.inW - w.padW, sw)));
                // With both phases of a stride-2 row wanted, phase 1 takes the next input column along.
                int qHi1 = pair ? Math.max(qLo, Math.min(wq, -Math.floorDiv(1 - w.inW - w.padW, 2))) : 0;
                int qLo1 = pair ? Math.min(wq, Math.max(0, -Math.floorDiv(1 - w.padW, 2))) : 0;
                // With a pair, phase b + 1 is the next plane: planes are in phase order.
                int d0 = dOff + phasePlane[a * sw + b] * plane;
                for (int r = 0; r < hq; r++) {
                    int d = d0 + r * wq;
                    int d1 = d + plane;
                    int iy = r * sh + a - w.padH;
                    if (iy < 0 || iy >= w.inH) {
                        Arrays.fill(dst, d, d + wq, 0f);
                        if (pair) {
                            Arrays.fill(dst, d1, d1 + wq, 0f);
                        }
                        continue;
                    }
                    int s = xOff + iy * w.inW + b - w.padW;
                    Arrays.fill(dst, d, d + qLo, 0f);
                    Arrays.fill(dst, d + qHi, d + wq, 0f);
                    if (sw == 1) {
                        System.arraycopy(x, s + qLo, dst, d + qLo, qHi - qLo);
                    } else if (pair) {
                        Arrays.fill(dst, d1, d1 + qLo1, 0f);
                        Arrays.fill(dst, d1 + qHi1, d1 + wq, 0f);
                        // Columns q of both phases come from input columns 2q - padW and 2q + 1 - padW.
                        int lo = Math.max(qLo, qLo1);
                        int hi = Math.min(qHi, qHi1);
                        if (hi > lo) {
                            kern.deinterleave(x, s + 2 * lo, 0, hi - lo, 1, dst, d + lo, dst, d1 + lo, 0);
                        }
                        for (int q = qLo; q < Math.min(lo, qHi); q++) {
                            dst[d + q] = x[s + 2 * q];
                        }
                        for (int q = Math.max(hi, qLo); q < qHi; q++) {
                            dst[d + q] = x[s + 2 * q];
                        }
                        for (int q = qLo1; q < Math.min(Math.max(lo, qLo1), qHi1); q++) {
                            dst[d1 + q] = x[s + 2 * q + 1];
                        }
                        for (int q = Math.max(hi, qLo1); q < qHi1; q++) {
                            dst[d1 + q] = x[s + 2 * q + 1];
                        }
                    } else {
                        for (int q = qLo; q < qHi; q++) {
                            dst[d + q] = x[s + q * sw];
                        }
                    }
                }
            }
        }
    }

    /** Pointwise and 3-D: the blocked GEMM with panels from {@link #source}. */
    private void runPanels(float[] x, int batch, float[] y, Workspace ws) {
        int inPlane = win.inPlane();
        int outPlane = win.outPlane();
        int channels = cg * groups;
        int outChannels = mg * groups;
        forTasks(batch, outPlane, ws, (n, g, m0, m1, n0, n1) -> Gemm.multiply(kern, k, weights, g * weightStride, k, 1,
                m0, m1, source, x, (n * channels + g * cg) * inPlane, n0, n1 - n0,
                y, (n * outChannels + g * mg) * outPlane, outPlane, bias, g * biasStride, clamp, ws));
    }

    /**
     * The im2col matrix of a window: row {@code k = (c, kd, kh, kw)}, column {@code (od, oh, ow)}, value
     * the input the tap reads (zero in the padding). Packs blocks of it from the input a panel at a time,
     * so that each panel is written in order; a panel whose outputs lie in one output row with every
     * tap inside the input is a plain copy of {@code nr} (strided) inputs.
     */
    static final class Im2col implements Gemm.PanelSource {
        private final Window w;
        /** Per row k: offset of its tap from the input position of output (0, 0, 0), channel included. */
        private final int[] offset;
        /** Per row k: the tap's depth and height offsets from o * stride. */
        private final int[] offD;
        private final int[] offH;
        /** Per row k: the output columns [lo, hi) whose tap reads inside the input's width. */
        private final int[] lo;
        private final int[] hi;

        Im2col(Window w, int channels) {
            this.w = w;
            int taps = w.taps();
            int k = channels * taps;
            offset = new int[k];
            offD = new int[k];
            offH = new int[k];
            lo = new int[k];
            hi = new int[k];
            int inHW = w.inH * w.inW;
            for (int r = 0; r < k; r++) {
                int c = r / taps;
                int t = r % taps;
                int kd = t / (w.kH * w.kW);
                int kh = (t / w.kW) % w.kH;
                int kw = t % w.kW;
                offD[r] = kd * w.dilD - w.padD;
                offH[r] = kh * w.dilH - w.padH;
                int offW = kw * w.dilW - w.padW;
                offset[r] = c * w.inPlane() + offD[r] * inHW + offH[r] * w.inW + offW;
                lo[r] = Window.firstInside(kw, w.strideW, w.dilW, w.padW);
                hi[r] = Math.max(lo[r], Window.endInside(kw, w.strideW, w.dilW, w.padW, w.inW, w.outW));
            }
        }

        @Override
        public void pack(Kernels kern, float[] src, int srcOff, int k0, int kc, int n0, int nc, float[] dst) {
            Window win = w;
            int nr = kern.nr();
            int outW = win.outW;
            int ohw = win.outH * outW;
            int sw = win.strideW;
            int inHW = win.inH * win.inW;
            for (int j0 = 0; j0 < nc; j0 += nr) {
                int n = n0 + j0;
                int od = n / ohw;
                int rem = n - od * ohw;
                int oh = rem / outW;
                int ow = rem - oh * outW;
                boolean oneRow = nc - j0 >= nr && ow + nr <= outW;
                int base = srcOff + od * win.strideD * inHW + oh * win.strideH * win.inW + ow * sw;
                int id0 = od * win.strideD;
                int ih0 = oh * win.strideH;
                int d = (j0 / nr) * kc * nr;
                for (int p = 0; p < kc; p++, d += nr) {
                    int k = k0 + p;
                    if (oneRow) {
                        int id = id0 + offD[k];
                        int ih = ih0 + offH[k];
                        if (id < 0 || id >= win.inD || ih < 0 || ih >= win.inH) {
                            java.util.Arrays.fill(dst, d, d + nr, 0f);
                            continue;
                        }
                        if (ow >= lo[k] && ow + nr <= hi[k]) {
                            int s = base + offset[k];
                            if (sw == 1) {
                                kern.copyPanel(src, s, dst, d);
                            } else {
                                for (int i = 0; i < nr; i++) {
                                    dst[d + i] = src[s + i * sw];
                                }
                            }
                            continue;
                        }
                    }
                    packSlow(src, srcOff, k, n, Math.min(nr, nc - j0), nr, dst, d);
                }
            }
        }

        /**
         * One panel row in pieces along output rows: outputs from n on, {@code width} of them, each
         * output row's piece zeros, then inputs, then zeros; zeros past {@code width}.
         */
        private void packSlow(float[] src, int srcOff, int k, int n, int width, int nr, float[] dst, int d) {
            Window win = w;
            int outW = win.outW;
            int ohw = win.outH * outW;
            int sw = win.strideW;
            int od = n / ohw;
            int oh = (n - od * ohw) / outW;
            int ow = n - od * ohw - oh * outW;
            int j = 0;
            while (j < width) {
                int seg = Math.min(outW - ow, width - j);
                int id = od * win.strideD + offD[k];
                int ih = oh * win.strideH + offH[k];
                int end = ow + seg;
                int a = end;
                int b = end;
                if (id >= 0 && id < win.inD && ih >= 0 && ih < win.inH) {
                    a = Math.min(end, Math.max(ow, lo[k]));
                    b = Math.max(a, Math.min(end, hi[k]));
                }
                int o = d + j - ow;
                for (int x = ow; x < a; x++) {
                    dst[o + x] = 0f;
                }
                int s = srcOff + (od * win.strideD * win.inH + oh * win.strideH) * win.inW + offset[k];
                for (int x = a; x < b; x++) {
                    dst[o + x] = src[s + x * sw];
                }
                for (int x = b; x < end; x++) {
                    dst[o + x] = 0f;
                }
                j += seg;
                ow = 0;
                if (++oh == win.outH) {
                    oh = 0;
                    od++;
                }
            }
            for (int i = width; i < nr; i++) {
                dst[d + i] = 0f;
            }
        }
    }
}
