package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

class FxGemmTest {
    @Test
    void randomCasesMatchTheReference() {
        Random r = new Random(21);
        DataType[] types = {DataType.INT8, DataType.INT16};
        for (int i = 0; i < 40; i++) {
            int m = 1 + r.nextInt(5);
            int k = 1 + r.nextInt(i < 35 ? 70 : 700);
            int n = 1 + r.nextInt(i % 5 == 0 ? 600 : 20);
            check(r, m, k, n, types[r.nextInt(2)], types[r.nextInt(2)], r.nextBoolean(), r.nextBoolean(),
                    r.nextInt(3), r.nextBoolean() ? 8 : 16);
        }
    }

    @Test
    void longDepthOfInt16() {
        check(new Random(22), 2, 3000, 5, DataType.INT16, DataType.INT16, false, true, 2, 16);
    }

    /** @param bias 0: no C; 1: one value; 2: one per column */
    private static void check(Random r, int m, int k, int n, DataType at, DataType bt, boolean ta, boolean tb, int bias,
            int bits) {
        Tensor a = ta ? FxRun.full(r, at, k, m) : FxRun.full(r, at, m, k);
        Tensor b = tb ? FxRun.full(r, bt, n, k) : FxRun.full(r, bt, k, n);
        Tensor c = bias == 0 ? null : FxRun.ints(r, DataType.INT64, -(1L << 45), 1L << 45, bias == 1 ? 1 : n);
        boolean perColumn = r.nextBoolean();
        long[] mult = new long[perColumn ? n : 1];
        long[] shift = new long[mult.length];
        for (int j = 0; j < mult.length; j++) {
            mult[j] = (1L << 30) + r.nextInt(1 << 30);
            shift[j] = 25 + r.nextInt(25);
        }
        Node.Builder node = FxConvTest.attrs(FxRun.fx("Gemm"), mult, shift, null, bits)
                .attr("transA", ta ? 1L : 0L).attr("transB", tb ? 1L : 0L);
        Tensor y = FxRun.run(node, a, b, c);
        long hi = (1L << (bits - 1)) - 1;
        long[] expected = new long[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                BigInteger acc = BigInteger.valueOf(c == null ? 0 : c.getLong(c.size() == 1 ? 0 : j));
                for (int p = 0; p < k; p++) {
                    long av = a.getLong(ta ? p * m + i : i * k + p);
                    long bv = b.getLong(tb ? j * k + p : p * n + j);
                    acc = acc.add(BigInteger.valueOf(av * bv));
                }
                expected[i * n + j] = FxReference.requant(acc, FxReference.pick(mult, j), (int) FxReference.pick(shift, j), -hi - 1, hi);
            }
        }
        assertArrayEquals(expected, y.toLongArray(), m + "x" + k + "x" + n);
    }
}
