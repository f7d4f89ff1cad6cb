package org.ktcj.runtime.optimize.rules;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;
import org.ktcj.runtime.optimize.ReshapeTargets;

/**
 * {@code Gather(x, [i], axis) -> Slice(x, i, i+1, axis)}: picking one index is a slice, which the NPU
 * runs. A scalar index also drops the axis: {@code Gather(x, i) -> Reshape(Slice(x, i, i+1))}.
 */
public final class GatherToSlice extends Rule {
    public GatherToSlice() {
        super("gather-to-slice", "Gather(x, [i], axis) -> Slice(x, i, i+1, axis)", "Gather");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        Tensor idx = g.initializer(n.input(1));
        Shape s = g.shape(n.input(0));
        if (idx == null || idx.size() != 1 || idx.rank() > 1 || g.isConstant(n.input(0)) || s == null
                || !g.opsetAtLeast(5)) {
            return false;
        }
        int axis = axis(n, s.rank());
        if (axis < 0 || !s.dim(axis).isKnown()) {
            return false;
        }
        long i = index(idx, s.dim(axis).size());
        return i >= 0 && (idx.rank() == 1 || g.rank(n.output(0)) >= 1 && reshapeTarget(n, g, s, axis) != null);
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        Tensor idx = g.initializer(n.input(1));
        Shape s = g.shape(n.input(0));
        int axis = axis(n, s.rank());
        long i = index(idx, s.dim(axis).size());
        if (idx.rank() == 1) {
            g.replace(n, NodeForms.slice(g, n.name(), n.input(0), i, i + 1, axis, n.output(0)));
            return true;
        }
        String sliced = g.freshValueName(n.output(0) + "_slice");
        long[] target = reshapeTarget(n, g, s, axis);
        g.replace(n, NodeForms.slice(g, n.name(), n.input(0), i, i + 1, axis, sliced),
                NodeForms.reshape(g, g.freshNodeName(n.name() + "_reshape"), sliced, target, n.output(0)));
        return true;
    }

    private static int axis(Node n, int rank) {
        long a = n.attrInt("axis", 0);
        a = a < 0 ? a + rank : a;
        return a < 0 || a >= rank ? -1 : (int) a;
    }

    /** The index made non-negative, or -1 when out of range. */
    private static long index(Tensor idx, long size) {
        long i = idx.getLong(0);
        i = i < 0 ? i + size : i;
        return i < 0 || i >= size ? -1 : i;
    }

    /** The Reshape that drops the sliced axis, from the slice's shape to the Gather's. */
    private static long[] reshapeTarget(Node n, GraphEditor g, Shape in, int axis) {
        List<Dim> dims = new ArrayList<>(in.dims());
        dims.set(axis, Dim.of(1));
        return ReshapeTargets.fromShapes(Shape.of(dims), g.shape(n.output(0)));
    }
}
