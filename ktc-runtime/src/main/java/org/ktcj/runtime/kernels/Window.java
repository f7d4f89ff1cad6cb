package org.ktcj.runtime.kernels;

/**
 * A sliding window over the spatial axes of an NC(D)(H)W tensor, as three axes: a 1-D window is one of
 * depth 1 and height 1, a 2-D one of depth 1. Output position {@code o} on an axis reads input positions
 * {@code o * stride - pad + t * dilation} for taps {@code t} in {@code [0, kernel)}; those outside
 * {@code [0, in)} are padding. The output sizes are given (the operators compute them, with their
 * auto_pad and ceil_mode rules), so the end pads are implied.
 */
public final class Window {
    public final int inD;
    public final int inH;
    public final int inW;
    public final int outD;
    public final int outH;
    public final int outW;
    public final int kD;
    public final int kH;
    public final int kW;
    public final int strideD;
    public final int strideH;
    public final int strideW;
    public final int dilD;
    public final int dilH;
    public final int dilW;
    public final int padD;
    public final int padH;
    public final int padW;

    /**
     * Each argument has one entry per spatial axis (1 to 3 axes), outermost first.
     *
     * @param pad the begin pads
     */
    public Window(int[] in, int[] out, int[] kernel, int[] stride, int[] dilation, int[] pad) {
        int r = in.length;
        if (r < 1 || r > 3) {
            throw new IllegalArgumentException(r + " spatial axes; 1 to 3 are supported");
        }
        inD = get(in, r, 0, 1);
        inH = get(in, r, 1, 1);
        inW = get(in, r, 2, 1);
        outD = get(out, r, 0, 1);
        outH = get(out, r, 1, 1);
        outW = get(out, r, 2, 1);
        kD = get(kernel, r, 0, 1);
        kH = get(kernel, r, 1, 1);
        kW = get(kernel, r, 2, 1);
        strideD = get(stride, r, 0, 1);
        strideH = get(stride, r, 1, 1);
        strideW = get(stride, r, 2, 1);
        dilD = get(dilation, r, 0, 1);
        dilH = get(dilation, r, 1, 1);
        dilW = get(dilation, r, 2, 1);
        padD = get(pad, r, 0, 0);
        padH = get(pad, r, 1, 0);
        padW = get(pad, r, 2, 0);
    }

    /** Axis {@code axis} of 3 (0 = depth) from an array of {@code r} trailing axes, else {@code dflt}. */
    private static int get(int[] a, int r, int axis, int dflt) {
        int i = axis - (3 - r);
        return i < 0 ? dflt : a[i];
    }

    public int inPlane() {
        return inD * inH * inW;
    }

    public int outPlane() {
        return outD * outH * outW;
    }

    public int taps() {
        return kD * kH * kW;
    }

    /** True when every output reads exactly the input at its own position: a 1x1 window, stride 1, no pad. */
    public boolean isPointwise() {
        return taps() == 1 && strideD == 1 && strideH == 1 && strideW == 1 && padD == 0 && padH == 0 && padW == 0
                && outD == inD && outH == inH && outW == inW;
    }

    /** First output index on an axis whose tap {@code t} reads inside the input (may exceed out). */
    static int firstInside(int t, int stride, int dil, int pad) {
        int off = t * dil - pad; // input = o * stride + off
        return off >= 0 ? 0 : (-off + stride - 1) / stride;
    }

    /** One past the last output index on an axis whose tap {@code t} reads inside the input (at most out). */
    static int endInside(int t, int stride, int dil, int pad, int in, int out) {
        int off = t * dil - pad;
        if (in - off <= 0) {
            return 0;
        }
        return Math.min(out, (in - off + stride - 1) / stride);
    }
}
