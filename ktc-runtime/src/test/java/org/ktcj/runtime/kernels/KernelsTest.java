package org.ktcj.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ktcj.runtime.exec.HeapWorkspace;
import org.ktcj.runtime.exec.Parallel;
import org.ktcj.runtime.ops.Workspace;

/**
 * The Vector API kernels give the scalar kernels' results bit for bit, through every driver, on shapes
 * with tails on both sides of the vector width; and results do not depend on the thread count. (What
 * the numbers should be is checked against naive references in the operator tests.)
 */
class KernelsTest {
    private static final Parallel THREE = Parallel.of(3);
    private static final Workspace SERIAL = new HeapWorkspace(Parallel.serial());
    private static final Workspace THREADS = new HeapWorkspace(THREE);

    @AfterAll
    static void close() {
        THREE.close();
    }

    private static Kernels vector() {
        Kernels v = Kernels.vector();
        assumeTrue(v != null, "jdk.incubator.vector is not in this JVM");
        return v;
    }

    private static float[] random(Random r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }

    private static Window window(Random r, int rank, int[] in) {
        int[] k = new int[rank];
        int[] s = new int[rank];
        int[] d = new int[rank];
        int[] p = new int[rank];
        int[] out = new int[rank];
        for (int a = 0; a < rank; a++) {
            k[a] = 1 + r.nextInt(4);
            s[a] = 1 + r.nextInt(3);
            d[a] = 1 + r.nextInt(2);
            p[a] = r.nextInt(3);
            int dk = (k[a] - 1) * d[a] + 1;
            in[a] = Math.max(1, dk - p[a]) + r.nextInt(rank == 3 ? 5 : 40);
            out[a] = Math.max(1, (in[a] + p[a] + r.nextInt(3) - dk) / s[a] + 1);
        }
        return new Window(in, out, k, s, d, p);
    }

    @Test
    void preferredIsTheVectorVariantWhenTheModuleIsPresent() {
        assertNotNull(Kernels.preferred());
        if (Kernels.vector() != null && !"false".equals(System.getProperty("ktc.simd"))) {
            assertEquals(Kernels.vector(), Kernels.preferred());
        }
        assertEquals("scalar", Kernels.scalar().name());
    }

    /**
     * A host application started without {@code --add-modules jdk.incubator.vector} gets the scalar
     * kernels, and nothing tries to load the Vector API: a child JVM without the flag runs every driver.
     */
    @Test
    void runsWithoutTheVectorModule() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                WithoutVectorModule.class.getName()).redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "child JVM did not finish");
        assertEquals(0, child.exitValue(), out);
        assertEquals("scalar " + WithoutVectorModule.checksum(Kernels.scalar()), out);
    }

    /** The child of {@link #runsWithoutTheVectorModule}: the preferred kernels' name and a checksum. */
    static final class WithoutVectorModule {
        public static void main(String[] args) {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() || Kernels.vector() != null) {
                System.out.println("the vector module is present");
                System.exit(1);
            }
            System.out.println(Kernels.preferred().name() + " " + checksum(Kernels.preferred()));
        }

        /** Every driver once, on fixed data: the sum of all outputs' bits. */
        static long checksum(Kernels kern) {
            Workspace ws = new HeapWorkspace(Parallel.serial());
            Window w = new Window(new int[] {9, 11}, new int[] {5, 6}, new int[] {3, 3}, new int[] {2, 2},
                    new int[] {1, 1}, new int[] {1, 1});
            float[] x = new float[4 * w.inPlane()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (i * 37 % 101) / 101f - 0.5f;
            }
            float[] wt = new float[8 * 4 * 9];
            for (int i = 0; i < wt.length; i++) {
                wt[i] = (i * 13 % 29) / 29f - 0.5f;
            }
            float[] y = new float[8 * w.outPlane()];
            long sum = 0;
            new ConvGemm(kern, w, 4, 8, 1, wt, null, null).run(x, 1, y, ws);
            sum += bits(y);
            new Depthwise(kern, w, 4, 1, wt, null, new float[] {-0.1f, 0.1f}).run(x, 1, y, ws);
            sum += bits(y);
            Pooling.max(kern, w).run(x, 4, y, ws);
            sum += bits(y);
            float[] c = new float[8 * 9];
            Gemm.multiply(kern, 36, wt, 0, 36, 1, 0, 8, Gemm.matrix(9, 1), x, 0, 0, 9, c, 0, 9, null, 0, null, ws);
            sum += bits(c);
            return sum;
        }

        private static long bits(float[] v) {
            long s = 0;
            for (float f : v) {
                s = s * 31 + Float.floatToIntBits(f);
            }
            return s;
        }
    }

    @Test
    void convolutionsAgree() {
        Kernels vec = vector();
        Random r = new Random(1);
        for (int i = 0; i < 80; i++) {
            int rank = 1 + r.nextInt(3);
            int[] in = new int[rank];
            Window w = window(r, rank, in);
            int group = r.nextInt(3) == 0 ? 2 : 1;
            int c = group * (1 + r.nextInt(i % 10 == 0 ? 40 : 6));
            int m = group * (1 + r.nextInt(i % 7 == 0 ? 70 : 9));
            int batch = 1 + r.nextInt(2);
            float[] x = random(r, batch * c * w.inPlane());
            float[] wt = random(r, m * (c / group) * w.taps());
            float[] b = r.nextBoolean() ? random(r, m) : null;
            float[] clamp = r.nextBoolean() ? new float[] {-0.5f, 0.5f} : null;
            float[] ys = new float[batch * m * w.outPlane()];
            float[] yv = new float[ys.length];
            float[] yt = new float[ys.length];
            new ConvGemm(Kernels.scalar(), w, c, m, group, wt, b, clamp).run(x, batch, ys, SERIAL);
            ConvGemm cv = new ConvGemm(vec, w, c, m, group, wt, b, clamp);
            cv.run(x, batch, yv, SERIAL);
            cv.run(x, batch, yt, THREADS);
            assertArrayEquals(ys, yv, "ConvGemm " + i);
            assertArrayEquals(ys, yt, "ConvGemm threaded " + i);
            if (Depthwise.supports(w)) {
                int mult = 1 + r.nextInt(2);
                float[] dw = random(r, c * mult * w.taps());
                float[] db = random(r, c * mult);
                float[] ds = new float[batch * c * mult * w.outPlane()];
                float[] dv = new float[ds.length];
                new Depthwise(Kernels.scalar(), w, c, mult, dw, db, clamp).run(x, batch, ds, SERIAL);
                new Depthwise(vec, w, c, mult, dw, db, clamp).run(x, batch, dv, THREADS);
                assertArrayEquals(ds, dv, "Depthwise " + i);
                // The depthwise kernel sums like the GEMM does.
                float[] dg = new float[ds.length];
                new ConvGemm(vec, w, c, c * mult, c, dw, db, clamp).run(x, batch, dg, SERIAL);
                assertArrayEquals(ds, dg, "Depthwise as ConvGemm " + i);
            }
        }
    }

    /** Shapes large enough that the work is split between threads (small ones run on the caller). */
    @Test
    void threadedSplitsAgreeWithOneThread() {
        Kernels kern = Kernels.preferred();
        Random r = new Random(5);
        int[][] convs = { // channels, out channels, size, kernel, stride, groups
            {64, 64, 30, 3, 1, 1}, {128, 40, 30, 1, 1, 1}, {48, 72, 33, 3, 2, 3}, {16, 16, 19, 3, 1, 1},
        };
        for (int[] c : convs) {
            int pad = c[3] / 2;
            int out = (c[2] + 2 * pad - c[3]) / c[4] + 1;
            boolean volume = c[2] == 19;
            Window w = volume
                    ? new Window(new int[] {c[2], c[2], c[2]}, new int[] {out, out, out}, new int[] {3, 3, 3},
                            new int[] {1, 1, 1}, new int[] {1, 1, 1}, new int[] {1, 1, 1})
                    : new Window(new int[] {c[2], c[2]}, new int[] {out, out}, new int[] {c[3], c[3]},
                            new int[] {c[4], c[4]}, new int[] {1, 1}, new int[] {pad, pad});
            float[] x = random(r, 2 * c[0] * w.inPlane());
            float[] wt = random(r, c[1] * (c[0] / c[5]) * w.taps());
            float[] b = random(r, c[1]);
            ConvGemm conv = new ConvGemm(kern, w, c[0], c[1], c[5], wt, b, null);
            float[] ys = new float[2 * c[1] * w.outPlane()];
            float[] yt = new float[ys.length];
            conv.run(x, 2, ys, SERIAL);
            conv.run(x, 2, yt, THREADS);
            assertArrayEquals(ys, yt, "ConvGemm " + java.util.Arrays.toString(c));
        }
        Window plane = new Window(new int[] {112, 112}, new int[] {56, 56}, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {1, 1});
        float[] x = random(r, 64 * plane.inPlane());
        float[] ds = new float[64 * plane.outPlane()];
        float[] dt = new float[ds.length];
        Depthwise dw = new Depthwise(kern, plane, 64, 1, random(r, 64 * 9), random(r, 64), null);
        dw.run(x, 1, ds, SERIAL);
        dw.run(x, 1, dt, THREADS);
        assertArrayEquals(ds, dt, "Depthwise");
        Pooling.max(kern, plane).run(x, 64, ds, SERIAL);
        Pooling.max(kern, plane).run(x, 64, dt, THREADS);
        assertArrayEquals(ds, dt, "MaxPool");
        Window up = new Window(new int[] {20, 20}, new int[] {41, 41}, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}, new int[] {0, 0});
        float[] ux = random(r, 2 * 64 * up.inPlane());
        float[] uw = random(r, 64 * 32 * 9);
        float[] us = new float[2 * 32 * up.outPlane()];
        float[] ut = new float[us.length];
        TransposedConv tc = new TransposedConv(kern, up, 64, 32, 1, uw, null);
        tc.run(ux, 2, us, SERIAL);
        tc.run(ux, 2, ut, THREADS);
        assertArrayEquals(us, ut, "TransposedConv");
    }

    @Test
    void transposedConvolutionsAgree() {
        Kernels vec = vector();
        Random r = new Random(2);
        for (int i = 0; i < 40; i++) {
            int rank = 1 + r.nextInt(3);
            int[] in = new int[rank];
            int[] k = new int[rank];
            int[] s = new int[rank];
            int[] d = new int[rank];
            int[] out = new int[rank];
            for (int a = 0; a < rank; a++) {
                in[a] = 1 + r.nextInt(rank == 3 ? 4 : 20);
                k[a] = 1 + r.nextInt(4);
                s[a] = 1 + r.nextInt(3);
                d[a] = 1 + r.nextInt(2);
                out[a] = s[a] * (in[a] - 1) + (k[a] - 1) * d[a] + 1;
            }
            Window w = new Window(in, out, k, s, d, new int[rank]);
            int group = r.nextInt(3) == 0 ? 2 : 1;
            int c = group * (1 + r.nextInt(30));
            int m = group * (1 + r.nextInt(5));
            float[] x = random(r, c * w.inPlane());
            float[] wt = random(r, c * (m / group) * w.taps());
            float[] b = random(r, m);
            float[] ys = new float[m * w.outPlane()];
            float[] yv = new float[ys.length];
            new TransposedConv(Kernels.scalar(), w, c, m, group, wt, b).run(x, 1, ys, SERIAL);
            new TransposedConv(vec, w, c, m, group, wt, b).run(x, 1, yv, THREADS);
            assertArrayEquals(ys, yv, "TransposedConv " + i);
        }
    }

    @Test
    void poolingAgrees() {
        Kernels vec = vector();
        Random r = new Random(3);
        for (int i = 0; i < 60; i++) {
            int rank = 1 + r.nextInt(2);
            int[] in = new int[rank];
            Window w = window(r, rank, in);
            int planes = 1 + r.nextInt(5);
            float[] x = random(r, planes * w.inPlane());
            float[] rows = new float[w.outH];
            float[] cols = new float[w.outW];
            for (int j = 0; j < rows.length; j++) {
                rows[j] = 1 + r.nextInt(3);
            }
            for (int j = 0; j < cols.length; j++) {
                cols[j] = 1 + r.nextInt(3);
            }
            float[] ms = new float[planes * w.outPlane()];
            float[] mv = new float[ms.length];
            Pooling.max(Kernels.scalar(), w).run(x, planes, ms, SERIAL);
            Pooling.max(vec, w).run(x, planes, mv, THREADS);
            assertArrayEquals(ms, mv, "max " + i);
            float[] as = new float[ms.length];
            float[] av = new float[ms.length];
            Pooling.average(Kernels.scalar(), w, rows, cols).run(x, planes, as, SERIAL);
            Pooling.average(vec, w, rows, cols).run(x, planes, av, THREADS);
            assertArrayEquals(as, av, "average " + i);
        }
        for (int n = 0; n < 40; n++) {
            float[] x = random(r, n + 3);
            assertEquals(Kernels.scalar().max(x, 3, n), vec.max(x, 3, n));
        }
    }

    @Test
    void matrixProductsAgree() {
        Kernels vec = vector();
        Random r = new Random(4);
        for (int i = 0; i < 40; i++) {
            // Single rows take the matrix-vector kernel: some of those, and rows just past a tile.
            int m = i < 6 ? (i % 2 == 0 ? 1 : 9) : 1 + r.nextInt(150);
            int k = 1 + r.nextInt(600);
            int n = 1 + r.nextInt(600);
            float[] a = random(r, m * k);
            float[] b = random(r, k * n);
            float[] cs = new float[m * n];
            float[] cv = new float[m * n];
            float[] cp = new float[m * n];
            for (Kernels kern : new Kernels[] {Kernels.scalar(), vec}) {
                Gemm.multiply(kern, k, a, 0, k, 1, 0, m, Gemm.matrix(n, 1), b, 0, 0, n, kern == vec ? cv : cs, 0, n,
                        null, 0, null, SERIAL);
                if (kern == vec) {
                    // B stored transposed, in column tiles as the operators split it.
                    float[] bt = new float[k * n];
                    for (int p = 0; p < k; p++) {
                        for (int j = 0; j < n; j++) {
                            bt[j * k + p] = b[p * n + j];
                        }
                    }
                    for (int n0 = 0; n0 < n; n0 += 2 * kern.nr()) {
                        Gemm.multiply(kern, k, a, 0, k, 1, 0, m, Gemm.matrix(1, k), bt, 0, n0,
                                Math.min(2 * kern.nr(), n - n0), cp, 0, n, null, 0, null, SERIAL);
                    }
                }
            }
            assertArrayEquals(cs, cv, "gemm " + m + "x" + k + "x" + n);
            assertArrayEquals(cs, cp, "gemm transposed B " + m + "x" + k + "x" + n);
        }
    }
}
