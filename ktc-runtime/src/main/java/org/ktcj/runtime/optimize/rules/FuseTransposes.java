package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Transpose(Transpose(x, p), q) -> Transpose(x, r)} with {@code r[i] = p[q[i]]}. The inner
 * Transpose goes when nothing else reads it; an identity result is then removed by
 * {@code eliminate-nop-transpose}.
 */
public final class FuseTransposes extends Rule {
    public FuseTransposes() {
        super("fuse-transposes", "Transpose(Transpose(x, p), q) -> Transpose(x, p[q])", "Transpose");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        Node inner = g.producer(n.input(0));
        return inner != null && inner.opType().equals("Transpose") && inner.domain().isEmpty()
                && perm(inner, g) != null && perm(n, g) != null;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        Node inner = g.producer(n.input(0));
        long[] p = perm(inner, g);
        long[] q = perm(n, g);
        long[] r = new long[q.length];
        for (int i = 0; i < q.length; i++) {
            r[i] = p[(int) q[i]];
        }
        g.replace(n, n.toBuilder().inputs(inner.input(0)).attr("perm", r).build());
        return true;
    }

    /** The node's permutation: its {@code perm}, or the reversal of its input's axes; null when unknown. */
    static long[] perm(Node n, GraphEditor g) {
        long[] perm = n.attrInts("perm", null);
        if (perm != null) {
            return perm;
        }
        int rank = g.rank(n.input(0));
        if (rank < 0) {
            return null;
        }
        long[] reversed = new long[rank];
        for (int i = 0; i < rank; i++) {
            reversed[i] = rank - 1 - i;
        }
        return reversed;
    }
}
