package org.ktcj.runtime.kernels;

import java.util.Arrays;

/**
 * One input plane of a 2-D window, copied into a buffer with its padding so that every output row is a
 * plain contiguous loop with no bounds checks: output {@code x} of row {@code oy} reads tap {@code t} at
 * {@code rowStart(oy) + tap[t] + x * step()}.
 *
 * <p>A horizontal stride of 2 (the common one) is taken apart as the plane is copied: even and odd
 * padded columns go to two phase planes ({@link Kernels#deinterleave}), where the inputs of consecutive
 * outputs are adjacent again, so the row kernels run at output resolution ({@code step() == 1}). Other
 * strides are computed at full horizontal resolution and every stride-th column kept
 * ({@code step() == stride}). Rows are padded on the right so that whole vectors of the kernels' lanes
 * can be read past the last column.
 *
 * <p>The padding is written once per buffer ({@link #clear}); each plane then only overwrites the
 * interior ({@link #copyInterior}), which is the same region for every plane.
 */
final class PaddedPlane {
    final Window w;
    /** 2 when the columns are split into even and odd phases, else 1. */
    final int phases;
    /** Padded rows (per phase). */
    final int rows;
    /** Floats per padded row of a phase. */
    final int width;
    /** Offset of each tap (kh, kw) from the start of an output row's data. */
    final int[] tap;

    PaddedPlane(Window w, int lanes) {
        if (w.inD != 1 || w.kD != 1 || w.outD != 1) {
            throw new IllegalArgumentException("a padded plane is 2-D");
        }
        this.w = w;
        this.phases = w.strideW == 2 ? 2 : 1;
        this.rows = (w.outH - 1) * w.strideH + (w.kH - 1) * w.dilH + 1;
        int reach = (w.kW - 1) * w.dilW;
        if (phases == 2) {
            this.width = Gemm.roundUp(w.outW, lanes) + reach / 2 + 1;
        } else {
            this.width = Gemm.roundUp((w.outW - 1) * w.strideW + 1, lanes) + reach;
        }
        this.tap = new int[w.kH * w.kW];
        for (int kh = 0; kh < w.kH; kh++) {
            for (int kw = 0; kw < w.kW; kw++) {
                int x = kw * w.dilW;
                tap[kh * w.kW + kw] = phases == 2
                        ? ((x % 2) * rows + kh * w.dilH) * width + x / 2
                        : kh * w.dilH * width + x;
            }
        }
    }

    int size() {
        return phases * rows * width;
    }

    /** Floats between the starts of consecutive output rows. */
    int rowStep() {
        return w.strideH * width;
    }

    /** How far apart the inputs of consecutive outputs of a row are: 1, or the stride when not split. */
    int step() {
        return phases == 2 ? 1 : w.strideW;
    }

    /** Fills the whole buffer with the padding value. */
    void clear(float[] dst, float pad) {
        Arrays.fill(dst, 0, size(), pad);
    }

    /** Copies plane {@code src[off ..]} ({@code inH x inW}) into the interior of a cleared buffer. */
    void copyInterior(Kernels kern, float[] src, int off, float[] dst) {
        int r0 = w.padH;
        int rEnd = Math.min(rows, w.inH + w.padH);
        if (phases == 1) {
            int n = Math.min(w.inW, width - w.padW);
            for (int r = r0; r < rEnd; r++) {
                System.arraycopy(src, off + (r - r0) * w.inW, dst, r * width + w.padW, n);
            }
            return;
        }
        // Input column x is padded column x + padW: phase (x + padW) % 2, column (x + padW) / 2.
        int evenPhase = w.padW % 2;
        int evenAt = w.padW / 2;
        int oddAt = (w.padW + 1) / 2;
        int pairs = Math.min(w.inW / 2, width - oddAt);
        boolean lastEven = w.inW % 2 == 1 && w.inW / 2 + evenAt < width;
        int even = (evenPhase * rows + r0) * width + evenAt;
        int odd = ((1 - evenPhase) * rows + r0) * width + oddAt;
        kern.deinterleave(src, off, w.inW, pairs, rEnd - r0, dst, even, dst, odd, width);
        if (lastEven) {
            for (int r = r0; r < rEnd; r++) {
                dst[even + (r - r0) * width + w.inW / 2] = src[off + (r - r0) * w.inW + w.inW - 1];
            }
        }
    }
}
