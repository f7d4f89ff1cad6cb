package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;
import org.ktcj.runtime.optimize.ReshapeTargets;

/**
 * {@code Squeeze(x) -> Reshape(x, s)}, {@code Unsqueeze(x) -> Reshape(x, s)}: the NPU reshapes, and
 * Reshapes fuse with their neighbours. Needs the output shape known up to the input's own dimensions
 * and one other.
 */
public final class SqueezeToReshape extends Rule {
    public SqueezeToReshape() {
        super("squeeze-to-reshape", "Squeeze(x) -> Reshape(x, s), Unsqueeze(x) -> Reshape(x, s)",
                "Squeeze", "Unsqueeze");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        return g.opsetAtLeast(5) && target(n, g) != null;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        g.replace(n, NodeForms.reshape(g, n.name(), n.input(0), target(n, g), n.output(0)));
        return true;
    }

    private static long[] target(Node n, GraphEditor g) {
        return ReshapeTargets.fromShapes(g.shape(n.input(0)), g.shape(n.output(0)));
    }
}
