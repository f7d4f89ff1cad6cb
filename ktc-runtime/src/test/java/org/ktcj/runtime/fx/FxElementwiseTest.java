package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/** Affine, Add, Sub, Mul, Lookup, Quantize and Dequantize against the doc's formulas. */
class FxElementwiseTest {
    private static final DataType[] TYPES = {DataType.INT8, DataType.INT16};

    @Test
    void affinePerChannelWithNegativeSide() {
        Random r = new Random(31);
        for (int i = 0; i < 20; i++) {
            DataType t = TYPES[r.nextInt(2)];
            int bits = r.nextBoolean() ? 8 : 16;
            int[] shape = {1 + r.nextInt(2), 1 + r.nextInt(5), 1 + r.nextInt(6), 1 + r.nextInt(6)};
            int ch = shape[1];
            Tensor x = FxRun.full(r, t, shape);
            boolean perChannel = r.nextBoolean();
            Tensor k = FxRun.ints(r, DataType.INT64, -(1L << 40), 1L << 40, perChannel ? ch : 1);
            Tensor c = FxRun.ints(r, DataType.INT64, -(1L << 50), 1L << 50, perChannel ? ch : 1);
            long[] mult = multipliers(r, perChannel ? ch : 1);
            long[] shift = shifts(r, mult.length, 40, 20);
            long[] negMult = multipliers(r, 1);
            Node.Builder node = FxConvTest.attrs(FxRun.fx("Affine"), mult, shift, negMult, bits)
                    .attr("neg_shift", new long[] {45}).attr("out_max", 100L);
            Tensor y = FxRun.run(node, x, k, c);
            long lo = -(1L << (bits - 1));
            int inner = shape[2] * shape[3];
            long[] expected = new long[x.size()];
            for (int e = 0; e < expected.length; e++) {
                int cc = (e / inner) % ch;
                BigInteger acc = BigInteger.valueOf(x.getLong(e)).multiply(BigInteger.valueOf(k.getLong(k.size() == 1 ? 0 : cc)))
                        .add(BigInteger.valueOf(c.getLong(c.size() == 1 ? 0 : cc)));
                expected[e] = acc.signum() < 0 ? FxReference.requant(acc, negMult[0], 45, lo, 100)
                        : FxReference.requant(acc, FxReference.pick(mult, cc), (int) FxReference.pick(shift, cc), lo, 100);
            }
            assertArrayEquals(expected, y.toLongArray());
        }
    }

    @Test
    void addSubMulBroadcast() {
        Random r = new Random(32);
        int[][][] shapes = {
            {{2, 3, 4, 5}, {2, 3, 4, 5}}, {{2, 3, 4, 5}, {1, 3, 1, 1}}, {{1, 3, 1, 5}, {2, 1, 4, 1}},
            {{4, 5}, {5}}, {{3, 4, 5}, {}}, {{7}, {7}}, {{1, 16, 9, 9}, {1, 16, 9, 9}},
        };
        for (String op : new String[] {"Add", "Sub", "Mul"}) {
            for (int[][] s : shapes) {
                DataType ta = TYPES[r.nextInt(2)];
                DataType tb = TYPES[r.nextInt(2)];
                Tensor a = FxRun.full(r, ta, s[0]);
                Tensor b = FxRun.full(r, tb, s[1]);
                int bits = r.nextBoolean() ? 8 : 16;
                int[] ys = broadcastShape(s[0], s[1]);
                int channels = ys.length < 2 ? 1 : ys[1];
                int inner = ys.length < 2 ? Math.max(1, java.util.Arrays.stream(ys).reduce(1, (x, z) -> x * z))
                        : java.util.Arrays.stream(ys, 2, ys.length).reduce(1, (x, z) -> x * z);
                long[] mult = multipliers(r, r.nextBoolean() ? channels : 1);
                long[] shift = shifts(r, mult.length, 30, op.equals("Mul") ? 20 : 30);
                long am = r.nextInt(1 << 20) - (1 << 19);
                long bm = r.nextInt(1 << 20) - (1 << 19);
                Node.Builder node = FxConvTest.attrs(FxRun.fx(op), mult, shift, null, bits);
                if (!op.equals("Mul")) {
                    node.attr("a_mult", am).attr("b_mult", bm);
                }
                Tensor y = FxRun.run(node, a, b);
                assertArrayEquals(ys, y.shape());
                long hi = (1L << (bits - 1)) - 1;
                long[] expected = new long[y.size()];
                for (int e = 0; e < expected.length; e++) {
                    long av = a.getLong(broadcastIndex(e, ys, s[0]));
                    long bv = b.getLong(broadcastIndex(e, ys, s[1]));
                    long acc = switch (op) {
                        case "Add" -> av * am + bv * bm;
                        case "Sub" -> av * am - bv * bm;
                        default -> av * bv;
                    };
                    int cc = (e / inner) % channels;
                    expected[e] = FxReference.requant(acc, FxReference.pick(mult, cc), (int) FxReference.pick(shift, cc), -hi - 1, hi);
                }
                assertArrayEquals(expected, y.toLongArray(), op + " " + java.util.Arrays.deepToString(s));
            }
        }
    }

    @Test
    void lookupMapsEveryValue() {
        Random r = new Random(33);
        for (DataType t : TYPES) {
            int entries = t == DataType.INT8 ? 256 : 65536;
            for (int bits : new int[] {8, 16}) {
                short[] table = new short[entries];
                for (int i = 0; i < entries; i++) {
                    table[i] = (short) (bits == 8 ? r.nextInt(256) - 128 : r.nextInt(65536) - 32768);
                }
                Tensor x = FxRun.full(r, t, 2, 3, 17);
                Node.Builder node = FxRun.fx("Lookup").attr("bits", (long) bits)
                        .attr("table", Tensor.wrap(DataType.INT16, new int[] {entries}, table));
                Tensor y = FxRun.run(node, x);
                for (int e = 0; e < x.size(); e++) {
                    assertEquals(table[(int) x.getLong(e) + entries / 2], y.getLong(e));
                }
            }
        }
        Node.Builder bad = FxRun.fx("Lookup").attr("bits", 8L).attr("table", Tensor.wrap(DataType.INT16, new int[] {256}, new short[256]));
        String msg = assertThrows(KtcException.class, () -> FxRun.run(bad, FxRun.full(r, DataType.INT16, 4))).getMessage();
        assertTrue(msg.contains("needs 65536"), msg);
    }

    @Test
    void quantizeAndDequantize() {
        Random r = new Random(34);
        float[] v = new float[2 * 3 * 40];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 3);
        }
        v[0] = Float.NaN;
        v[1] = Float.POSITIVE_INFINITY;
        v[2] = -1e30f;
        v[3] = 0.5f / 16; // exactly half a step at radix 4, scale 1: rounds to even (0)
        v[4] = 1.5f / 16; // rounds to 2
        Tensor x = Tensor.of(v, 2, 3, 40);
        float[] scale = {1f, 1.25f, 1.9f};
        long[] radix = {4, 3, -1};
        for (int bits : new int[] {8, 16}) {
            Node.Builder q = FxRun.fx("Quantize").attr("bits", (long) bits).attr("scale", scale).attr("radix", radix);
            Tensor y = FxRun.run(q, x);
            long hi = (1L << (bits - 1)) - 1;
            for (int e = 0; e < v.length; e++) {
                int c = (e / 40) % 3;
                double real = new java.math.BigDecimal(v[e] == v[e] && !Float.isInfinite(v[e]) ? v[e] : 0)
                        .multiply(new java.math.BigDecimal(scale[c])).doubleValue() * Math.pow(2, radix[c]);
                long expected = Float.isNaN(v[e]) ? 0 : Float.isInfinite(v[e]) ? hi
                        : Math.max(-hi - 1, Math.min(hi, (long) Math.rint(real)));
                assertEquals(expected, y.getLong(e), "element " + e + " = " + v[e]);
            }
            Tensor back = FxRun.run(FxRun.fx("Dequantize").attr("scale", scale).attr("radix", radix), y);
            assertEquals(DataType.FLOAT, back.type());
            for (int e = 0; e < v.length; e++) {
                int c = (e / 40) % 3;
                assertEquals((float) (y.getLong(e) / (scale[c] * Math.pow(2, radix[c]))), back.floats()[e], 0f);
            }
        }
    }

    static long[] multipliers(Random r, int n) {
        long[] m = new long[n];
        for (int i = 0; i < n; i++) {
            m[i] = (1L << 30) + r.nextInt(1 << 30);
        }
        return m;
    }

    static long[] shifts(Random r, int n, int base, int spread) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = base + r.nextInt(spread);
        }
        return s;
    }

    private static int[] broadcastShape(int[] a, int[] b) {
        int[] out = new int[Math.max(a.length, b.length)];
        for (int d = 0; d < out.length; d++) {
            int da = d - (out.length - a.length) >= 0 ? a[d - (out.length - a.length)] : 1;
            int db = d - (out.length - b.length) >= 0 ? b[d - (out.length - b.length)] : 1;
            out[d] = Math.max(da, db);
        }
        return out;
    }

    /** The flat index in an input of shape {@code in} broadcast to {@code out}, for output element e. */
    private static int broadcastIndex(int e, int[] out, int[] in) {
        int idx = 0;
        int stride = 1;
        int rest = e;
        for (int d = out.length - 1; d >= 0; d--) {
            int pos = rest % out[d];
            rest /= out[d];
            int id = d - (out.length - in.length);
            if (id >= 0) {
                if (in[id] != 1) {
                    idx += pos * stride;
                }
                stride *= in[id];
            }
        }
        return idx;
    }
}
