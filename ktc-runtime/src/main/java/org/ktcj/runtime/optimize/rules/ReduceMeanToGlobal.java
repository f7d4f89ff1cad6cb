package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;

/**
 * {@code ReduceMean(x: [N, C, H, W], axes=[2, 3]) -> GlobalAveragePool(x)}, followed by
 * {@code Flatten(axis=1)} when {@code keepdims=0}: the mean over every spatial axis.
 */
public final class ReduceMeanToGlobal extends Rule {
    public ReduceMeanToGlobal() {
        super("reducemean-to-gap", "ReduceMean(x, axes=spatial) -> GlobalAveragePool(x)", "ReduceMean");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        int rank = g.rank(n.input(0));
        long[] axes = NodeForms.axes(n, g);
        if (rank < 3 || axes == null || !isFloat(g, n.input(0))) {
            return false;
        }
        int[] a = NodeForms.normalizeAxes(axes, rank);
        if (a == null || a.length != rank - 2) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (a[i] != i + 2) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        if (n.attrInt("keepdims", 1) != 0) {
            g.replace(n, Node.builder("GlobalAveragePool").name(n.name()).inputs(n.input(0)).outputs(n.output(0))
                    .build());
            return true;
        }
        String pooled = g.freshValueName(n.output(0) + "_pooled");
        g.replace(n, Node.builder("GlobalAveragePool").name(n.name()).inputs(n.input(0)).outputs(pooled).build(),
                Node.builder("Flatten").name(g.freshNodeName(n.name() + "_flatten")).inputs(pooled)
                        .outputs(n.output(0)).attr("axis", 1L).build());
        return true;
    }
}
