package org.ktcj.runtime.kernels;

/**
 * One input plane of a 2-D window, copied with its padding so that every output row is a plain
 * contiguous loop with no bounds checks: the row kernels of {@link Kernels} then read tap {@code t} of
 * output {@code x} in row {@code oy} at {@code rowStart(oy) + tap[t] + x}.
 *
 * <p>With a horizontal stride {@code s > 1} the padded row is split into {@code s} phases (columns
 * {@code q * s + phase}), so that the inputs of consecutive outputs are again adjacent. Rows are padded
 * on the right up to a whole number of {@code lanes} outputs, plus the reach of the kernel.
 */
final class PaddedPlane {
    final Window w;
    /** Padded rows (per phase). */
    final int rows;
    /** Floats per row of a phase. */
    final int width;
    final int phases;
    /** Offset of each tap (kh, kw) from the start of an output row's data. */
    final int[] tap;
    /** Outputs per row rounded up to the kernels' lanes. */
    final int paddedOut;

    PaddedPlane(Window w, int lanes) {
        if (w.inD != 1 || w.kD != 1 || w.outD != 1) {
            throw new IllegalArgumentException("a padded plane is 2-D");
        }
        this.w = w;
        this.phases = w.strideW;
        this.rows = (w.outH - 1) * w.strideH + (w.kH - 1) * w.dilH + 1;
        this.paddedOut = Gemm.roundUp(w.outW, lanes);
        this.width = paddedOut + ((w.kW - 1) * w.dilW) / phases;
        this.tap = new int[w.kH * w.kW];
        for (int kh = 0; kh < w.kH; kh++) {
            for (int kw = 0; kw < w.kW; kw++) {
                int x = kw * w.dilW;
                tap[kh * w.kW + kw] = ((x % phases) * rows + kh * w.dilH) * width + x / phases;
            }
        }
    }

    int size() {
        return phases * rows * width;
    }

    int rowStart(int oy) {
        return oy * w.strideH * width;
    }

    /** Copies plane {@code src[off ..]} ({@code inH x inW}) into {@code dst}, {@code pad} outside it. */
    void fill(float[] src, int off, float pad, float[] dst) {
        int inH = w.inH;
        int inW = w.inW;
        int s = phases;
        for (int ph = 0; ph < s; ph++) {
            // Column q of this phase is padded column q * s + ph, input column q * s + ph - padW.
            int qLo = Math.min(width, Math.max(0, ceilDiv(w.padW - ph, s)));
            int qHi = Math.max(qLo, Math.min(width, ceilDiv(inW + w.padW - ph, s)));
            for (int r = 0; r < rows; r++) {
                int d = (ph * rows + r) * width;
                int iy = r - w.padH;
                if (iy < 0 || iy >= inH) {
                    java.util.Arrays.fill(dst, d, d + width, pad);
                    continue;
                }
                java.util.Arrays.fill(dst, d, d + qLo, pad);
                int srcRow = off + iy * inW + ph - w.padW;
                if (s == 1) {
                    System.arraycopy(src, srcRow + qLo, dst, d + qLo, qHi - qLo);
                } else {
                    for (int q = qLo; q < qHi; q++) {
                        dst[d + q] = src[srcRow + q * s];
                    }
                }
                java.util.Arrays.fill(dst, d + qHi, d + width, pad);
            }
        }
    }

    /** Ceiling division that is right for negative numerators too. */
    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
