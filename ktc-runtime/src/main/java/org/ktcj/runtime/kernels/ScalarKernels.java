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
    public void gemmTile(int kc, float[] a, int ao, float[] b, int bo, int ldb, float[] c, int co, int ldc,
            boolean acc, float[] bias, int biasOff, boolean clamp, float lo, float hi) {
        for (int i = 0; i < MR; i++) {
            int ci = co + i * ldc;
            for (int j = 0; j < NR; j++) {
                float s = acc ? c[ci + j] : 0f;
                for (int k = 0, ak = ao + i, bk = bo + j; k < kc; k++, ak += MR, bk += ldb) {
                    s = Math.fma(a[ak], b[bk], s);
                }
                if (bias != null) {
                    s += bias[biasOff + i];
                }
                if (clamp) {
                    s = Math.min(Math.max(s, lo), hi);
                }
                c[ci + j] = s;
            }
        }
    }

    @Override
    public void depthwiseRow(float[] p, int po, int[] tap, int taps, float[] w, int wo, float bias,
            boolean clamp, float lo, float hi, float[] y, int yo, int n, float[] tmp) {
        for (int x = 0; x < n; x++) {
            float s = 0f;
            for (int t = 0; t < taps; t++) {
                s = Math.fma(w[wo + t], p[po + tap[t] + x], s);
            }
            s += bias;
            if (clamp) {
                s = Math.min(Math.max(s, lo), hi);
            }
            y[yo + x] = s;
        }
    }

    @Override
    public void maxRow(float[] p, int po, int[] tap, int taps, float[] y, int yo, int n, float[] tmp) {
        for (int x = 0; x < n; x++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int t = 0; t < taps; t++) {
                m = Math.max(m, p[po + tap[t] + x]);
            }
            y[yo + x] = m;
        }
    }

    @Override
    public void averageRow(float[] p, int po, int[] tap, int taps, float rowCount, float[] count,
            float[] y, int yo, int n, float[] tmp) {
        for (int x = 0; x < n; x++) {
            float s = 0f;
            for (int t = 0; t < taps; t++) {
                s += p[po + tap[t] + x];
            }
            y[yo + x] = s / (rowCount * count[x]);
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
