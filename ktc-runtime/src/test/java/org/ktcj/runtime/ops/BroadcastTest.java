package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

class BroadcastTest {
    private static final NodeContext CTX = new NodeContext(Node.builder("Add").name("add1").build(), 13,
            new ValueInfo[0], new Tensor[0]);

    private static int[] s(int... dims) {
        return dims;
    }

    @Test
    void shapesFollowNumpy() {
        // np.broadcast_shapes((2, 3, 4), (3, 1)) == (2, 3, 4)
        assertArrayEquals(s(2, 3, 4), Broadcast.shape(CTX, s(2, 3, 4), s(3, 1)));
        // np.broadcast_shapes((8, 1, 6, 1), (7, 1, 5)) == (8, 7, 6, 5)
        assertArrayEquals(s(8, 7, 6, 5), Broadcast.shape(CTX, s(8, 1, 6, 1), s(7, 1, 5)));
        // np.broadcast_shapes((), (2, 0)) == (2, 0); np.broadcast_shapes((1,), (0,)) == (0,)
        assertArrayEquals(s(2, 0), Broadcast.shape(CTX, s(), s(2, 0)));
        assertArrayEquals(s(0), Broadcast.shape(CTX, s(1), s(0)));
        // three inputs: np.broadcast_shapes((5, 1), (1, 4), (4,)) == (5, 4)
        assertArrayEquals(s(5, 4), Broadcast.shape(CTX, s(5, 1), s(1, 4), s(4)));
    }

    @Test
    void incompatibleShapesNameTheNode() {
        KtcException e = assertThrows(KtcException.class, () -> Broadcast.shape(CTX, s(2, 3), s(4)));
        assertEquals("Add node 'add1': cannot broadcast shapes [[2, 3], [4]]", e.getMessage());
    }

    @Test
    void symbolicDimsSurviveWhereTheyCan() {
        Shape a = Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(1)));
        Shape b = Shape.of(List.of(Dim.of(1), Dim.of(5)));
        // [N, 3, 1] with [1, 5]: N stays, 3 with 1 is 3, 1 with 5 is 5
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(5))), Broadcast.shape(CTX, a, b));
        // an unknown size against a known 4 must be 4 (or 1); two different symbols are unknown
        Shape c = Shape.of(List.of(Dim.symbol("M")));
        assertEquals(Shape.of(4), Broadcast.shape(CTX, c, Shape.of(4)));
        assertEquals(Shape.of(List.of(Dim.unknown())), Broadcast.shape(CTX, c, Shape.of(List.of(Dim.symbol("K")))));
        assertEquals(c, Broadcast.shape(CTX, c, Shape.of(List.of(Dim.symbol("M")))));
        assertNull(Broadcast.shape(CTX, c, null));
    }

    @Test
    void commonCasesBecomeLongRuns() {
        // same shapes: one run over everything
        assertEquals(List.of("0+24 [0, 0]"), runs(Broadcast.of(s(2, 3, 4), s(2, 3, 4), s(2, 3, 4)), 0, 24));
        // a per-channel bias [3,1,1] on [2,3,2,2]: runs of H*W with the bias constant along each
        List<String> r = runs(Broadcast.of(s(2, 3, 2, 2), s(2, 3, 2, 2), s(3, 1, 1)), 0, 24);
        assertEquals(6, r.size());
        assertEquals("4+4 [4, 1]", r.get(1));
        assertEquals("12+4 [12, 0]", r.get(3));
        Broadcast scalar = Broadcast.of(s(5, 7), s(5, 7), s());
        assertEquals(List.of("0+35 [0, 0]"), runs(scalar, 0, 35));
        assertEquals(0, scalar.innerStride(1));
        assertEquals(1, scalar.innerStride(0));
    }

    @Test
    void runsAndIndexMatchBruteForceForAnySplit() {
        Random rnd = new Random(7);
        int[][][] cases = {
            {s(2, 3, 4, 5), s(3, 1, 5), s(2, 1, 4, 1)},
            {s(4, 1, 3), s(1, 6, 1), s(4, 6, 3)},
            {s(1, 1), s(3, 1, 1), s()},
            {s(7), s(2, 1), s(2, 7)},
        };
        for (int[][] c : cases) {
            int[] out = Broadcast.shape(CTX, c);
            Broadcast b = Broadcast.of(out, c);
            assertArrayEquals(out, b.outputShape());
            for (int trial = 0; trial < 5; trial++) {
                int start = rnd.nextInt(b.size());
                int end = start + rnd.nextInt(b.size() - start + 1);
                int[] next = {start};
                b.forEachRun(start, end, (o, n, in) -> {
                    assertEquals(next[0], o, "runs are consecutive");
                    next[0] += n;
                    for (int i = 0; i < n; i++) {
                        for (int k = 0; k < c.length; k++) {
                            assertEquals(bruteIndex(out, c[k], o + i), in[k] + i * b.innerStride(k));
                        }
                    }
                });
                assertEquals(Math.max(start, end), next[0], "runs cover the range");
            }
            for (int i = 0; i < b.size(); i++) {
                for (int k = 0; k < c.length; k++) {
                    assertEquals(bruteIndex(out, c[k], i), b.index(k, i));
                }
            }
        }
    }

    @Test
    void copyExpandsAnyCarrier() {
        // np.broadcast_to(np.array([[1], [2]]), (2, 3))
        Broadcast b = Broadcast.of(s(2, 3), s(2, 1));
        long[] out = new long[6];
        b.copy(0, new long[] {1, 2}, out, 0, 6);
        assertArrayEquals(new long[] {1, 1, 1, 2, 2, 2}, out);
        // np.broadcast_to(np.array([True, False, True]), (2, 3))
        boolean[] z = new boolean[6];
        Broadcast.of(s(2, 3), s(3)).copy(0, new boolean[] {true, false, true}, z, 2, 6);
        assertArrayEquals(new boolean[] {false, false, true, true, false, true}, z);
    }

    @Test
    void inputsThatDoNotBroadcastToTheOutputAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Broadcast.of(s(2, 3), s(2, 4)));
        assertThrows(IllegalArgumentException.class, () -> Broadcast.of(s(3), s(2, 3)));
    }

    @Test
    void emptyOutputsHaveNoRuns() {
        Broadcast b = Broadcast.of(s(2, 0, 3), s(1, 0, 1));
        assertEquals(0, b.size());
        assertTrue(runs(b, 0, 0).isEmpty());
    }

    private static List<String> runs(Broadcast b, int start, int end) {
        List<String> out = new ArrayList<>();
        b.forEachRun(start, end, (o, n, in) -> out.add(o + "+" + n + " " + java.util.Arrays.toString(in)));
        return out;
    }

    /** The input's flat index for output element {@code i}, straight from the definition. */
    private static int bruteIndex(int[] out, int[] in, int i) {
        int[] idx = new int[out.length];
        for (int j = out.length - 1, r = i; j >= 0; j--) {
            idx[j] = r % out[j];
            r /= out[j];
        }
        int at = 0;
        for (int m = 0; m < in.length; m++) {
            int j = m + out.length - in.length;
            at = at * in[m] + (in[m] == 1 ? 0 : idx[j]);
        }
        return at;
    }
}
