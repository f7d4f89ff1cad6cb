package org.ktcj.runtime.kernels;

import org.ktcj.runtime.ops.Workspace;

/**
 * Transposed convolution per image and group as a matrix product and a scatter: the columns
 * {@code col[(m, tap)][input position] = sum_c w[c][m][tap] * x[c][position]} come from the blocked GEMM
 * (W_g read transposed as A, the input as B), then each column is added into the output at
 * {@code o = i * stride - pad + tap * dilation} (col2im), taps in order, and the bias last.
 *
 * <p>The window's "in" is the input of the transposed convolution and "out" its output. Work is split
 * over images, groups and chunks of output channels, so that no two threads add into the same output;
 * a chunk's columns live in a per-thread scratch buffer.
 */
public final class TransposedConv {
    /** Floats of columns per chunk of output channels (the per-thread scratch it needs). */
    private static final int COLUMN_BUDGET = 1 << 20;

    private final Kernels kern;
    private final Window win;
    private final int groups;
    private final int cg;
    private final int mg;
    private final int chunk;
    private final int chunks;
    /** Weights in ONNX layout, {@code channels x outChannels/groups x kernel...}. Not ours: read only. */
    private final float[] weights;
    private final float[] bias;

    /**
     * @param w weights in ONNX layout, {@code channels x outChannels/groups x kernel...}; kept, not copied
     * @param b bias per output channel, or null
     */
    public TransposedConv(Kernels kern, Window win, int channels, int outChannels, int groups, float[] w, float[] b) {
        this.kern = kern;
        this.win = win;
        this.groups = groups;
        this.cg = channels / groups;
        this.mg = outChannels / groups;
        int taps = win.taps();
        int perChannel = Math.max(1, taps * win.inPlane());
        this.chunk = Math.max(1, Math.min(mg, COLUMN_BUDGET / perChannel));
        this.chunks = Math.max(1, Gemm.ceilDiv(mg, chunk));
        this.weights = w;
        this.bias = b == null ? null : b.clone();
    }

    /** x is {@code batch x channels x in...}; y (zero-filled) is {@code batch x outChannels x out...}. */
    public void run(float[] x, int batch, float[] y, Workspace ws) {
        int inPlane = win.inPlane();
        int outPlane = win.outPlane();
        int taps = win.taps();
        int channels = cg * groups;
        int outChannels = mg * groups;
        Gemm.PanelSource source = Gemm.matrix(inPlane, 1);
        ws.parallel().forRange(batch * groups * chunks, Gemm.grain((long) chunk * taps * inPlane * cg), (start, end) -> {
            for (int t = start; t < end; t++) {
                int c = t % chunks;
                int g = (t / chunks) % groups;
                int n = t / (chunks * groups);
                int m0 = c * chunk;
                int m1 = Math.min(mg, m0 + chunk);
                int rows = (m1 - m0) * taps;
                float[] col = ws.scratch(Slots.COLUMNS, rows * inPlane);
                int xOff = (n * channels + g * cg) * inPlane;
                // A[(m, t)][c] = w[g*cg + c][m][t]: rows stride 1, columns stride mg*taps.
                int aOff = g * cg * mg * taps + m0 * taps;
                for (int n0 = 0; n0 < inPlane; n0 += Gemm.NC) {
                    Gemm.multiply(kern, cg, weights, aOff, 1, mg * taps, 0, rows, source, x, xOff, n0,
                            Math.min(Gemm.NC, inPlane - n0), col, 0, inPlane, null, 0, null, ws);
                }
                for (int m = m0; m < m1; m++) {
                    int oc = g * mg + m;
                    int yOff = (n * outChannels + oc) * outPlane;
                    scatter(col, (m - m0) * taps * inPlane, y, yOff);
                    if (bias != null) {
                        float bv = bias[oc];
                        for (int i = 0; i < outPlane; i++) {
                            y[yOff + i] += bv;
                        }
                    }
                }
            }
        });
    }

    /** Adds one output channel's columns (taps x input positions) into its output plane. */
    private void scatter(float[] col, int colOff, float[] y, int yOff) {
        Window w = win;
        int inPlane = w.inPlane();
        int t = 0;
        for (int kd = 0; kd < w.kD; kd++) {
            for (int kh = 0; kh < w.kH; kh++) {
                for (int kw = 0; kw < w.kW; kw++, t++) {
                    int offW = kw * w.dilW - w.padW;
                    // Input columns iw whose output column iw * strideW + offW is inside [0, outW).
                    int iwLo = offW >= 0 ? 0 : Gemm.ceilDiv(-offW, w.strideW);
                    int iwHi = Math.min(w.inW, w.outW - offW <= 0 ? 0 : Gemm.ceilDiv(w.outW - offW, w.strideW));
                    if (iwHi <= iwLo) {
                        continue;
                    }
                    int row = colOff + t * inPlane;
                    for (int id = 0; id < w.inD; id++) {
                        int od = id * w.strideD - w.padD + kd * w.dilD;
                        if (od < 0 || od >= w.outD) {
                            continue;
                        }
                        for (int ih = 0; ih < w.inH; ih++) {
                            int oh = ih * w.strideH - w.padH + kh * w.dilH;
                            if (oh < 0 || oh >= w.outH) {
                                continue;
                            }
                            int src = row + (id * w.inH + ih) * w.inW;
                            int dst = yOff + (od * w.outH + oh) * w.outW + offW;
                            int sw = w.strideW;
                            for (int iw = iwLo; iw < iwHi; iw++) {
                                y[dst + iw * sw] += col[src + iw];
                            }
                        }
                    }
                }
            }
        }
    }
}
