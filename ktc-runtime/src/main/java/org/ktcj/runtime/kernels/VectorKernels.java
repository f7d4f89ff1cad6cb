package org.ktcj.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API variant of {@link Kernels}, at the JVM's preferred width (8 floats with AVX2, 16 with
 * AVX-512). Loaded only by name from {@link Kernels} when {@code jdk.incubator.vector} is present: no
 * other class may refer to this one or to the module.
 *
 * <p>The GEMM tile is 6 rows by 2 vectors: 12 accumulators, two B loads and one broadcast of A per
 * step, which fits the 16 registers of AVX2. Results equal {@link ScalarKernels}' bit for bit: the same
 * fused multiply-adds in the same order, lane by lane.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 6;
    private static final int NR = 2 * L;

    @Override
    public String name() {
        return "vector-" + S.vectorBitSize();
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
        return L;
    }

    @Override
    public void gemmTile(int kc, float[] a, int ao, float[] b, int bo, int ldb, float[] c, int co, int ldc,
            boolean acc, float[] bias, int biasOff, boolean clamp, float lo, float hi) {
        FloatVector c00;
        FloatVector c01;
        FloatVector c10;
        FloatVector c11;
        FloatVector c20;
        FloatVector c21;
        FloatVector c30;
        FloatVector c31;
        FloatVector c40;
        FloatVector c41;
        FloatVector c50;
        FloatVector c51;
        int r0 = co;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        if (acc) {
            c00 = FloatVector.fromArray(S, c, r0);
            c01 = FloatVector.fromArray(S, c, r0 + L);
            c10 = FloatVector.fromArray(S, c, r1);
            c11 = FloatVector.fromArray(S, c, r1 + L);
            c20 = FloatVector.fromArray(S, c, r2);
            c21 = FloatVector.fromArray(S, c, r2 + L);
            c30 = FloatVector.fromArray(S, c, r3);
            c31 = FloatVector.fromArray(S, c, r3 + L);
            c40 = FloatVector.fromArray(S, c, r4);
            c41 = FloatVector.fromArray(S, c, r4 + L);
            c50 = FloatVector.fromArray(S, c, r5);
            c51 = FloatVector.fromArray(S, c, r5 + L);
        } else {
            FloatVector z = FloatVector.zero(S);
            c00 = z;
            c01 = z;
            c10 = z;
            c11 = z;
            c20 = z;
            c21 = z;
            c30 = z;
            c31 = z;
            c40 = z;
            c41 = z;
            c50 = z;
            c51 = z;
        }
        for (int k = 0, ak = ao, bk = bo; k < kc; k++, ak += MR, bk += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, bk);
            FloatVector b1 = FloatVector.fromArray(S, b, bk + L);
            FloatVector x = FloatVector.broadcast(S, a[ak]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ak + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ak + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ak + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ak + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[ak + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        if (bias != null) {
            FloatVector v = FloatVector.broadcast(S, bias[biasOff]);
            c00 = c00.add(v);
            c01 = c01.add(v);
            v = FloatVector.broadcast(S, bias[biasOff + 1]);
            c10 = c10.add(v);
            c11 = c11.add(v);
            v = FloatVector.broadcast(S, bias[biasOff + 2]);
            c20 = c20.add(v);
            c21 = c21.add(v);
            v = FloatVector.broadcast(S, bias[biasOff + 3]);
            c30 = c30.add(v);
            c31 = c31.add(v);
            v = FloatVector.broadcast(S, bias[biasOff + 4]);
            c40 = c40.add(v);
            c41 = c41.add(v);
            v = FloatVector.broadcast(S, bias[biasOff + 5]);
            c50 = c50.add(v);
            c51 = c51.add(v);
        }
        if (clamp) {
            FloatVector l = FloatVector.broadcast(S, lo);
            FloatVector h = FloatVector.broadcast(S, hi);
            c00 = c00.max(l).min(h);
            c01 = c01.max(l).min(h);
            c10 = c10.max(l).min(h);
            c11 = c11.max(l).min(h);
            c20 = c20.max(l).min(h);
            c21 = c21.max(l).min(h);
            c30 = c30.max(l).min(h);
            c31 = c31.max(l).min(h);
            c40 = c40.max(l).min(h);
            c41 = c41.max(l).min(h);
            c50 = c50.max(l).min(h);
            c51 = c51.max(l).min(h);
        }
        c00.intoArray(c, r0);
        c01.intoArray(c, r0 + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }

    @Override
    public void depthwiseRow(float[] p, int po, int[] tap, int taps, float[] w, int wo, float bias,
            boolean clamp, float lo, float hi, float[] y, int yo, int n, float[] tmp) {
        FloatVector bv = FloatVector.broadcast(S, bias);
        FloatVector l = FloatVector.broadcast(S, lo);
        FloatVector h = FloatVector.broadcast(S, hi);
        int x = 0;
        // Four independent sums at a time hide the latency of the fused multiply-add chains.
        for (; x + 4 * L <= n; x += 4 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, w[wo + t]);
                int i = po + tap[t] + x;
                s0 = wv.fma(FloatVector.fromArray(S, p, i), s0);
                s1 = wv.fma(FloatVector.fromArray(S, p, i + L), s1);
                s2 = wv.fma(FloatVector.fromArray(S, p, i + 2 * L), s2);
                s3 = wv.fma(FloatVector.fromArray(S, p, i + 3 * L), s3);
            }
            s0 = s0.add(bv);
            s1 = s1.add(bv);
            s2 = s2.add(bv);
            s3 = s3.add(bv);
            if (clamp) {
                s0 = s0.max(l).min(h);
                s1 = s1.max(l).min(h);
                s2 = s2.max(l).min(h);
                s3 = s3.max(l).min(h);
            }
            s0.intoArray(y, yo + x);
            s1.intoArray(y, yo + x + L);
            s2.intoArray(y, yo + x + 2 * L);
            s3.intoArray(y, yo + x + 3 * L);
        }
        for (; x < n; x += L) {
            FloatVector s = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                s = FloatVector.broadcast(S, w[wo + t]).fma(FloatVector.fromArray(S, p, po + tap[t] + x), s);
            }
            s = s.add(bv);
            if (clamp) {
                s = s.max(l).min(h);
            }
            store(s, y, yo + x, n - x, tmp);
        }
    }

    @Override
    public void maxRow(float[] p, int po, int[] tap, int taps, float[] y, int yo, int n, float[] tmp) {
        FloatVector init = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int x = 0;
        for (; x + 2 * L <= n; x += 2 * L) {
            FloatVector m0 = init;
            FloatVector m1 = init;
            for (int t = 0; t < taps; t++) {
                int i = po + tap[t] + x;
                m0 = m0.max(FloatVector.fromArray(S, p, i));
                m1 = m1.max(FloatVector.fromArray(S, p, i + L));
            }
            m0.intoArray(y, yo + x);
            m1.intoArray(y, yo + x + L);
        }
        for (; x < n; x += L) {
            FloatVector m = init;
            for (int t = 0; t < taps; t++) {
                m = m.max(FloatVector.fromArray(S, p, po + tap[t] + x));
            }
            store(m, y, yo + x, n - x, tmp);
        }
    }

    @Override
    public void averageRow(float[] p, int po, int[] tap, int taps, float rowCount, float[] count,
            float[] y, int yo, int n, float[] tmp) {
        for (int x = 0; x < n; x += L) {
            FloatVector s = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                s = s.add(FloatVector.fromArray(S, p, po + tap[t] + x));
            }
            FloatVector d = FloatVector.fromArray(S, count, x).mul(rowCount);
            store(s.div(d), y, yo + x, n - x, tmp);
        }
    }

    @Override
    public float max(float[] x, int off, int n) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i + L <= n; i += L) {
            m = m.max(FloatVector.fromArray(S, x, off + i));
        }
        float r = m.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            r = Math.max(r, x[off + i]);
        }
        return r;
    }

    /** Stores a vector whole, or its first {@code valid} lanes through {@code tmp} at a row's end. */
    private static void store(FloatVector v, float[] y, int yo, int valid, float[] tmp) {
        if (valid >= L) {
            v.intoArray(y, yo);
        } else {
            v.intoArray(tmp, 0);
            System.arraycopy(tmp, 0, y, yo, valid);
        }
    }
}
