package org.ktcj.runtime.kernels;

import org.ktcj.runtime.ops.Workspace;

/**
 * Direct 2-D depthwise convolution: groups equal to the input channels, each input channel feeding
 * {@code multiplier} output channels through its own {@code kH x kW} filter. Each input plane is
 * copied into a padded buffer ({@link PaddedPlane}), then {@link Kernels#depthwisePlane} computes its
 * output rows, vectorized across each row. Threads split the planes.
 *
 * <p>Each output is the sum over (kh, kw) of w * x in that order with fused multiply-adds from zero
 * (padding reads as zero), then {@code + bias}, then the clamp: the same numbers as {@link ConvGemm}
 * gives.
 */
public final class Depthwise {
    private final Kernels kern;
    private final Window win;
    private final PaddedPlane plane;
    private final int channels;
    private final int multiplier;
    private final float[] weights;
    private final float[] bias;
    private final float[] clamp;

    /** True when the window suits this kernel (2-D, or 1-D as a 2-D of height 1). */
    public static boolean supports(Window w) {
        return w.inD == 1 && w.kD == 1 && w.outD == 1;
    }

    /**
     * @param w weights in ONNX layout, {@code channels*multiplier x 1 x kH x kW}; kept, not copied
     * @param b bias per output channel, or null
     * @param clamp {lower, upper} limits of the outputs, or null
     */
    public Depthwise(Kernels kern, Window win, int channels, int multiplier, float[] w, float[] b, float[] clamp) {
        this.kern = kern;
        this.win = win;
        this.plane = new PaddedPlane(win, kern.lanes());
        this.channels = channels;
        this.multiplier = multiplier;
        this.weights = w;
        this.bias = b == null ? new float[channels * multiplier] : b.clone();
        this.clamp = clamp == null ? null : clamp.clone();
    }

    /** Convolves {@code batch} images: x is {@code batch x channels x inH x inW}, y {@code batch x channels*multiplier x outH x outW}. */
    public void run(float[] x, int batch, float[] y, Workspace ws) {
        int inPlane = win.inPlane();
        int outPlane = win.outPlane();
        int taps = win.taps();
        int grain = Gemm.grain((long) outPlane * taps * multiplier);
        ws.parallel().forRange(batch * channels, grain, (start, end) -> {
            float[] p = ws.scratch(Slots.PLANE, plane.size());
            float[] tmp = ws.scratch(Slots.TILE, plane.width);
            plane.clear(p, 0f);
            for (int nc = start; nc < end; nc++) {
                plane.copyInterior(kern, x, nc * inPlane, p);
                for (int j = 0; j < multiplier; j++) {
                    int m = (nc % channels) * multiplier + j;
                    int yo = ((nc / channels) * channels * multiplier + m) * outPlane;
                    kern.depthwisePlane(p, plane.rowStep(), plane.tap, taps, weights, m * taps, bias[m], clamp,
                            y, yo, win.outH, win.outW, plane.step(), tmp);
                }
            }
        });
    }
}
