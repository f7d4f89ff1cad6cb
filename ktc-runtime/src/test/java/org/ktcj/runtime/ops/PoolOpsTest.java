package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ktcj.runtime.ops.NnOpsReference.assertClose;
import static org.ktcj.runtime.ops.NnOpsReference.assertSame;
import static org.ktcj.runtime.ops.NnOpsReference.random;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Parallel;
import org.ktcj.runtime.ops.NnOpsReference.Win;

/** The pooling operators against the naive reference of {@link NnOpsReference} on random shapes. */
class PoolOpsTest {
    private static final Parallel THREE = Parallel.of(3);

    @AfterAll
    static void close() {
        THREE.close();
    }

    private static Tensor[] run(Node node, Tensor x, Random r) {
        return NnOpsReference.run(node, 12, new Tensor[] {x}, 1, r.nextBoolean() ? Parallel.serial() : THREE);
    }

    @Test
    void maxAndAveragePoolMatchReference() {
        Random r = new Random(7);
        for (int i = 0; i < 300; i++) {
            int rank = i % 5 == 0 ? 1 : i % 7 == 0 ? 3 : 2;
            boolean max = r.nextBoolean();
            boolean includePad = r.nextBoolean();
            boolean ceil = r.nextInt(3) == 0;
            int[] kernel = new int[rank];
            int[] strides = new int[rank];
            int[] dil = new int[rank];
            int[] pads = new int[2 * rank];
            int[] in = new int[rank];
            for (int a = 0; a < rank; a++) {
                kernel[a] = 1 + r.nextInt(rank == 3 ? 3 : 5);
                strides[a] = 1 + r.nextInt(3);
                dil[a] = max && r.nextInt(4) == 0 ? 2 : 1;
                pads[a] = r.nextInt(kernel[a]);
                pads[a + rank] = r.nextInt(kernel[a]);
                in[a] = (kernel[a] - 1) * dil[a] + 1 + r.nextInt(rank == 3 ? 5 : 40);
            }
            Win win = new Win(kernel, strides, dil, pads);
            Tensor x = random(r, NnOpsTest.concat(new int[] {1 + r.nextInt(2), 1 + r.nextInt(4)}, in));
            Node node = NnOpsReference.windowAttrs(Node.builder(max ? "MaxPool" : "AveragePool").name("pool")
                    .inputs("x").outputs("y"), win).attr("ceil_mode", ceil ? 1L : 0L)
                    .attr("count_include_pad", includePad ? 1L : 0L).build();
            if (!max && rank == 1 && dil[0] != 1) {
                continue;
            }
            Tensor y = run(node, x, r)[0];
            int[] out = Arrays.copyOfRange(y.shape(), 2, y.rank());
            Tensor expected = NnOpsReference.pool(x, max, includePad, win, out);
            String what = node.opType() + " x" + Arrays.toString(x.shape()) + " " + win + " ceil " + ceil;
            if (max || rank < 3) {
                assertSame(expected, y, what);
            } else {
                assertClose(expected, y, 1e-6, what); // three axes sum in double
            }
        }
    }

    @Test
    void maxPoolIndicesRowAndColumnMajor() {
        Random r = new Random(8);
        Tensor x = random(r, 2, 3, 7, 6);
        for (long order : new long[] {0, 1}) {
            Node node = Node.builder("MaxPool").name("mp").inputs("x").outputs("y", "i")
                    .attr("kernel_shape", 3L, 2L).attr("strides", 2L, 2L).attr("pads", 1L, 0L, 1L, 1L)
                    .attr("storage_order", order).build();
            Tensor[] out = run(node, x, r);
            Win win = new Win(new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 0, 1, 1});
            assertSame(NnOpsReference.pool(x, true, false, win, new int[] {4, 3}), out[0], "values");
            assertEquals(DataType.INT64, out[1].type());
            float[] xf = x.floats();
            for (int i = 0; i < out[1].size(); i++) {
                long idx = out[1].longs()[i];
                int plane = (int) (idx / 42);
                int within = (int) (idx % 42);
                int h = order == 0 ? within / 6 : within % 7;
                int w = order == 0 ? within % 6 : within / 7;
                assertEquals(i / 12, plane, "plane of index " + i);
                assertEquals(out[0].floats()[i], xf[plane * 42 + h * 6 + w], "value at index " + idx);
            }
        }
    }

    @Test
    void maxPoolOverBytes() {
        byte[] v = {-5, -3, 7, -128, -9, -4, 100, 5};
        Tensor x = Tensor.wrap(DataType.INT8, new int[] {1, 1, 2, 4}, v);
        Node node = Node.builder("MaxPool").name("mp").inputs("x").outputs("y").attr("kernel_shape", 2L, 2L)
                .attr("strides", 2L, 2L).build();
        Tensor y = NnOpsReference.run(node, 12, new Tensor[] {x}, 1, Parallel.serial())[0];
        assertArrayEquals(new byte[] {-3, 100}, y.bytes());
        Tensor u = Tensor.wrap(DataType.UINT8, new int[] {1, 1, 2, 4}, v.clone());
        y = NnOpsReference.run(node, 12, new Tensor[] {u}, 1, Parallel.serial())[0];
        assertArrayEquals(new byte[] {(byte) 253, (byte) 128}, y.bytes());
    }

    @Test
    void globalPoolsAndLpPool() {
        Random r = new Random(9);
        Tensor x = random(r, 2, 5, 9, 11);
        float[] xf = x.floats();
        Tensor max = run(Node.builder("GlobalMaxPool").name("g").inputs("x").outputs("y").build(), x, r)[0];
        Tensor avg = run(Node.builder("GlobalAveragePool").name("g").inputs("x").outputs("y").build(), x, r)[0];
        Tensor lp = run(Node.builder("GlobalLpPool").name("g").inputs("x").outputs("y").attr("p", 3L).build(), x, r)[0];
        assertArrayEquals(new int[] {2, 5, 1, 1}, avg.shape());
        for (int c = 0; c < 10; c++) {
            float m = Float.NEGATIVE_INFINITY;
            double s = 0;
            double s3 = 0;
            for (int i = 0; i < 99; i++) {
                m = Math.max(m, xf[c * 99 + i]);
                s += xf[c * 99 + i];
                s3 += Math.pow(Math.abs(xf[c * 99 + i]), 3);
            }
            assertEquals(m, max.floats()[c]);
            assertEquals((float) (s / 99), avg.floats()[c], 1e-7);
            assertEquals((float) Math.cbrt(s3), lp.floats()[c], 1e-6);
        }
        // LpPool p=2 over 3x3 windows, stride 2, against the definition.
        Node node = Node.builder("LpPool").name("lp").inputs("x").outputs("y").attr("kernel_shape", 3L, 3L)
                .attr("strides", 2L, 2L).attr("p", 2L).build();
        Tensor y = run(node, x, r)[0];
        assertArrayEquals(new int[] {2, 5, 4, 5}, y.shape());
        for (int c = 0; c < 10; c++) {
            for (int oy = 0; oy < 4; oy++) {
                for (int ox = 0; ox < 5; ox++) {
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            double v = xf[c * 99 + (oy * 2 + i) * 11 + ox * 2 + j];
                            s += v * v;
                        }
                    }
                    assertEquals(Math.sqrt(s), y.floats()[(c * 4 + oy) * 5 + ox], 1e-6);
                }
            }
        }
    }

    @Test
    void maxRoiPoolTakesTheMaximumPerBin() {
        float[] v = new float[2 * 1 * 4 * 5];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        Tensor x = Tensor.of(v, 2, 1, 4, 5);
        // Batch 1, box x 1..3, y 0..2 at scale 1: 3x3 pixels in 2x2 bins of 1.5.
        Tensor rois = Tensor.of(new float[] {1, 1, 0, 3, 2, 0, 0, 0, 0.4f, 0.4f}, 2, 5);
        Node node = Node.builder("MaxRoiPool").name("roi").inputs("x", "rois").outputs("y")
                .attr("pooled_shape", 2L, 2L).build();
        Tensor y = NnOpsReference.run(node, 1, new Tensor[] {x, rois}, 1, Parallel.serial())[0];
        assertArrayEquals(new int[] {2, 1, 2, 2}, y.shape());
        // Bins: rows [0,2) and [1,3), columns [1,3) and [2,4) of image 1 (offset 20).
        assertArrayEquals(new float[] {20 + 7, 20 + 8, 20 + 12, 20 + 13, 0, 0, 0, 0}, y.floats());
    }
}
