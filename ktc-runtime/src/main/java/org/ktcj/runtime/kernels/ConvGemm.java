package org.ktcj.runtime.kernels;

import org.ktcj.runtime.ops.Workspace;

/**
 * Convolution as a matrix product per image and group, without an im2col matrix: Y_g (M/G x outputs)
 * = W_g (M/G x C/G*taps) times the implicit im2col matrix of the group's input channels, whose blocks
 * {@link Im2col} packs straight from the input into the GEMM's B panels. A 1x1 convolution with stride 1
 * and no padding reads the input as its B matrix as it stands. Weights are packed once, when the
 * convolution is made; bias and an optional clamp are applied as the last k block is stored.
 *
 * <p>Each output is {@code sum over (c, kd, kh, kw) of w * x}, in that order with fused multiply-adds
 * from zero (padding reads as zero), then {@code + bias}.
 */
public final class ConvGemm {
    private final Kernels kern;
    private final Window win;
    private final int groups;
    private final int cg;
    private final int mg;
    private final int k;
    private final float[] weights;
    private final int weightStride;
    private final float[] bias;
    private final int biasStride;
    private final boolean clamp;
    private final float lo;
    private final float hi;
    private final Gemm.PanelSource source;

    /**
     * @param w    weights in ONNX layout, {@code outChannels x channels/groups x kernel...}
     * @param b    bias per output channel, or null
     * @param clamp whether to limit outputs to {@code [lo, hi]}
     */
    public ConvGemm(Kernels kern, Window win, int channels, int outChannels, int groups, float[] w, float[] b,
            boolean clamp, float lo, float hi) {
        this.kern = kern;
        this.win = win;
        this.groups = groups;
        this.cg = channels / groups;
        this.mg = outChannels / groups;
        this.k = cg * win.taps();
        this.weightStride = Gemm.packedSize(kern, mg, k);
        this.weights = new float[weightStride * groups];
        for (int g = 0; g < groups; g++) {
            Gemm.packA(kern, w, g * mg * k, mg, k, k, 1, weights, g * weightStride);
        }
        this.biasStride = Gemm.roundUp(mg, kern.mr());
        if (b != null) {
            bias = new float[biasStride * groups];
            for (int g = 0; g < groups; g++) {
                System.arraycopy(b, g * mg, bias, g * biasStride, mg);
            }
        } else {
            bias = null;
        }
        this.clamp = clamp;
        this.lo = lo;
        this.hi = hi;
        this.source = win.isPointwise() ? Gemm.matrix(win.inPlane(), 1) : new Im2col(win);
    }

    /** Convolves {@code batch} images: x is {@code batch x channels x in...}, y {@code batch x outChannels x out...}. */
    public void run(float[] x, int batch, float[] y, Workspace ws) {
        int inPlane = win.inPlane();
        int outPlane = win.outPlane();
        int channels = cg * groups;
        int outChannels = mg * groups;
        Gemm.Split split = Gemm.Split.of(kern, mg, outPlane, batch * groups, ws.parallel().threads());
        int per = split.tasksPer();
        ws.parallel().forRange(batch * groups * per, 1, (start, end) -> {
            for (int t = start; t < end; t++) {
                int problem = t / per;
                int r = t % per;
                int n = problem / groups;
                int g = problem % groups;
                int m0 = (r / split.nTiles()) * split.mChunk();
                int n0 = (r % split.nTiles()) * split.nTile();
                Gemm.multiply(kern, k, weights, g * weightStride, m0, Math.min(mg, m0 + split.mChunk()),
                        source, x, (n * channels + g * cg) * inPlane, n0, Math.min(split.nTile(), outPlane - n0),
                        y, (n * outChannels + g * mg) * outPlane, outPlane, bias, g * biasStride, clamp, lo, hi, ws);
            }
        });
    }

    /**
     * The im2col matrix of a window: row {@code (c, kd, kh, kw)}, column {@code (od, oh, ow)}, value the
     * input the tap reads (zero in the padding). Packs blocks of it from the input.
     */
    static final class Im2col implements Gemm.PanelSource {
        private final Window w;

        Im2col(Window w) {
            this.w = w;
        }

        @Override
        public void pack(float[] src, int srcOff, int k0, int kc, int n0, int nc, int nr, float[] dst) {
            Window win = w;
            int taps = win.taps();
            int khw = win.kH * win.kW;
            int ohw = win.outH * win.outW;
            int inPlane = win.inPlane();
            int stride = win.strideW;
            int panel = kc * nr;
            for (int p = 0; p < kc; p++) {
                int kk = k0 + p;
                int c = kk / taps;
                int t = kk - c * taps;
                int kd = t / khw;
                int kh = (t / win.kW) % win.kH;
                int kw = t % win.kW;
                int offD = kd * win.dilD - win.padD;
                int offH = kh * win.dilH - win.padH;
                int offW = kw * win.dilW - win.padW;
                int lo = Window.firstInside(kw, stride, win.dilW, win.padW);
                int hi = Window.endInside(kw, stride, win.dilW, win.padW, win.inW, win.outW);
                if (hi < lo) {
                    hi = lo;
                }
                int chan = srcOff + c * inPlane;
                int od = n0 / ohw;
                int rem = n0 - od * ohw;
                int oh = rem / win.outW;
                int ow = rem - oh * win.outW;
                int j = 0;
                while (j < nc) {
                    int seg = Math.min(win.outW - ow, nc - j);
                    int id = od * win.strideD + offD;
                    int ih = oh * win.strideH + offH;
                    if (id < 0 || id >= win.inD || ih < 0 || ih >= win.inH) {
                        zero(dst, p, panel, nr, j, seg);
                    } else {
                        int row = chan + (id * win.inH + ih) * win.inW + offW;
                        int end = ow + seg;
                        int a = Math.min(end, Math.max(ow, lo));
                        int b = Math.max(a, Math.min(end, hi));
                        zero(dst, p, panel, nr, j, a - ow);
                        copy(src, row + a * stride, stride, dst, p, panel, nr, j + a - ow, b - a);
                        zero(dst, p, panel, nr, j + b - ow, end - b);
                    }
                    j += seg;
                    ow = 0;
                    if (++oh == win.outH) {
                        oh = 0;
                        od++;
                    }
                }
                zero(dst, p, panel, nr, nc, Gemm.roundUp(nc, nr) - nc);
            }
        }

        /** Column positions [j, j+len) of packed row p, from src with the given stride. */
        private static void copy(float[] src, int s, int stride, float[] dst, int p, int panel, int nr, int j, int len) {
            while (len > 0) {
                int q = j / nr;
                int lane = j - q * nr;
                int piece = Math.min(nr - lane, len);
                int d = q * panel + p * nr + lane;
                if (stride == 1) {
                    System.arraycopy(src, s, dst, d, piece);
                } else {
                    for (int i = 0; i < piece; i++) {
                        dst[d + i] = src[s + i * stride];
                    }
                }
                s += piece * stride;
                j += piece;
                len -= piece;
            }
        }

        private static void zero(float[] dst, int p, int panel, int nr, int j, int len) {
            while (len > 0) {
                int q = j / nr;
                int lane = j - q * nr;
                int piece = Math.min(nr - lane, len);
                int d = q * panel + p * nr + lane;
                for (int i = 0; i < piece; i++) {
                    dst[d + i] = 0f;
                }
                j += piece;
                len -= piece;
            }
        }
    }
}
