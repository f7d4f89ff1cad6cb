package org.ktcj.runtime.optimize.rules;

import java.util.Set;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;
import org.ktcj.runtime.optimize.ReshapeTargets;

/**
 * {@code Reshape(Flatten(x)) -> Reshape(x)}: two consecutive operators that only change a shape
 * (Reshape, Flatten, Squeeze, Unsqueeze) become one Reshape to the final shape. The first goes when
 * nothing else reads it.
 */
public final class FuseReshapes extends Rule {
    static final Set<String> SHAPE_ONLY = Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze");

    public FuseReshapes() {
        super("fuse-reshapes", "Reshape(Reshape(x, s1), s2) -> Reshape(x, s2)", "Reshape", "Flatten", "Squeeze",
                "Unsqueeze");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        Node inner = g.producer(n.input(0));
        return g.opsetAtLeast(5) && inner != null && inner.domain().isEmpty()
                && SHAPE_ONLY.contains(inner.opType()) && target(n, inner, g) != null;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        Node inner = g.producer(n.input(0));
        long[] target = target(n, inner, g);
        g.replace(n, NodeForms.reshape(g, n.name(), inner.input(0), target, n.output(0)));
        return true;
    }

    private static long[] target(Node n, Node inner, GraphEditor g) {
        return ReshapeTargets.fromShapes(g.shape(inner.input(0)), g.shape(n.output(0)));
    }
}
