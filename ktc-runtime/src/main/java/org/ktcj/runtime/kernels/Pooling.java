package org.ktcj.runtime.kernels;

import org.ktcj.runtime.ops.Workspace;

/**
 * 2-D max and average pooling over float planes, vectorized across output rows: each input plane is
 * copied into a padded buffer ({@link PaddedPlane}: -inf around it for max, 0 for average), then
 * {@link Kernels#maxPlane} or {@link Kernels#averagePlane} computes its output rows.
 */
public final class Pooling {
    private final Kernels kern;
    private final Window win;
    private final PaddedPlane plane;
    private final boolean max;
    private final float[] rowCount;
    private final float[] colCount;

    private Pooling(Kernels kern, Window win, boolean max, float[] rowCount, float[] colCount) {
        this.kern = kern;
        this.win = win;
        this.plane = new PaddedPlane(win, kern.lanes());
        this.max = max;
        this.rowCount = rowCount;
        if (colCount != null) {
            this.colCount = java.util.Arrays.copyOf(colCount, plane.width);
            java.util.Arrays.fill(this.colCount, colCount.length, plane.width, 1f);
        } else {
            this.colCount = null;
        }
    }

    /** True when the window suits these kernels (2-D, or 1-D as a 2-D of height 1). */
    public static boolean supports(Window w) {
        return w.inD == 1 && w.kD == 1 && w.outD == 1;
    }

    public static Pooling max(Kernels kern, Window win) {
        return new Pooling(kern, win, true, null, null);
    }

    /**
     * Average pooling dividing output (oy, ox) by {@code rowCount[oy] * colCount[ox]}: the taps of the
     * window that count on each axis.
     */
    public static Pooling average(Kernels kern, Window win, float[] rowCount, float[] colCount) {
        return new Pooling(kern, win, false, rowCount.clone(), colCount);
    }

    /** Pools {@code planes} planes: x is {@code planes x inH x inW}, y {@code planes x outH x outW}. */
    public void run(float[] x, int planes, float[] y, Workspace ws) {
        int inPlane = win.inPlane();
        int outPlane = win.outPlane();
        int taps = win.taps();
        int grain = Gemm.grain((long) outPlane * taps);
        ws.parallel().forRange(planes, grain, (start, end) -> {
            float[] p = ws.scratch(Slots.PLANE, plane.size());
            float[] tmp = ws.scratch(Slots.TILE, plane.width);
            plane.clear(p, max ? Float.NEGATIVE_INFINITY : 0f);
            for (int c = start; c < end; c++) {
                plane.copyInterior(kern, x, c * inPlane, p);
                if (max) {
                    kern.maxPlane(p, plane.rowStep(), plane.tap, taps, y, c * outPlane, win.outH, win.outW,
                            plane.step(), tmp);
                } else {
                    kern.averagePlane(p, plane.rowStep(), plane.tap, taps, rowCount, colCount, y, c * outPlane,
                            win.outH, win.outW, plane.step(), tmp);
                }
            }
        });
    }
}
