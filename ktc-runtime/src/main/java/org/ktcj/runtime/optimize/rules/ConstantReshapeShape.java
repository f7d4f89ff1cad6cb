package org.ktcj.runtime.optimize.rules;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.ReshapeTargets;
import org.ktcj.runtime.optimize.ShapeElement;

/**
 * {@code Reshape(x, Concat(Gather(Shape(x), 0), [-1, 8]))  ->  Reshape(x, [0, -1, 8])}: a Reshape
 * target computed from a shape that is not static (a dynamic batch) becomes a constant, the unknown
 * element that is the input's own dimension written 0 ("copy") and one other unknown -1 ("infer").
 * The shape arithmetic is then dead.
 */
public final class ConstantReshapeShape extends Rule {
    public ConstantReshapeShape() {
        super("constant-reshape-shape", "Reshape(x, shape arithmetic) -> Reshape(x, [0, ..., -1, ...])", "Reshape");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        return n.inputs().size() == 2 && !g.isConstant(n.input(1)) && n.attrInt("allowzero", 0) == 0
                && target(n, g) != null;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        long[] target = target(n, g);
        String shape = g.addInitializer(n.name() + "_shape", org.ktcj.ir.Tensor.ofLongs(target, target.length));
        List<String> ins = new ArrayList<>(n.inputs());
        ins.set(1, shape);
        g.replace(n, n.toBuilder().inputs(ins).build());
        return true;
    }

    private static long[] target(Node n, GraphEditor g) {
        List<ShapeElement> e = g.elements(n.input(1));
        return e == null ? null : ReshapeTargets.fromElements(g.shape(n.input(0)), e);
    }
}
