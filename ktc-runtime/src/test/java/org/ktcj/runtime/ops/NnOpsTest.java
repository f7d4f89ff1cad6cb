package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.NnOpsReference.assertSame;
import static org.ktcj.runtime.ops.NnOpsReference.random;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Parallel;
import org.ktcj.runtime.ops.NnOpsReference.Win;

/**
 * Conv, ConvTranspose, Gemm and MatMul against the naive references of {@link NnOpsReference}, bit for
 * bit, on random shapes: odd sizes, groups and depthwise, dilations, strides, asymmetric pads, every
 * auto_pad, sizes that cross the GEMM's blocks and the vector width; weights constant (packed when the
 * kernel is made) or given at run time; one thread or several.
 */
class NnOpsTest {
    private static final Parallel THREE = Parallel.of(3);

    @AfterAll
    static void close() {
        THREE.close();
    }

    private static Parallel threads(Random r) {
        return r.nextBoolean() ? Parallel.serial() : THREE;
    }

    // ---- Conv -----------------------------------------------------------------------------------

    private static void checkConv(Random r, int n, int c, int m, int group, int[] in, Win win, boolean bias) {
        Tensor x = random(r, concat(new int[] {n, c}, in));
        Tensor w = random(r, concat(new int[] {m, c / group}, win.kernel()));
        Tensor b = bias ? random(r, m) : null;
        Node node = NnOpsReference.windowAttrs(Node.builder("Conv").name("conv")
                .inputs("x", "w", bias ? "b" : "").outputs("y"), win).attr("group", (long) group).build();
        Tensor expected = NnOpsReference.conv(x, w, b, group, win);
        Tensor[] inputs = bias ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
        String what = "conv x" + Arrays.toString(x.shape()) + " w" + Arrays.toString(w.shape()) + " group " + group
                + " " + win;
        Tensor y = NnOpsReference.run(node, 13, inputs, r.nextInt(4) == 0 ? 9 : 1, threads(r))[0];
        assertSame(expected, y, what);
    }

    @Test
    void convMatchesReferenceOnRandomShapes() {
        Random r = new Random(11);
        for (int i = 0; i < 250; i++) {
            int rank = i % 7 == 0 ? 1 : i % 11 == 0 ? 3 : 2;
            int group;
            int c;
            int m;
            switch (r.nextInt(4)) {
                case 0 -> { // depthwise, sometimes with a channel multiplier
                    c = 1 + r.nextInt(12);
                    group = c;
                    m = c * (r.nextInt(3) == 0 ? 2 : 1);
                }
                case 1 -> { // grouped
                    group = 2 + r.nextInt(3);
                    c = group * (1 + r.nextInt(4));
                    m = group * (1 + r.nextInt(5));
                }
                default -> {
                    group = 1;
                    c = 1 + r.nextInt(20);
                    m = 1 + r.nextInt(20);
                }
            }
            int[] kernel = new int[rank];
            int[] strides = new int[rank];
            int[] dil = new int[rank];
            int[] pads = new int[2 * rank];
            int[] in = new int[rank];
            for (int a = 0; a < rank; a++) {
                kernel[a] = 1 + r.nextInt(rank == 3 ? 3 : 5);
                strides[a] = 1 + r.nextInt(3);
                dil[a] = 1 + (r.nextInt(4) == 0 ? 1 : 0);
                pads[a] = r.nextInt(3);
                pads[a + rank] = r.nextInt(3);
                int dk = (kernel[a] - 1) * dil[a] + 1;
                in[a] = Math.max(1, dk - pads[a] - pads[a + rank]) + r.nextInt(rank == 3 ? 6 : 30);
            }
            checkConv(r, 1 + r.nextInt(2), c, m, group, in, new Win(kernel, strides, dil, pads), r.nextBoolean());
        }
    }

    @Test
    void convCrossesGemmBlocksAndTails() {
        Random r = new Random(5);
        int[] one = {1, 1};
        // 1x1, stride 1, no pad: the input is read as B directly; K > 256 splits k, M > 120 splits rows.
        checkConv(r, 1, 300, 130, 1, new int[] {9, 7}, new Win(one, one, one, new int[4]), true);
        // 3x3 with more outputs than one column tile, odd everything.
        checkConv(r, 2, 40, 13, 1, new int[] {23, 29}, new Win(new int[] {3, 3}, one, one, new int[] {1, 1, 1, 1}), true);
        // K = 9 * 61 = 549: three k blocks, carried through the output.
        checkConv(r, 1, 61, 25, 1, new int[] {11, 13}, new Win(new int[] {3, 3}, new int[] {2, 1}, one,
                new int[] {1, 0, 2, 1}), false);
        // Depthwise 3x3 stride 1 and 2 on widths around the vector width.
        for (int wdt : new int[] {1, 7, 8, 9, 15, 16, 17, 33, 57}) {
            checkConv(r, 1, 5, 5, 5, new int[] {6, wdt}, new Win(new int[] {3, 3}, one, one, new int[] {1, 1, 1, 1}), true);
            checkConv(r, 1, 5, 5, 5, new int[] {7, wdt}, new Win(new int[] {3, 3}, new int[] {2, 2}, one,
                    new int[] {1, 1, 1, 1}), true);
        }
        // A pointwise convolution with many rows for the parallel split of rows.
        checkConv(r, 1, 24, 250, 1, new int[] {5, 5}, new Win(one, one, one, new int[4]), true);
    }

    @Test
    void autoPadModesPadLikeTheSpec() {
        Random r = new Random(3);
        Tensor x = random(r, 1, 2, 8, 7);
        Tensor w = random(r, 3, 2, 3, 3);
        int[] s = {2, 2};
        int[] d = {1, 1};
        // Height 8, stride 2, kernel 3: 4 outputs need 1 pad; width 7: 4 outputs need 2 pads.
        String[][] cases = {{"SAME_UPPER", "0,1,1,1"}, {"SAME_LOWER", "1,1,0,1"}, {"VALID", "0,0,0,0"}};
        for (String[] c : cases) {
            int[] pads = Arrays.stream(c[1].split(",")).mapToInt(Integer::parseInt).toArray();
            Node node = Node.builder("Conv").name("conv").inputs("x", "w").outputs("y")
                    .attr("kernel_shape", 3L, 3L).attr("strides", 2L, 2L).attr("auto_pad", c[0]).build();
            Tensor y = NnOpsReference.run(node, 11, new Tensor[] {x, w}, 1, Parallel.serial())[0];
            assertSame(NnOpsReference.conv(x, w, null, 1, new Win(new int[] {3, 3}, s, d, pads)), y, c[0]);
        }
    }

    @Test
    void fusedConvClampsAsItStores() {
        Random r = new Random(4);
        Tensor x = random(r, 1, 6, 9, 10);
        Tensor w = random(r, 6, 1, 3, 3);
        Tensor b = random(r, 6);
        Win win = new Win(new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1, 1, 1});
        Tensor plain = NnOpsReference.conv(x, w, b, 6, win);
        for (int group : new int[] {1, 6}) {
            Tensor wg = group == 6 ? w : random(r, 6, 6, 3, 3);
            Tensor ref = group == 6 ? plain : NnOpsReference.conv(x, wg, b, 1, win);
            Node node = NnOpsReference.windowAttrs(Node.builder("FusedConv").domain("com.microsoft").name("fc")
                    .inputs("x", "w", "b").outputs("y"), win).attr("group", (long) group)
                    .attr("activation", "Clip").attr("activation_params", 0f, 0.25f).build();
            Tensor y = NnOpsReference.run(node, 13, new Tensor[] {x, wg, b}, 1, THREE)[0];
            float[] e = ref.floats().clone();
            for (int i = 0; i < e.length; i++) {
                e[i] = Math.min(Math.max(e[i], 0f), 0.25f);
            }
            assertSame(Tensor.of(e, ref.shape()), y, "FusedConv Clip, group " + group);
        }
    }

    @Test
    void convErrorsNameTheNode() {
        Random r = new Random(1);
        Node node = Node.builder("Conv").name("bad").inputs("x", "w").outputs("y").build();
        KtcException e = assertThrows(KtcException.class, () -> NnOpsReference.run(node, 13,
                new Tensor[] {random(r, 1, 3, 5, 5), random(r, 4, 2, 3, 3)}, 1, Parallel.serial()));
        assertTrue(e.getMessage().startsWith("Conv node 'bad': ") && e.getMessage().contains("channels"), e.getMessage());
        Node small = Node.builder("Conv").name("small").inputs("x", "w").outputs("y").build();
        e = assertThrows(KtcException.class, () -> NnOpsReference.run(small, 13,
                new Tensor[] {random(r, 1, 1, 2, 2), random(r, 1, 1, 3, 3)}, 1, Parallel.serial()));
        assertTrue(e.getMessage().contains("smaller than the window"), e.getMessage());
        Node dbl = Node.builder("Conv").name("dbl").inputs("x", "w").outputs("y").build();
        e = assertThrows(KtcException.class, () -> NnOpsReference.run(dbl, 13,
                new Tensor[] {random(r, 1, 1, 4, 4).castTo(DataType.DOUBLE), random(r, 1, 1, 3, 3).castTo(DataType.DOUBLE)},
                1, Parallel.serial()));
        assertTrue(e.getMessage().contains("unsupported: "), e.getMessage());
    }

    // ---- ConvTranspose --------------------------------------------------------------------------

    @Test
    void convTransposeMatchesReferenceOnRandomShapes() {
        Random r = new Random(21);
        for (int i = 0; i < 120; i++) {
            int rank = i % 9 == 0 ? 1 : i % 13 == 0 ? 3 : 2;
            int group = r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 1;
            int c = group * (1 + r.nextInt(6));
            int mg = 1 + r.nextInt(5);
            int[] kernel = new int[rank];
            int[] strides = new int[rank];
            int[] dil = new int[rank];
            int[] pads = new int[2 * rank];
            int[] outPad = new int[rank];
            int[] in = new int[rank];
            int[] out = new int[rank];
            for (int a = 0; a < rank; a++) {
                kernel[a] = 1 + r.nextInt(4);
                strides[a] = 1 + r.nextInt(3);
                dil[a] = 1 + (r.nextInt(4) == 0 ? 1 : 0);
                outPad[a] = r.nextInt(strides[a]);
                in[a] = 1 + r.nextInt(rank == 3 ? 5 : 12);
                int dk = (kernel[a] - 1) * dil[a] + 1;
                int natural = strides[a] * (in[a] - 1) + outPad[a] + dk;
                pads[a] = r.nextInt(Math.min(3, natural));
                pads[a + rank] = r.nextInt(Math.min(3, natural - pads[a]));
                out[a] = natural - pads[a] - pads[a + rank];
            }
            Win win = new Win(kernel, strides, dil, pads);
            boolean bias = r.nextBoolean();
            Tensor x = random(r, concat(new int[] {1 + r.nextInt(2), c}, in));
            Tensor w = random(r, concat(new int[] {c, mg}, kernel));
            Tensor b = bias ? random(r, mg * group) : null;
            Node node = NnOpsReference.windowAttrs(Node.builder("ConvTranspose").name("ct")
                    .inputs("x", "w", bias ? "b" : "").outputs("y"), win).attr("group", (long) group)
                    .attr("output_padding", NnOpsReference.longs(outPad)).build();
            Tensor[] inputs = bias ? new Tensor[] {x, w, b} : new Tensor[] {x, w};
            Tensor y = NnOpsReference.run(node, 11, inputs, r.nextBoolean() ? 1 : 9, threads(r))[0];
            assertSame(NnOpsReference.convTranspose(x, w, b, group, win, out), y,
                    "convTranspose x" + Arrays.toString(x.shape()) + " w" + Arrays.toString(w.shape()) + " " + win);
        }
    }

    @Test
    void convTransposeOutputShapeAndSamePadding() {
        Random r = new Random(2);
        Tensor x = random(r, 1, 2, 3, 4);
        Tensor w = random(r, 2, 3, 3, 3);
        int[] one = {1, 1};
        // SAME_UPPER, stride 2: output = input * stride, total padding 1 put at the end.
        Node same = Node.builder("ConvTranspose").name("ct").inputs("x", "w").outputs("y")
                .attr("strides", 2L, 2L).attr("auto_pad", "SAME_UPPER").build();
        Tensor y = NnOpsReference.run(same, 11, new Tensor[] {x, w}, 1, Parallel.serial())[0];
        assertSame(NnOpsReference.convTranspose(x, w, null, 1,
                new Win(new int[] {3, 3}, new int[] {2, 2}, one, new int[] {0, 0, 1, 1}), new int[] {6, 8}), y, "SAME_UPPER");
        // output_shape larger than the natural size: the extra rows and columns are only padding.
        Node shaped = Node.builder("ConvTranspose").name("ct").inputs("x", "w").outputs("y")
                .attr("strides", 2L, 2L).attr("output_shape", 8L, 10L).build();
        y = NnOpsReference.run(shaped, 11, new Tensor[] {x, w}, 1, Parallel.serial())[0];
        assertArrayEquals(new int[] {1, 3, 8, 10}, y.shape());
        assertSame(NnOpsReference.convTranspose(x, w, null, 1,
                new Win(new int[] {3, 3}, new int[] {2, 2}, one, new int[4]), new int[] {8, 10}), y, "output_shape");
    }

    // ---- Gemm and MatMul ------------------------------------------------------------------------

    @Test
    void gemmMatchesReferenceOnRandomShapes() {
        Random r = new Random(31);
        for (int i = 0; i < 150; i++) {
            int m = i % 10 == 0 ? 1 : 1 + r.nextInt(i % 7 == 0 ? 200 : 40);
            int k = 1 + r.nextInt(i % 5 == 0 ? 600 : 50);
            int n = i % 9 == 0 ? 1 : 1 + r.nextInt(i % 6 == 0 ? 700 : 50);
            boolean ta = r.nextBoolean();
            boolean tb = r.nextBoolean();
            float alpha = r.nextInt(3) == 0 ? 1f : r.nextFloat() * 2 - 1;
            float beta = r.nextInt(3) == 0 ? 1f : r.nextFloat() * 2 - 1;
            Tensor a = ta ? random(r, k, m) : random(r, m, k);
            Tensor b = tb ? random(r, n, k) : random(r, k, n);
            int[][] cShapes = {null, {}, {1}, {n}, {1, n}, {m, 1}, {m, n}, {1, 1}};
            int[] cs = cShapes[r.nextInt(cShapes.length)];
            Tensor c = cs == null ? null : random(r, cs);
            Node node = Node.builder("Gemm").name("gemm").inputs("a", "b", c == null ? "" : "c").outputs("y")
                    .attr("transA", ta ? 1L : 0L).attr("transB", tb ? 1L : 0L).attr("alpha", alpha).attr("beta", beta)
                    .build();
            Tensor[] inputs = c == null ? new Tensor[] {a, b} : new Tensor[] {a, b, c};
            Tensor y = NnOpsReference.run(node, 13, inputs, r.nextBoolean() ? 1 : 9, threads(r))[0];
            assertSame(NnOpsReference.gemm(a, b, c, ta, tb, alpha, beta), y,
                    "gemm " + m + "x" + k + "x" + n + " ta " + ta + " tb " + tb + " C " + Arrays.toString(cs));
        }
    }

    @Test
    void gemmNeedsCBeforeOpset11() {
        Random r = new Random(1);
        Node node = Node.builder("Gemm").name("g").inputs("a", "b").outputs("y").build();
        assertThrows(KtcException.class, () -> NnOpsReference.run(node, 9,
                new Tensor[] {random(r, 2, 3), random(r, 3, 4)}, 1, Parallel.serial()));
        NnOpsReference.run(node, 11, new Tensor[] {random(r, 2, 3), random(r, 3, 4)}, 1, Parallel.serial());
    }

    @Test
    void matmulMatchesReferenceWithBroadcastingAnd1dOperands() {
        Random r = new Random(41);
        int[][][] shapes = {
            {{5, 7}, {7, 3}}, {{7}, {7, 3}}, {{5, 7}, {7}}, {{7}, {7}}, {{2, 3, 5, 7}, {7, 9}},
            {{2, 1, 5, 7}, {3, 7, 9}}, {{4, 7}, {2, 7, 5}}, {{3, 5, 7}, {3, 7, 2}}, {{1, 33, 300}, {300, 70}},
            {{2, 3, 7}, {7}}, {{7}, {2, 7, 4}}, {{130, 17}, {17, 500}}, {{3, 0, 4}, {4, 5}},
            {{4, 96, 128}, {4, 128, 96}}, // large enough to be split between threads
        };
        for (int[][] s : shapes) {
            for (int constant : new int[] {1, 9}) {
                Tensor a = random(r, s[0]);
                Tensor b = random(r, s[1]);
                Node node = Node.builder("MatMul").name("mm").inputs("a", "b").outputs("y").build();
                Tensor y = NnOpsReference.run(node, 13, new Tensor[] {a, b}, constant, threads(r))[0];
                assertSame(NnOpsReference.matmul(a, b), y, "matmul " + Arrays.toString(s[0]) + " x " + Arrays.toString(s[1]));
            }
        }
    }

    @Test
    void matmulOverIntegersAndDoubles() {
        Node node = Node.builder("MatMul").name("mm").inputs("a", "b").outputs("y").build();
        Tensor a = Tensor.ofLongs(new long[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor b = Tensor.ofLongs(new long[] {1, 0, 0, 1, 1 << 40, 2}, 3, 2);
        Tensor y = NnOpsReference.run(node, 13, new Tensor[] {a, b}, 9, Parallel.serial())[0];
        assertArrayEquals(new long[] {1 + 3L * (1 << 40), 2 + 6, 4 + 6L * (1 << 40), 5 + 12}, y.longs());
        Tensor ad = a.castTo(DataType.DOUBLE);
        Tensor bd = Tensor.ofLongs(new long[] {1, 0, 0, 1, 2, 2}, 3, 2).castTo(DataType.DOUBLE);
        y = NnOpsReference.run(node, 13, new Tensor[] {ad, bd}, 9, Parallel.serial())[0];
        assertArrayEquals(new double[] {7, 8, 16, 17}, y.doubles());
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
