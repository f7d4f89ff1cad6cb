package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

class FxAveragePoolTest {
    @Test
    void windowsWithPadsStridesAndDivisors() {
        Random r = new Random(41);
        for (int i = 0; i < 30; i++) {
            DataType t = r.nextBoolean() ? DataType.INT8 : DataType.INT16;
            int n = 1 + r.nextInt(2);
            int c = 1 + r.nextInt(4);
            int h = 4 + r.nextInt(8);
            int w = 4 + r.nextInt(8);
            int k = 1 + r.nextInt(3);
            int s = 1 + r.nextInt(2);
            int pad = r.nextInt(k);
            boolean includePad = r.nextBoolean();
            int bits = r.nextBoolean() ? 8 : 16;
            Tensor x = FxRun.full(r, t, n, c, h, w);
            long[] mult = FxElementwiseTest.multipliers(r, r.nextBoolean() ? c : 1);
            long[] shift = FxElementwiseTest.shifts(r, mult.length, 28, 6);
            Node.Builder node = FxConvTest.attrs(FxRun.fx("AveragePool"), mult, shift, null, bits)
                    .attr("kernel_shape", (long) k, k).attr("strides", (long) s, s).attr("pads", (long) pad, pad, pad, pad)
                    .attr("count_include_pad", includePad ? 1L : 0L);
            Tensor y = FxRun.run(node, x);
            int oh = (h + 2 * pad - k) / s + 1;
            int ow = (w + 2 * pad - k) / s + 1;
            long hi = (1L << (bits - 1)) - 1;
            long[] expected = new long[n * c * oh * ow];
            int o = 0;
            for (int plane = 0; plane < n * c; plane++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        long sum = 0;
                        long count = 0;
                        for (int ky = 0; ky < k; ky++) {
                            for (int kx = 0; kx < k; kx++) {
                                int iy = oy * s - pad + ky;
                                int ix = ox * s - pad + kx;
                                boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                                if (inside) {
                                    sum += x.getLong((plane * h + iy) * w + ix);
                                }
                                count += inside || includePad ? 1 : 0;
                            }
                        }
                        int ch = plane % c;
                        expected[o++] = FxReference.average(sum, FxReference.pick(mult, ch), (int) FxReference.pick(shift, ch),
                                count, -hi - 1, hi);
                    }
                }
            }
            assertArrayEquals(expected, y.toLongArray(), "case " + i);
        }
    }

    @Test
    void globalAverage() {
        Random r = new Random(42);
        for (DataType t : new DataType[] {DataType.INT8, DataType.INT16}) {
            Tensor x = FxRun.full(r, t, 2, 5, 7, 9);
            long[] mult = FxElementwiseTest.multipliers(r, 5);
            long[] shift = FxElementwiseTest.shifts(r, 5, 30, 3);
            Tensor y = FxRun.run(FxConvTest.attrs(FxRun.fx("GlobalAveragePool"), mult, shift, null, 16), x);
            assertArrayEquals(new int[] {2, 5, 1, 1}, y.shape());
            long[] expected = new long[10];
            for (int p = 0; p < 10; p++) {
                long sum = 0;
                for (int i = 0; i < 63; i++) {
                    sum += x.getLong(p * 63 + i);
                }
                expected[p] = FxReference.average(sum, mult[p % 5], (int) shift[p % 5], 63, -32768, 32767);
            }
            assertArrayEquals(expected, y.toLongArray());
        }
    }
}
