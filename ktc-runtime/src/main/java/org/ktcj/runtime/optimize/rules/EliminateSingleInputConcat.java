package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/** {@code Concat(x) -> x}. */
public final class EliminateSingleInputConcat extends NopRule {
    public EliminateSingleInputConcat() {
        super("eliminate-single-input-concat", "Concat(x) -> x", "Concat");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        return n.inputs().size() == 1 ? 0 : -1;
    }
}
