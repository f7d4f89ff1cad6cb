package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/** {@code Identity(x) -> x}. */
public final class EliminateIdentity extends NopRule {
    public EliminateIdentity() {
        super("eliminate-identity", "Identity(x) -> x", "Identity");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        return 0;
    }
}
