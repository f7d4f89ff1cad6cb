package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

class FxConvTest {
    /** One randomized 2-D case: shapes, window and the requantization attributes. */
    private record Case(int n, int c, int h, int w, int m, int group, int k, int stride, int dilation, int pad,
                        DataType xType, DataType wType, boolean bias, boolean leaky, int bits) {
    }

    @Test
    void randomCasesMatchTheReference() {
        Random r = new Random(11);
        DataType[] types = {DataType.INT8, DataType.INT16};
        for (int i = 0; i < 60; i++) {
            int group = new int[] {1, 1, 2, 3}[r.nextInt(4)];
            int cg = 1 + r.nextInt(4);
            int mg = 1 + r.nextInt(4);
            Case cs = new Case(1 + r.nextInt(2), cg * group, 5 + r.nextInt(9), 5 + r.nextInt(9), mg * group, group,
                    1 + r.nextInt(3), 1 + r.nextInt(2), 1 + r.nextInt(2), r.nextInt(2),
                    types[r.nextInt(2)], types[r.nextInt(2)], r.nextBoolean(), r.nextBoolean(), r.nextBoolean() ? 8 : 16);
            check(r, cs);
        }
    }

    @Test
    void depthwiseAndLargeDepth() {
        Random r = new Random(12);
        check(r, new Case(1, 8, 10, 9, 8, 8, 3, 1, 1, 1, DataType.INT8, DataType.INT8, true, false, 8));
        check(r, new Case(1, 6, 7, 7, 12, 6, 3, 2, 1, 1, DataType.INT16, DataType.INT8, true, true, 16));
        // Deep enough that int16 x int16 sums must go through long.
        check(r, new Case(1, 64, 5, 5, 3, 1, 3, 1, 1, 1, DataType.INT16, DataType.INT16, true, false, 16));
        // Many positions: several column blocks and channel blocks.
        check(r, new Case(2, 16, 40, 33, 40, 1, 3, 1, 1, 1, DataType.INT8, DataType.INT8, false, false, 8));
    }

    @Test
    void windowsTooLargeForExactFloatPassesRunOnIntegers() {
        Random r = new Random(17);
        // 17 x 17 taps of int16 bytes exceed 2^24 in one channel: the integer product computes these.
        check(r, new Case(1, 3, 18, 19, 4, 1, 17, 1, 1, 8, DataType.INT16, DataType.INT16, true, false, 16));
        check(r, new Case(2, 4, 17, 18, 6, 2, 17, 2, 1, 8, DataType.INT16, DataType.INT8, true, true, 8));
        check(r, new Case(1, 2, 20, 20, 2, 2, 17, 1, 1, 0, DataType.INT16, DataType.INT16, false, false, 16));
    }

    @Test
    void int4WeightsInInt8Carriers() {
        Random r = new Random(13);
        Case cs = new Case(1, 4, 6, 6, 5, 1, 3, 1, 1, 1, DataType.INT8, DataType.INT8, true, false, 8);
        Tensor x = FxRun.full(r, DataType.INT8, 1, 4, 6, 6);
        Tensor w = FxRun.ints(r, DataType.INT8, -8, 7, 5, 4, 3, 3);
        runAndCompare(r, cs, x, w, null);
    }

    @Test
    void oneSpatialAxisIsTheTwoDimensionalCaseOfHeightOne() {
        Random r = new Random(14);
        Tensor x = FxRun.full(r, DataType.INT8, 2, 3, 17);
        Tensor w = FxRun.full(r, DataType.INT8, 4, 3, 3);
        Tensor b = FxRun.ints(r, DataType.INT64, -5000, 5000, 4);
        Node.Builder node = attrs(FxRun.fx("Conv"), new long[] {1 << 30}, new long[] {38}, null, 8)
                .attr("strides", new long[] {2}).attr("pads", 1L, 1L);
        Tensor y = FxRun.run(node, x, w, b);
        Tensor y2 = FxRun.run(attrs(FxRun.fx("Conv"), new long[] {1 << 30}, new long[] {38}, null, 8)
                .attr("strides", 1L, 2L).attr("pads", 0L, 1L, 0L, 1L), x.reshape(2, 3, 1, 17), w.reshape(4, 3, 1, 3), b);
        assertArrayEquals(y2.bytes(), y.bytes());
    }

    @Test
    void sameUpperPadding() {
        Random r = new Random(15);
        Tensor x = FxRun.full(r, DataType.INT8, 1, 2, 7, 8);
        Tensor w = FxRun.full(r, DataType.INT8, 3, 2, 3, 3);
        long[] mult = {1 << 30, 1 << 30, 1 << 30};
        long[] shift = {36, 36, 36};
        Tensor y = FxRun.run(attrs(FxRun.fx("Conv"), mult, shift, null, 8)
                .attr("strides", 2L, 2L).attr("auto_pad", "SAME_UPPER"), x, w);
        // out = ceil(in / 2): 4 x 4; total padding (4-1)*2+3-7 = 2 rows (1 + 1), (4-1)*2+3-8 = 1 column (0 + 1).
        Case cs = new Case(1, 2, 7, 8, 3, 1, 3, 2, 1, 0, DataType.INT8, DataType.INT8, false, false, 8);
        long[] expected = reference(cs, x, w, null, mult, shift, null, null, 1, 0);
        assertArrayEquals(expected, y.toLongArray());
    }

    @Test
    void errorsNameTheNode() {
        Random r = new Random(16);
        Tensor x = FxRun.full(r, DataType.INT8, 1, 2, 5, 5);
        Tensor w = FxRun.full(r, DataType.INT8, 3, 2, 3, 3);
        KtcException e = assertThrows(KtcException.class,
                () -> FxRun.run(attrs(FxRun.fx("Conv"), new long[] {1, 2}, new long[] {3, 4}, null, 8), x, w));
        assertTrue(e.getMessage().contains("'n'") && e.getMessage().contains("multiplier has 2 entries"), e.getMessage());
        e = assertThrows(KtcException.class, () -> FxRun.run(attrs(FxRun.fx("Conv"), new long[] {1}, new long[] {3}, null, 12), x, w));
        assertTrue(e.getMessage().contains("bits 12"), e.getMessage());
        e = assertThrows(KtcException.class, () -> FxRun.run(attrs(FxRun.fx("Conv"), new long[] {1}, new long[] {64}, null, 8), x, w));
        assertTrue(e.getMessage().contains("shift 64"), e.getMessage());
        e = assertThrows(KtcException.class, () -> FxRun.run(attrs(FxRun.fx("Conv"), new long[] {1}, new long[] {1}, null, 8),
                x.castTo(DataType.INT32), w));
        assertTrue(e.getMessage().contains("int32"), e.getMessage());
    }

    private static void check(Random r, Case cs) {
        Tensor x = FxRun.full(r, cs.xType, cs.n, cs.c, cs.h, cs.w);
        Tensor w = FxRun.full(r, cs.wType, cs.m, cs.c / cs.group, cs.k, cs.k);
        runAndCompare(r, cs, x, w, cs.bias ? FxRun.ints(r, DataType.INT64, -(1L << 40), 1L << 40, cs.m) : null);
    }

    private static void runAndCompare(Random r, Case cs, Tensor x, Tensor w, Tensor b) {
        long[] mult = new long[cs.m];
        long[] shift = new long[cs.m];
        for (int i = 0; i < cs.m; i++) {
            mult[i] = (1L << 30) + r.nextInt(1 << 30);
            shift[i] = 20 + r.nextInt(30);
        }
        long[] negMult = cs.leaky ? new long[] {(1L << 30) + r.nextInt(1 << 30)} : null;
        long[] negShift = cs.leaky ? new long[] {33} : null;
        Node.Builder node = attrs(FxRun.fx("Conv"), mult, shift, negMult, cs.bits)
                .attr("strides", (long) cs.stride, cs.stride).attr("dilations", (long) cs.dilation, cs.dilation)
                .attr("pads", (long) cs.pad, cs.pad, cs.pad, cs.pad).attr("group", (long) cs.group);
        if (cs.leaky) {
            node.attr("neg_shift", negShift);
        }
        long lo = cs.leaky ? -100 : -(1L << (cs.bits - 1));
        if (cs.leaky) {
            node.attr("out_min", lo);
        }
        Tensor y = FxRun.run(node, x, w, b);
        long[] expected = reference(cs, x, w, b, mult, shift, negMult, negShift, 0, lo);
        assertArrayEquals(expected, y.toLongArray(), cs.toString());
    }

    static Node.Builder attrs(Node.Builder node, long[] mult, long[] shift, long[] negMult, int bits) {
        node.attr("multiplier", mult).attr("shift", shift).attr("bits", (long) bits);
        if (negMult != null) {
            node.attr("neg_multiplier", negMult);
        }
        return node;
    }

    /**
     * The doc's Conv, naively: {@code sameUpper} 1 pads as SAME_UPPER (then {@code cs.pad} is ignored);
     * {@code lo} the clamp's lower end (out_min), 0 to mean the type's.
     */
    private static long[] reference(Case cs, Tensor x, Tensor w, Tensor b, long[] mult, long[] shift, long[] negMult,
            long[] negShift, int sameUpper, long lo) {
        int dk = (cs.k - 1) * cs.dilation + 1;
        int oh;
        int ow;
        int padTop = cs.pad;
        int padLeft = cs.pad;
        if (sameUpper == 1) {
            oh = (cs.h + cs.stride - 1) / cs.stride;
            ow = (cs.w + cs.stride - 1) / cs.stride;
            padTop = Math.max(0, (oh - 1) * cs.stride + dk - cs.h) / 2;
            padLeft = Math.max(0, (ow - 1) * cs.stride + dk - cs.w) / 2;
        } else {
            oh = (cs.h + 2 * cs.pad - dk) / cs.stride + 1;
            ow = (cs.w + 2 * cs.pad - dk) / cs.stride + 1;
        }
        long hi = (1L << (cs.bits - 1)) - 1;
        long low = lo == 0 ? -hi - 1 : lo;
        int cg = cs.c / cs.group;
        int mg = cs.m / cs.group;
        long[] y = new long[cs.n * cs.m * oh * ow];
        int o = 0;
        for (int n = 0; n < cs.n; n++) {
            for (int m = 0; m < cs.m; m++) {
                int g = m / mg;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        BigInteger acc = BigInteger.valueOf(b == null ? 0 : b.getLong(m));
                        for (int ci = 0; ci < cg; ci++) {
                            for (int ky = 0; ky < cs.k; ky++) {
                                for (int kx = 0; kx < cs.k; kx++) {
                                    int iy = oy * cs.stride - padTop + ky * cs.dilation;
                                    int ix = ox * cs.stride - padLeft + kx * cs.dilation;
                                    if (iy < 0 || iy >= cs.h || ix < 0 || ix >= cs.w) {
                                        continue;
                                    }
                                    long xv = x.getLong(((n * cs.c + g * cg + ci) * cs.h + iy) * cs.w + ix);
                                    long wv = w.getLong(((m * cg + ci) * cs.k + ky) * cs.k + kx);
                                    acc = acc.add(BigInteger.valueOf(xv * wv));
                                }
                            }
                        }
                        boolean neg = negMult != null && acc.signum() < 0;
                        y[o++] = neg ? FxReference.requant(acc, FxReference.pick(negMult, m), (int) FxReference.pick(negShift, m), low, hi)
                                : FxReference.requant(acc, mult[m], (int) shift[m], low, hi);
                    }
                }
            }
        }
        return y;
    }
}
