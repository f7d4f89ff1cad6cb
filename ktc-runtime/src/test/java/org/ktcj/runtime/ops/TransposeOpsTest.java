package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ShapeOpsFixture.arangeLong;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;

class TransposeOpsTest {
    @Test
    void transposeSmall() {
        // np.arange(24).reshape(2, 3, 4).transpose(1, 2, 0).ravel()
        assertFloats(run1(13, op("Transpose").attr("perm", 1L, 2L, 0L), arange(2, 3, 4)), shape(3, 4, 2),
                0, 12, 1, 13, 2, 14, 3, 15, 4, 16, 5, 17, 6, 18, 7, 19, 8, 20, 9, 21, 10, 22, 11, 23);
        // No perm reverses the axes: np.arange(6).reshape(2, 3).T
        assertLongs(run1(1, op("Transpose"), arangeLong(2, 3)), shape(3, 2), 0, 3, 1, 4, 2, 5);
    }

    @Test
    void everyPermutationOfOddSizesMatchesElementwiseTranspose() {
        int[] s = {3, 5, 1, 7};
        for (int[] perm : permutations(4)) {
            long[] p = new long[4];
            for (int i = 0; i < 4; i++) {
                p[i] = perm[i];
            }
            Tensor x = arange(s);
            Tensor y = run1(13, op("Transpose").attr("perm", p), x);
            assertArrayEquals(naive(x.floats(), s, perm), Arrays.copyOf(y.floats(), y.size()),
                    () -> Arrays.toString(perm));
        }
    }

    @Test
    void largeLayoutChangesUseTilesAndThreads() {
        // NCHW -> NHWC and back, sizes not multiples of the tile, big enough to split over threads
        int[] nchw = {2, 37, 19, 23};
        Tensor x = arange(nchw);
        Tensor nhwc = run1(13, op("Transpose").attr("perm", 0L, 2L, 3L, 1L), x);
        assertArrayEquals(naive(x.floats(), nchw, new int[] {0, 2, 3, 1}), Arrays.copyOf(nhwc.floats(), nhwc.size()));
        Tensor back = run1(13, op("Transpose").attr("perm", 0L, 3L, 1L, 2L), nhwc);
        assertFloats(back, nchw, x.floats());
        int[] big = {64, 33, 65};
        Tensor z = arange(big);
        Tensor t = run1(13, op("Transpose").attr("perm", 2L, 0L, 1L), z);
        assertArrayEquals(naive(z.floats(), big, new int[] {2, 0, 1}), Arrays.copyOf(t.floats(), t.size()));
    }

    @Test
    void aTransposeThatMovesNothingIsAView() {
        Tensor x = arange(1, 6, 1, 4);
        Node node = OpFixture.build(op("Transpose").attr("perm", 2L, 1L, 0L, 3L), x);
        Operator op = OpFixture.operator(13, node);
        Tensor y = op.kernel(NodeContext.ofTensors(node, 13, new Tensor[] {x})).run(new Tensor[] {x}, new HeapWorkspace())[0];
        assertSame(x.carrier(), y.carrier());
        assertArrayEquals(shape(1, 6, 1, 4), y.shape());
    }

    @Test
    void inferPermutesSymbolicDimsAndRejectsBadPerms() {
        ValueInfo in = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.symbol("H"))));
        List<ValueInfo> out = infer(13, op("Transpose").attr("perm", 2L, 0L, 1L), new ValueInfo[] {in});
        assertEquals(Shape.of(List.of(Dim.symbol("H"), Dim.symbol("N"), Dim.of(3))), out.get(0).shape());
        assertTrue(failure(13, op("Transpose").attr("perm", 0L, 0L), arange(2, 2)).contains("not a permutation"));
        String m = failure(13, op("Transpose").attr("perm", new long[] {0}), arange(2, 2));
        assertTrue(m.contains("does not fit rank 2"), m);
    }

    @Test
    void depthToSpaceModes() {
        Tensor x = arange(1, 8, 2, 2);
        // DCR: x.reshape(1, 2, 2, 2, 2, 2).transpose(0, 3, 4, 1, 5, 2).reshape(1, 2, 4, 4)
        assertFloats(run1(13, op("DepthToSpace").attr("blocksize", 2L), x), shape(1, 2, 4, 4),
                0, 8, 1, 9, 16, 24, 17, 25, 2, 10, 3, 11, 18, 26, 19, 27,
                4, 12, 5, 13, 20, 28, 21, 29, 6, 14, 7, 15, 22, 30, 23, 31);
        // CRD: x.reshape(1, 2, 2, 2, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(1, 2, 4, 4)
        assertFloats(run1(13, op("DepthToSpace").attr("blocksize", 2L).attr("mode", "CRD"), x), shape(1, 2, 4, 4),
                0, 4, 1, 5, 8, 12, 9, 13, 2, 6, 3, 7, 10, 14, 11, 15,
                16, 20, 17, 21, 24, 28, 25, 29, 18, 22, 19, 23, 26, 30, 27, 31);
        assertTrue(failure(13, op("DepthToSpace").attr("blocksize", 3L), x).contains("not divisible by 9"));
    }

    @Test
    void spaceToDepthInvertsDepthToSpace() {
        // np.arange(16).reshape(1, 1, 2, 2, 2, 2).transpose(0, 3, 5, 1, 2, 4).reshape(1, 4, 2, 2)
        assertFloats(run1(13, op("SpaceToDepth").attr("blocksize", 2L), arange(1, 1, 4, 4)), shape(1, 4, 2, 2),
                0, 2, 8, 10, 1, 3, 9, 11, 4, 6, 12, 14, 5, 7, 13, 15);
        Tensor x = arange(2, 3, 6, 4);
        Tensor packed = run1(13, op("SpaceToDepth").attr("blocksize", 2L), x);
        assertArrayEquals(shape(2, 12, 3, 2), packed.shape());
        Tensor back = run1(13, op("DepthToSpace").attr("blocksize", 2L).attr("mode", "DCR"), packed);
        assertFloats(back, shape(2, 3, 6, 4), x.floats());
        String m = failure(13, op("SpaceToDepth").attr("blocksize", 3L), x);
        assertTrue(m.contains("width 4 is not divisible by 3"), m);
    }

    /** The transpose computed element by element: out[c] = in[c permuted back]. */
    private static float[] naive(float[] in, int[] shape, int[] perm) {
        int rank = shape.length;
        int[] outShape = new int[rank];
        for (int i = 0; i < rank; i++) {
            outShape[i] = shape[perm[i]];
        }
        int[] inStride = ShapeOps.strides(shape);
        int n = Tensor.elementCount(shape);
        float[] out = new float[n];
        int[] c = new int[rank];
        for (int o = 0; o < n; o++) {
            int src = 0;
            for (int i = 0; i < rank; i++) {
                src += c[i] * inStride[perm[i]];
            }
            out[o] = in[src];
            for (int d = rank - 1; d >= 0 && ++c[d] == outShape[d]; d--) {
                c[d] = 0;
            }
        }
        return out;
    }

    private static List<int[]> permutations(int n) {
        List<int[]> out = new ArrayList<>();
        permute(new int[n], new boolean[n], 0, out);
        return out;
    }

    private static void permute(int[] p, boolean[] used, int i, List<int[]> out) {
        if (i == p.length) {
            out.add(p.clone());
            return;
        }
        for (int v = 0; v < p.length; v++) {
            if (!used[v]) {
                used[v] = true;
                p[i] = v;
                permute(p, used, i + 1, out);
                used[v] = false;
            }
        }
    }
}
