package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Reshape(x: [N, C, H, W], [N, C*H*W]) -> Flatten(x, axis=1)}: the Flatten before a classifier,
 * however the exporter wrote it ({@code x.view(x.size(0), -1)} is Shape, Gather, Concat, Reshape).
 */
public final class ReshapeToFlatten extends Rule {
    public ReshapeToFlatten() {
        super("reshape-to-flatten", "Reshape(x: [N, ...], [N, -1]) -> Flatten(x, axis=1)", "Reshape");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        Shape in = g.shape(n.input(0));
        Shape out = g.shape(n.output(0));
        if (in == null || out == null || in.rank() <= 2 || out.rank() != 2) {
            return false;
        }
        var d = in.dim(0);
        return out.dim(0).isKnown() ? d.isKnown() && d.size() == out.dim(0).size()
                : out.dim(0).symbol() != null && out.dim(0).symbol().equals(d.symbol());
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        g.replace(n, Node.builder("Flatten").name(n.name()).inputs(n.input(0)).outputs(n.output(0)).attr("axis", 1L)
                .build());
        return true;
    }
}
