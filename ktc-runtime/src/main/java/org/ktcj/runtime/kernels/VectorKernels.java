package org.ktcj.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API variant of {@link Kernels}, at the JVM's preferred width (8 floats with AVX2, 16 with
 * AVX-512). Loaded only by name from {@link Kernels} when {@code jdk.incubator.vector} is present: no
 * other class may refer to this one or to the module.
 *
 * <p>The GEMM tile is 8 rows by one vector: 8 accumulators, one B load and eight broadcasts of A per
 * step. Wider tiles (6 x 2 vectors: 12 accumulators) run faster alone but leave C2's register
 * allocator no slack on AVX2's 16 registers: it spills an accumulator in some compilations and not in
 * others, and the whole convolution then runs half as fast. Eight rows also divide the channel counts
 * of common networks, and one-vector panels waste less on narrow outputs (7 x 7 = 49 columns).
 * Results equal {@link ScalarKernels}' bit for bit: the same fused multiply-adds in the same order, lane
 * by lane.
 */
final class VectorKernels extends Kernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = 8;
    private static final int NR = L;
    /** A vector of zeros to load accumulators from. */
    private static final float[] ZEROS = new float[L];
    /** Half a vector, for {@link #deinterleave}. */
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class, VectorShape.forBitSize(S.vectorBitSize() / 2));
    /** Even lanes to the lower half, odd lanes to the upper half. */
    private static final VectorShuffle<Float> SPLIT = VectorShuffle.fromOp(S, i -> i < L / 2 ? 2 * i : 2 * (i - L / 2) + 1);

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
    public void gemmTile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc, boolean acc) {
        FloatVector c0;
        FloatVector c1;
        FloatVector c2;
        FloatVector c3;
        FloatVector c4;
        FloatVector c5;
        FloatVector c6;
        FloatVector c7;
        int r0 = co;
        int r1 = r0 + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        // From C or from zeros, loaded alike: a vector that comes from either of two branches is one
        // C2 may box, and then the whole loop runs many times slower.
        float[] init = acc ? c : ZEROS;
        int step = acc ? 1 : 0;
        c0 = FloatVector.fromArray(S, init, r0 * step);
        c1 = FloatVector.fromArray(S, init, r1 * step);
        c2 = FloatVector.fromArray(S, init, r2 * step);
        c3 = FloatVector.fromArray(S, init, r3 * step);
        c4 = FloatVector.fromArray(S, init, r4 * step);
        c5 = FloatVector.fromArray(S, init, r5 * step);
        c6 = FloatVector.fromArray(S, init, r6 * step);
        c7 = FloatVector.fromArray(S, init, r7 * step);
        // Indices linear in k with constant scales, so that the JIT hoists the bounds checks.
        for (int k = 0; k < kc; k++) {
            int ak = ao + k * MR;
            FloatVector b0 = FloatVector.fromArray(S, b, bo + k * NR);
            c0 = FloatVector.broadcast(S, a[ak]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ak + 1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ak + 2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ak + 3]).fma(b0, c3);
            c4 = FloatVector.broadcast(S, a[ak + 4]).fma(b0, c4);
            c5 = FloatVector.broadcast(S, a[ak + 5]).fma(b0, c5);
            c6 = FloatVector.broadcast(S, a[ak + 6]).fma(b0, c6);
            c7 = FloatVector.broadcast(S, a[ak + 7]).fma(b0, c7);
        }
        c0.intoArray(c, r0);
        c1.intoArray(c, r1);
        c2.intoArray(c, r2);
        c3.intoArray(c, r3);
        c4.intoArray(c, r4);
        c5.intoArray(c, r5);
        c6.intoArray(c, r6);
        c7.intoArray(c, r7);
    }

    @Override
    public void finishTile(float[] c, int co, int ldc, float[] bias, int biasOff, float[] clamp) {
        // One loop per case, so that no vector comes from either of two branches (see gemmTile).
        if (bias != null && clamp != null) {
            for (int i = 0; i < MR; i++) {
                int ci = co + i * ldc;
                FloatVector.fromArray(S, c, ci).add(bias[biasOff + i]).max(clamp[0]).min(clamp[1]).intoArray(c, ci);
            }
        } else if (bias != null) {
            for (int i = 0; i < MR; i++) {
                int ci = co + i * ldc;
                FloatVector.fromArray(S, c, ci).add(bias[biasOff + i]).intoArray(c, ci);
            }
        } else if (clamp != null) {
            for (int i = 0; i < MR; i++) {
                int ci = co + i * ldc;
                FloatVector.fromArray(S, c, ci).max(clamp[0]).min(clamp[1]).intoArray(c, ci);
            }
        }
    }

    @Override
    public void gemmRow(int kc, float[] a, int ao, int aStep, float[] b, int bo, int panelStride, int n,
            float[] c, int co, boolean acc, float[] bias, int biasOff, float[] clamp, float[] tmp) {
        int full = n / NR;
        int q = 0;
        // Four panels at a time: four independent chains of fused multiply-adds.
        for (; q + 4 <= full; q += 4) {
            int b0 = bo + q * panelStride;
            int b1 = b0 + panelStride;
            int b2 = b1 + panelStride;
            int b3 = b2 + panelStride;
            int o = co + q * NR;
            // Starting values loaded alike from C or from zeros (see gemmTile).
            float[] init = acc ? c : ZEROS;
            int io = acc ? o : 0;
            int step = acc ? NR : 0;
            FloatVector s0 = FloatVector.fromArray(S, init, io);
            FloatVector s1 = FloatVector.fromArray(S, init, io + step);
            FloatVector s2 = FloatVector.fromArray(S, init, io + 2 * step);
            FloatVector s3 = FloatVector.fromArray(S, init, io + 3 * step);
            for (int k = 0; k < kc; k++) {
                FloatVector x = FloatVector.broadcast(S, a[ao + k * aStep]);
                s0 = x.fma(FloatVector.fromArray(S, b, b0 + k * NR), s0);
                s1 = x.fma(FloatVector.fromArray(S, b, b1 + k * NR), s1);
                s2 = x.fma(FloatVector.fromArray(S, b, b2 + k * NR), s2);
                s3 = x.fma(FloatVector.fromArray(S, b, b3 + k * NR), s3);
            }
            s0.intoArray(c, o);
            s1.intoArray(c, o + NR);
            s2.intoArray(c, o + 2 * NR);
            s3.intoArray(c, o + 3 * NR);
        }
        int tail = n - full * NR;
        for (; q < full + (tail > 0 ? 1 : 0); q++) {
            int bq = bo + q * panelStride;
            int o = co + q * NR;
            boolean whole = q < full;
            float[] init = c;
            int io = o;
            if (!acc) {
                init = ZEROS;
                io = 0;
            } else if (!whole) {
                System.arraycopy(c, o, tmp, 0, tail);
                init = tmp;
                io = 0;
            }
            FloatVector s0 = FloatVector.fromArray(S, init, io);
            for (int k = 0; k < kc; k++) {
                s0 = FloatVector.broadcast(S, a[ao + k * aStep]).fma(FloatVector.fromArray(S, b, bq + k * NR), s0);
            }
            if (whole) {
                s0.intoArray(c, o);
            } else {
                s0.intoArray(tmp, 0);
                System.arraycopy(tmp, 0, c, o, tail);
            }
        }
        // Bias and clamp as a pass of their own, as for the tiles (see Kernels#gemmTile).
        finishRange(c, co, n, bias, biasOff, clamp);
    }

    /** {@code c[o + i] = clamp(c[o + i] + bias[biasOff])} over {@code [0, n)}, each part when given. */
    private static void finishRange(float[] c, int o, int n, float[] bias, int biasOff, float[] clamp) {
        if (bias != null) {
            float bv = bias[biasOff];
            int i = 0;
            for (; i + L <= n; i += L) {
                FloatVector.fromArray(S, c, o + i).add(bv).intoArray(c, o + i);
            }
            for (; i < n; i++) {
                c[o + i] += bv;
            }
        }
        if (clamp != null) {
            clampRange(c, o, n, clamp);
        }
    }

    @Override
    public void deinterleave(float[] src, int s, int srcPitch, int pairs, int rows, float[] even, int e,
            float[] odd, int o, int dstPitch) {
        // One in-lane permutation per vector, then each half stored on its own (JDK 17 has no compress,
        // and two-vector rearranges compile to slow code): about twice the scalar loop's speed.
        int h = L / 2;
        int whole = L >= 4 ? pairs / L * L : 0;
        for (int r = 0; r < rows; r++, s += srcPitch, e += dstPitch, o += dstPitch) {
            for (int i = 0; i < whole; i += L) {
                FloatVector a = FloatVector.fromArray(S, src, s + 2 * i).rearrange(SPLIT);
                FloatVector b = FloatVector.fromArray(S, src, s + 2 * i + L).rearrange(SPLIT);
                ((FloatVector) a.reinterpretShape(HALF, 0)).intoArray(even, e + i);
                ((FloatVector) a.reinterpretShape(HALF, 1)).intoArray(odd, o + i);
                ((FloatVector) b.reinterpretShape(HALF, 0)).intoArray(even, e + i + h);
                ((FloatVector) b.reinterpretShape(HALF, 1)).intoArray(odd, o + i + h);
            }
            for (int i = whole; i < pairs; i++) {
                even[e + i] = src[s + 2 * i];
                odd[o + i] = src[s + 2 * i + 1];
            }
        }
    }

    @Override
    public void copyPanel(float[] src, int s, float[] dst, int d) {
        FloatVector.fromArray(S, src, s).intoArray(dst, d);
    }

    @Override
    public void depthwisePlane(float[] p, int rowStep, int[] tap, int taps, float[] w, int wo, float bias,
            float[] clamp, float[] y, int yo, int outH, int outW, int step, float[] tmp) {
        // The clamp is a pass of its own over the plane: in the loops below it made C2 box their vectors.
        if (taps == 9) {
            depthwise3x3(p, rowStep, tap, w, wo, bias, y, yo, outH, outW, step, tmp);
        } else {
            depthwiseRows(p, rowStep, tap, taps, w, wo, bias, y, yo, outH, outW, step, tmp);
        }
        if (clamp != null) {
            clampRange(y, yo, outH * outW, clamp);
        }
    }

    /** {@code v = min(max(v, clamp[0]), clamp[1])} over {@code y[o .. o + n)}. */
    private static void clampRange(float[] y, int o, int n, float[] clamp) {
        int i = 0;
        for (; i + L <= n; i += L) {
            FloatVector.fromArray(S, y, o + i).max(clamp[0]).min(clamp[1]).intoArray(y, o + i);
        }
        for (; i < n; i++) {
            y[o + i] = Math.min(Math.max(y[o + i], clamp[0]), clamp[1]);
        }
    }

    /** {@link #depthwisePlane} for any window, without the clamp. */
    private static void depthwiseRows(float[] p, int rowStep, int[] tap, int taps, float[] w, int wo, float bias,
            float[] y, int yo, int outH, int outW, int step, float[] tmp) {
        int full = (outW - 1) * step + 1;
        int padded = (outW + L - 1) / L * L;
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            if (step == 1 && oy * outW + padded <= outH * outW) {
                // Whole vectors straight into y: what spills past the row lands in the next rows of this
                // plane, which are written afterwards.
                convolveRow(p, base, tap, taps, w, wo, bias, y, o, outW);
            } else {
                convolveRow(p, base, tap, taps, w, wo, bias, tmp, 0, full);
                keep(tmp, step, y, o, outW);
            }
        }
    }

    /**
     * {@link #depthwisePlane} for 3x3 windows: the weights stay in registers for the whole plane, one
     * vector of a row at a time (the out-of-order core overlaps the independent chains of consecutive
     * vectors; more chains per iteration measured slower).
     */
    private static void depthwise3x3(float[] p, int rowStep, int[] tap, float[] w, int wo, float bias,
            float[] y, int yo, int outH, int outW, int step, float[] tmp) {
        FloatVector w0 = FloatVector.broadcast(S, w[wo]);
        FloatVector w1 = FloatVector.broadcast(S, w[wo + 1]);
        FloatVector w2 = FloatVector.broadcast(S, w[wo + 2]);
        FloatVector w3 = FloatVector.broadcast(S, w[wo + 3]);
        FloatVector w4 = FloatVector.broadcast(S, w[wo + 4]);
        FloatVector w5 = FloatVector.broadcast(S, w[wo + 5]);
        FloatVector w6 = FloatVector.broadcast(S, w[wo + 6]);
        FloatVector w7 = FloatVector.broadcast(S, w[wo + 7]);
        FloatVector w8 = FloatVector.broadcast(S, w[wo + 8]);
        FloatVector bv = FloatVector.broadcast(S, bias);
        int full = (outW - 1) * step + 1;
        int padded = (outW + L - 1) / L * L;
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            boolean direct = step == 1 && oy * outW + padded <= outH * outW;
            float[] out = direct ? y : tmp;
            int oo = direct ? o : 0;
            int n = direct ? outW : full;
            int t0 = base + tap[0];
            int t1 = base + tap[1];
            int t2 = base + tap[2];
            int t3 = base + tap[3];
            int t4 = base + tap[4];
            int t5 = base + tap[5];
            int t6 = base + tap[6];
            int t7 = base + tap[7];
            int t8 = base + tap[8];
            for (int x = 0; x < n; x += L) {
                FloatVector s = w0.fma(FloatVector.fromArray(S, p, t0 + x), FloatVector.zero(S));
                s = w1.fma(FloatVector.fromArray(S, p, t1 + x), s);
                s = w2.fma(FloatVector.fromArray(S, p, t2 + x), s);
                s = w3.fma(FloatVector.fromArray(S, p, t3 + x), s);
                s = w4.fma(FloatVector.fromArray(S, p, t4 + x), s);
                s = w5.fma(FloatVector.fromArray(S, p, t5 + x), s);
                s = w6.fma(FloatVector.fromArray(S, p, t6 + x), s);
                s = w7.fma(FloatVector.fromArray(S, p, t7 + x), s);
                s = w8.fma(FloatVector.fromArray(S, p, t8 + x), s);
                s.add(bv).intoArray(out, oo + x);
            }
            if (!direct) {
                keep(tmp, step, y, o, outW);
            }
        }
    }

    /** Sums of a full-resolution row plus bias, whole vectors: {@code out[oo .. oo + roundUp(n, L))}. */
    private static void convolveRow(float[] p, int base, int[] tap, int taps, float[] w, int wo, float bias,
            float[] out, int oo, int n) {
        FloatVector bv = FloatVector.broadcast(S, bias);
        int x = 0;
        // Four independent sums at a time hide the latency of the fused multiply-add chains.
        for (; x + 4 * L <= n; x += 4 * L) {
            FloatVector s0 = FloatVector.zero(S);
            FloatVector s1 = s0;
            FloatVector s2 = s0;
            FloatVector s3 = s0;
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, w[wo + t]);
                int i = base + tap[t] + x;
                s0 = wv.fma(FloatVector.fromArray(S, p, i), s0);
                s1 = wv.fma(FloatVector.fromArray(S, p, i + L), s1);
                s2 = wv.fma(FloatVector.fromArray(S, p, i + 2 * L), s2);
                s3 = wv.fma(FloatVector.fromArray(S, p, i + 3 * L), s3);
            }
            s0.add(bv).intoArray(out, oo + x);
            s1.add(bv).intoArray(out, oo + x + L);
            s2.add(bv).intoArray(out, oo + x + 2 * L);
            s3.add(bv).intoArray(out, oo + x + 3 * L);
        }
        for (; x < n; x += L) {
            FloatVector s = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                s = FloatVector.broadcast(S, w[wo + t]).fma(FloatVector.fromArray(S, p, base + tap[t] + x), s);
            }
            s.add(bv).intoArray(out, oo + x);
        }
    }

    /** Every stride-th of a full-resolution row: {@code y[o + x] = row[x * stride]}. */
    private static void keep(float[] row, int stride, float[] y, int o, int n) {
        if (stride == 1) {
            System.arraycopy(row, 0, y, o, n);
        } else {
            for (int x = 0; x < n; x++) {
                y[o + x] = row[x * stride];
            }
        }
    }

    @Override
    public void maxPlane(float[] p, int rowStep, int[] tap, int taps, float[] y, int yo, int outH, int outW,
            int step, float[] tmp) {
        int full = (outW - 1) * step + 1;
        int padded = (outW + L - 1) / L * L;
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            if (step == 1 && oy * outW + padded <= outH * outW) {
                maxRow(p, base, tap, taps, y, o, outW);
            } else {
                maxRow(p, base, tap, taps, tmp, 0, full);
                keep(tmp, step, y, o, outW);
            }
        }
    }

    private static void maxRow(float[] p, int base, int[] tap, int taps, float[] out, int oo, int n) {
        FloatVector init = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int x = 0;
        for (; x + 2 * L <= n; x += 2 * L) {
            FloatVector m0 = init;
            FloatVector m1 = init;
            for (int t = 0; t < taps; t++) {
                int i = base + tap[t] + x;
                FloatVector v0 = FloatVector.fromArray(S, p, i);
                FloatVector v1 = FloatVector.fromArray(S, p, i + L);
                m0 = m0.blend(v0, m0.lt(v0));
                m1 = m1.blend(v1, m1.lt(v1));
            }
            m0.intoArray(out, oo + x);
            m1.intoArray(out, oo + x + L);
        }
        for (; x < n; x += L) {
            FloatVector m = init;
            for (int t = 0; t < taps; t++) {
                FloatVector v = FloatVector.fromArray(S, p, base + tap[t] + x);
                m = m.blend(v, m.lt(v));
            }
            m.intoArray(out, oo + x);
        }
    }

    @Override
    public void averagePlane(float[] p, int rowStep, int[] tap, int taps, float[] rowCount, float[] colCount,
            float[] y, int yo, int outH, int outW, int step, float[] tmp) {
        int full = (outW - 1) * step + 1;
        int padded = (outW + L - 1) / L * L;
        for (int oy = 0; oy < outH; oy++) {
            int base = oy * rowStep;
            int o = yo + oy * outW;
            float rc = rowCount[oy];
            if (step == 1 && oy * outW + padded <= outH * outW) {
                for (int x = 0; x < outW; x += L) {
                    FloatVector d = FloatVector.fromArray(S, colCount, x).mul(rc);
                    sumTaps(p, base + x, tap, taps).div(d).intoArray(y, o + x);
                }
            } else {
                for (int x = 0; x < full; x += L) {
                    sumTaps(p, base + x, tap, taps).intoArray(tmp, x);
                }
                for (int x = 0; x < outW; x++) {
                    y[o + x] = tmp[x * step] / (rc * colCount[x]);
                }
            }
        }
    }

    private static FloatVector sumTaps(float[] p, int at, int[] tap, int taps) {
        FloatVector s = FloatVector.zero(S);
        for (int t = 0; t < taps; t++) {
            s = s.add(FloatVector.fromArray(S, p, at + tap[t]));
        }
        return s;
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
}
