package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/** {@code Transpose(x, perm=[0, 1, ..., n-1]) -> x}. */
public final class EliminateNopTranspose extends NopRule {
    public EliminateNopTranspose() {
        super("eliminate-nop-transpose", "Transpose(x, perm=identity) -> x", "Transpose");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        long[] perm = FuseTransposes.perm(n, g);
        if (perm == null) {
            return -1;
        }
        for (int i = 0; i < perm.length; i++) {
            if (perm[i] != i) {
                return -1;
            }
        }
        return 0;
    }
}
