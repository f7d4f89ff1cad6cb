package org.ktcj.runtime.kernels;

/** The plain Java variant of {@link Kernels}: the fallback, and the statement of what each kernel computes. */
final class ScalarKernels extends Kernels {
    private static final int MR = 6;
    private static final int NR = 8;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public int mr() {
        return MR;
    }

    @Override
    public int nr() {
        return NR;
    }

    @Override
    public int lanes() {
        return 1;
    }

    @Override
    public void gemmTile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, boolean acc) {
        for (int i = 0; i < MR; i++) {
            int ci = co + i * ldc;
            for (int j = 0; j < NR; j++) {
                float s = acc ? c[ci + j] : 0f;
                for (int k = 0, ak = ao + i, bk = bo + j; k < kc; k++, ak += MR, bk += NR) {
                    s = Math.fma(a[ak], b[bk], s);
                }
                c[ci + j] = s;
            }
        }
    }

    @Override
    public void finishTile(float[] c, int co, int ldc, float[] bias, int biasOff, float[] clamp) {
        for (int i = 0; i < MR; i++) {
            int ci = co + i * ldc;
            for (int j = 0; j < NR; j++) {
                float s = c[ci + j];
                if (bias != null) {
                    s += bias[biasOff + i];
                }
                if (clamp != null) {
                    s = Math.min(Math.max(s, clamp[0]), clamp[1]);
                }
                c[ci + j] = s;
            }
        }
    }

    @Override
    public void gemmRow(int kc, float[] a, int ao, int aStep, float[] b, int bo, int panelStride, int n,
            float[] c, int co, boolean acc, float[] bias, int biasOff, float[] clamp, float[] tmp) {
        for (int j = 0; j < n; j++) {
            float s = acc ? c[co + j] : 0f;
            int bj = bo + (j / NR) * panelStride + j % NR;
            for (int k = 0; k < kc; k++) {
                s = Math.fma(a[ao + k * aStep], b[bj + k * NR], s);
            }
            if (bias != null) {
                s += bias[biasOff];
            }
            if (clamp != null) {
                s = Math.min(Math.max(s, clamp[0]), clamp[1]);
            }
            c[co + j] = s;
        }
    }

    @Override
    public void deinterleave(float[] src, int s, int srcPitch, int pairs, int rows, float[] even, int e,
            float[] odd, int o, int dstPitch) {
        for (int r = 0; r < rows; r++, s += srcPitch, e += dstPitch, o += dstPitch) {
            for (int i = 0; i < pairs; i++) {
                even[e + i] = src[s + 2 * i];
                odd[o + i] = src[s + 2 * i + 1];
            }
        }
    }

    @Override
    public void copyPanel(float[] src, int s, float[] dst, int d) {
        System.arraycopy(src, s, dst, d, NR);
    }

    @Override
    public void depthwisePlane(float[] p, int rowStep, int[] tap, int taps, float[] w, int wo, float bias,
            float[] clamp, float[] y, int yo, int outH, int outW, int step, float[] tmp) {
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            for (int x = 0; x < outW; x++) {
                int b = base + x * step;
                float s = 0f;
                for (int t = 0; t < taps; t++) {
                    s = Math.fma(w[wo + t], p[b + tap[t]], s);
                }
                s += bias;
                if (clamp != null) {
                    s = Math.min(Math.max(s, clamp[0]), clamp[1]);
                }
                y[o + x] = s;
            }
        }
    }

    @Override
    public void maxPlane(float[] p, int rowStep, int[] tap, int taps, float[] y, int yo, int outH, int outW,
            int step, float[] tmp) {
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            for (int x = 0; x < outW; x++) {
                int b = base + x * step;
                float m = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < taps; t++) {
                    float v = p[b + tap[t]];
                    if (v > m) {
                        m = v;
                    }
                }
                y[o + x] = m;
            }
        }
    }

    @Override
    public void averagePlane(float[] p, int rowStep, int[] tap, int taps, float[] rowCount, float[] colCount,
            float[] y, int yo, int outH, int outW, int step, float[] tmp) {
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            for (int x = 0; x < outW; x++) {
                int b = base + x * step;
                float s = 0f;
                for (int t = 0; t < taps; t++) {
                    s += p[b + tap[t]];
                }
                y[o + x] = s / (rowCount[oy] * colCount[x]);
            }
        }
    }

    @Override
    public float max(float[] x, int off, int n) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        return m;
    }
}
