package org.ktcj.runtime.kernels;

import org.ktcj.runtime.ops.Workspace;

/**
 * The blocked matrix product C = A B (+ row bias, clamped) on the register tile of {@link Kernels}, the
 * way BLIS does it: A is read where it lives (a strided matrix: weights in their ONNX layout need no
 * copy of their own) and packed into panels of {@code mr} rows a block at a time, B is packed block by block
 * ({@code kc} rows by {@code nc} columns, in panels of {@code nr} columns) by a {@link PanelSource}
 * straight from wherever B lives (a matrix, a transposed matrix, the implicit im2col matrix of a
 * convolution), and the tile kernel sweeps a block of B panels against the A panels. A single row (a
 * matrix-vector product) runs {@link Kernels#gemmRow} instead of tiles that would be mostly padding.
 * Each element is one sum over k in increasing order, carried across the k blocks through C.
 *
 * <p>The driver computes one task's share, rows {@code [m0, m1)} by columns {@code [n0, n0 + nc)}; the
 * operators split the work into such tasks (see {@link Split}) and run them on their threads.
 */
public final class Gemm {
    /** Depth of a k block: a B panel of kc x nr floats stays in L1 while the A panels pass by. */
    static final int KC = 256;
    /** Rows of A per sweep over a block of B: an mc x kc block of A stays in L2. */
    static final int MC = 120;
    /** Columns of B per task and block. */
    static final int NC = 480;
    /**
     * Multiply-adds a task should have before it is worth another thread: handing work to the pool
     * costs tens of microseconds, about what a core does with this many.
     */
    static final long MIN_TASK_WORK = 1L << 20;

    private Gemm() {
    }

    /** Writes a {@code kc x nc} block of B into panels; see {@link #pack}. */
    public interface PanelSource {
        /**
         * Packs rows {@code [k0, k0 + kc)} and columns {@code [n0, n0 + nc)} of B (whose data starts at
         * {@code src[srcOff]}) into {@code dst} in panels of {@code nr = kern.nr()} columns: element (k, j)
         * goes to {@code dst[((j - n0) / nr) * kc * nr + (k - k0) * nr + (j - n0) % nr]}, and the columns
         * of the last panel past {@code n0 + nc} are zero.
         */
        void pack(Kernels kern, float[] src, int srcOff, int k0, int kc, int n0, int nc, float[] dst);
    }

    /** B as a strided matrix: element (k, j) at {@code src[srcOff + k * rowStride + j * colStride]}. */
    public static PanelSource matrix(int rowStride, int colStride) {
        return new MatrixPanels(rowStride, colStride);
    }

    /**
     * Packs A ({@code rows x k}, element (i, p) at {@code src[srcOff + i * rowStride + p * colStride]})
     * into panels of {@code mr} rows: element (i, p) at
     * {@code dst[dstOff + (i / mr) * k * mr + p * mr + i % mr]}, rows past the end zero.
     */
    static void packA(Kernels kern, float[] src, int srcOff, int rows, int k, int rowStride, int colStride,
            float[] dst, int dstOff) {
        int mr = kern.mr();
        for (int i0 = 0; i0 < rows; i0 += mr) {
            int base = dstOff + i0 * k;
            int p0 = 0;
            if (rows - i0 >= mr && colStride == 1) {
                // Eight k of each row at a time: adjacent reads, and the writes stay within a few cache
                // lines (about half the time of a row at a time, which writes a whole panel per row).
                for (; p0 + 8 <= k; p0 += 8) {
                    int d = base + p0 * mr;
                    for (int i = 0; i < mr; i++, d++) {
                        int s = srcOff + (i0 + i) * rowStride + p0;
                        float v0 = src[s];
                        float v1 = src[s + 1];
                        float v2 = src[s + 2];
                        float v3 = src[s + 3];
                        float v4 = src[s + 4];
                        float v5 = src[s + 5];
                        float v6 = src[s + 6];
                        float v7 = src[s + 7];
                        dst[d] = v0;
                        dst[d + mr] = v1;
                        dst[d + 2 * mr] = v2;
                        dst[d + 3 * mr] = v3;
                        dst[d + 4 * mr] = v4;
                        dst[d + 5 * mr] = v5;
                        dst[d + 6 * mr] = v6;
                        dst[d + 7 * mr] = v7;
                    }
                }
            }
            // The rest row by row: runs along k, which read each row in order.
            for (int i = 0; i < mr; i++) {
                int d = base + i;
                if (i0 + i < rows) {
                    int s = srcOff + (i0 + i) * rowStride;
                    for (int p = p0; p < k; p++) {
                        dst[d + p * mr] = src[s + p * colStride];
                    }
                } else {
                    for (int p = p0; p < k; p++) {
                        dst[d + p * mr] = 0f;
                    }
                }
            }
        }
    }

    /**
     * C rows {@code [m0, m1)} by columns {@code [n0, n0 + nc)} of C = A B, packing B block by block.
     * A element (i, p) is {@code a[aOff + i * aRowStride + p * aColStride]}. C element (i, j) is
     * {@code c[cOff + i * ldc + j]}; with {@code bias}, row i adds {@code bias[biasOff + i]}, which must
     * be readable up to the next multiple of {@code mr} rows; with {@code clamp} ({lower, upper}), results
     * are limited to it.
     *
     * @param m0 a multiple of {@code mr}
     */
    public static void multiply(Kernels kern, int k, float[] a, int aOff, int aRowStride, int aColStride, int m0,
            int m1, PanelSource b, float[] bSrc, int bOff, int n0, int nc,
            float[] c, int cOff, int ldc, float[] bias, int biasOff, float[] clamp, Workspace ws) {
        if (m1 <= m0 || nc <= 0) {
            return;
        }
        int mr = kern.mr();
        int nr = kern.nr();
        int blocks = Math.max(1, ceilDiv(k, KC));
        int kcMax = ceilDiv(k, blocks);
        float[] bp = ws.scratch(Slots.PACK_B, kcMax * roundUp(nc, nr));
        float[] tile = ws.scratch(Slots.TILE, mr * nr);
        int mc = roundUp(MC, mr);
        float[] ap = m1 - m0 == 1 ? null : ws.scratch(Slots.PACK_A, Math.min(mc, roundUp(m1 - m0, mr)) * kcMax);
        for (int blk = 0, k0 = 0; blk < blocks; blk++, k0 += kcMax) {
            int kc = Math.min(kcMax, k - k0);
            boolean first = blk == 0;
            boolean last = blk == blocks - 1;
            b.pack(kern, bSrc, bOff, k0, kc, n0, nc, bp);
            int panelStride = kc * nr;
            float[] bs = last ? bias : null;
            float[] cl = last ? clamp : null;
            if (m1 - m0 == 1) {
                // A single row (a matrix-vector product): no tile of mostly padding rows.
                kern.gemmRow(kc, a, aOff + m0 * aRowStride + k0 * aColStride, aColStride, bp, 0, panelStride, nc,
                        c, cOff + m0 * ldc + n0, !first, bs, biasOff + m0, cl, tile);
                continue;
            }
            for (int ic = m0; ic < m1; ic += mc) {
                int icEnd = Math.min(m1, ic + mc);
                packA(kern, a, aOff + ic * aRowStride + k0 * aColStride, icEnd - ic, kc, aRowStride, aColStride, ap, 0);
                for (int jr = 0; jr < nc; jr += nr) {
                    int cols = Math.min(nr, nc - jr);
                    int bo = (jr / nr) * panelStride;
                    for (int ir = ic; ir < icEnd; ir += mr) {
                        int rows = Math.min(mr, icEnd - ir);
                        int ao = (ir - ic) * kc;
                        int co = cOff + ir * ldc + n0 + jr;
                        if (rows == mr && cols == nr) {
                            kern.gemmTile(kc, ap, ao, bp, bo, c, co, ldc, !first);
                            if (bs != null || cl != null) {
                                kern.finishTile(c, co, ldc, bs, biasOff + ir, cl);
                            }
                        } else {
                            if (!first) {
                                for (int i = 0; i < rows; i++) {
                                    System.arraycopy(c, co + i * ldc, tile, i * nr, cols);
                                }
                            }
                            kern.gemmTile(kc, ap, ao, bp, bo, tile, 0, nr, !first);
                            if (bs != null || cl != null) {
                                kern.finishTile(tile, 0, nr, bs, biasOff + ir, cl);
                            }
                            for (int i = 0; i < rows; i++) {
                                System.arraycopy(tile, i * nr, c, co + i * ldc, cols);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * How a set of equal products ({@code problems} of them, e.g. images x groups) of {@code m x n} is
     * cut into tasks: row chunks of {@code mChunk} (a multiple of mr) and column tiles of {@code nTile}
     * (a multiple of nr). Task t is problem {@code t / (mChunks * nTiles)}, then row chunk, then tile.
     */
    public record Split(int mChunk, int mChunks, int nTile, int nTiles) {
        public int tasksPer() {
            return mChunks * nTiles;
        }

        /** The grain for {@code forRange} over these tasks, with {@code k} multiply-adds per output. */
        public int grain(int k) {
            return Gemm.grain((long) mChunk * nTile * k);
        }

        /**
         * Splits for {@code threads} threads: whole rows when that gives every thread enough tasks, and
         * no cutting at all when the whole product ({@code k} multiply-adds per output) is too small to
         * share.
         */
        public static Split of(Kernels kern, int m, int n, int k, int problems, int threads) {
            int mr = kern.mr();
            int nr = kern.nr();
            int nTiles = Math.max(1, ceilDiv(n, NC));
            int nTile = roundUp(ceilDiv(n, nTiles), nr);
            nTiles = Math.max(1, ceilDiv(n, nTile));
            int mPanels = Math.max(1, ceilDiv(m, mr));
            int mChunks = 1;
            if (threads > 1 && (long) m * n * k * problems >= 2 * MIN_TASK_WORK) {
                int want = 4 * threads;
                long tasks = (long) problems * nTiles;
                if (tasks < want) {
                    // Cut rows too, but keep chunks deep enough that re-packing B per chunk stays cheap.
                    mChunks = (int) Math.min(Math.max(1, mPanels / 4), ceilDiv(want, tasks));
                    mChunks = Math.max(1, mChunks);
                    tasks *= mChunks;
                }
                while (tasks < want && nTile > 2 * nr) {
                    nTile = roundUp(nTile / 2, nr);
                    nTiles = ceilDiv(n, nTile);
                    tasks = (long) problems * nTiles * mChunks;
                }
            }
            int mChunk = roundUp(ceilDiv(m, mChunks), mr);
            mChunks = Math.max(1, ceilDiv(m, mChunk));
            return new Split(mChunk, mChunks, nTile, nTiles);
        }
    }

    /** The {@code grain} for {@link org.ktcj.runtime.exec.Parallel#forRange} over items of this much work each. */
    public static int grain(long workPerItem) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, MIN_TASK_WORK / Math.max(1, workPerItem)));
    }

    static int ceilDiv(long a, long b) {
        return (int) ((a + b - 1) / b);
    }

    static int roundUp(int a, int b) {
        return ceilDiv(a, b) * b;
    }

    /** Strided matrix B. */
    private static final class MatrixPanels implements PanelSource {
        private final int rs;
        private final int cs;

        MatrixPanels(int rowStride, int colStride) {
            this.rs = rowStride;
            this.cs = colStride;
        }

        @Override
        public void pack(Kernels kern, float[] src, int srcOff, int k0, int kc, int n0, int nc, float[] dst) {
            int nr = kern.nr();
            for (int j0 = 0; j0 < nc; j0 += nr) {
                int w = Math.min(nr, nc - j0);
                int d = (j0 / nr) * kc * nr;
                if (cs == 1) {
                    int s = srcOff + k0 * rs + n0 + j0;
                    for (int p = 0; p < kc; p++, s += rs, d += nr) {
                        if (w == nr) {
                            kern.copyPanel(src, s, dst, d);
                        } else {
                            System.arraycopy(src, s, dst, d, w);
                            java.util.Arrays.fill(dst, d + w, d + nr, 0f);
                        }
                    }
                } else {
                    for (int j = 0; j < nr; j++) {
                        int dj = d + j;
                        if (j < w) {
                            int s = srcOff + k0 * rs + (n0 + j0 + j) * cs;
                            for (int p = 0; p < kc; p++, s += rs, dj += nr) {
                                dst[dj] = src[s];
                            }
                        } else {
                            for (int p = 0; p < kc; p++, dj += nr) {
                                dst[dj] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }
}
