package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Reshape(x: S, to S) -> x}, and so for the other operators that only change a shape or repeat
 * elements (Flatten, Squeeze, Unsqueeze, Expand, Tile): when the output has the input's shape, the
 * operator did nothing.
 */
public final class EliminateNopReshape extends NopRule {
    public EliminateNopReshape() {
        super("eliminate-nop-reshape", "Reshape(x: S, to S) -> x",
                "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Expand", "Tile");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        return sameTypeAndShape(g, n.input(0), n.output(0)) ? 0 : -1;
    }
}
