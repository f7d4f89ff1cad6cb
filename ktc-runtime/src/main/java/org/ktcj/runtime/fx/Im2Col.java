package org.ktcj.runtime.fx;

import org.ktcj.runtime.ops.ConvGeometry;

/**
 * A convolution's window over 1 to 3 spatial axes as three (depth, height, width; leading axes of size
 * 1), and the gathering of input columns for a range of output positions: row {@code k = (c, kz, ky, kx)}
 * of the column block holds, for each output position, the input under that tap or 0 in the padding.
 */
final class Im2Col {
    final int[] in = {1, 1, 1};
    final int[] out = {1, 1, 1};
    final int[] kernel = {1, 1, 1};
    final int[] stride = {1, 1, 1};
    final int[] dilation = {1, 1, 1};
    final int[] pad = {0, 0, 0};
    /** Taps per input channel. */
    final int taps;
    /** Input elements per channel plane. */
    final int inPlane;
    /** Output positions. */
    final int outPlane;

    Im2Col(ConvGeometry g) {
        int s = 3 - g.rank();
        System.arraycopy(g.in(), 0, in, s, g.rank());
        System.arraycopy(g.out(), 0, out, s, g.rank());
        System.arraycopy(g.kernel(), 0, kernel, s, g.rank());
        System.arraycopy(g.strides(), 0, stride, s, g.rank());
        System.arraycopy(g.dilations(), 0, dilation, s, g.rank());
        System.arraycopy(g.padBegin(), 0, pad, s, g.rank());
        taps = kernel[0] * kernel[1] * kernel[2];
        inPlane = in[0] * in[1] * in[2];
        outPlane = out[0] * out[1] * out[2];
    }

    /**
     * Fills {@code col} ({@code channels * taps} rows of {@code p1 - p0} ints) from the channels starting
     * at {@code x[xOff]}, for output positions {@code [p0, p1)}.
     */
    void gather(int[] x, int xOff, int channels, int p0, int p1, int[] col) {
        int width = p1 - p0;
        int row = 0;
        for (int c = 0; c < channels; c++) {
            int plane = xOff + c * inPlane;
            for (int kz = 0; kz < kernel[0]; kz++) {
                for (int ky = 0; ky < kernel[1]; ky++) {
                    for (int kx = 0; kx < kernel[2]; kx++) {
                        gatherTap(x, plane, kz, ky, kx, p0, p1, col, row * width);
                        row++;
                    }
                }
            }
        }
    }

    private void gatherTap(int[] x, int plane, int kz, int ky, int kx, int p0, int p1, int[] col, int dst) {
        int ow = out[2];
        int ohw = out[1] * ow;
        int oz = p0 / ohw;
        int oy = p0 % ohw / ow;
        int ox = p0 % ow;
        for (int p = p0; p < p1; ) {
            int iz = oz * stride[0] - pad[0] + kz * dilation[0];
            int iy = oy * stride[1] - pad[1] + ky * dilation[1];
            int run = Math.min(ow - ox, p1 - p);
            boolean rowInside = iz >= 0 && iz < in[0] && iy >= 0 && iy < in[1];
            int base = plane + (iz * in[1] + iy) * in[2];
            int ix = ox * stride[2] - pad[2] + kx * dilation[2];
            for (int i = 0; i < run; i++, ix += stride[2]) {
                col[dst++] = rowInside && ix >= 0 && ix < in[2] ? x[base + ix] : 0;
            }
            p += run;
            ox = 0;
            if (++oy == out[1]) {
                oy = 0;
                oz++;
            }
        }
    }
}
