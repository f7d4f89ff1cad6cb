package org.ktcj.runtime.optimize.rules;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.ConstantTensors;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.ShapeElement;

/**
 * {@code Resize(x, sizes=Concat(Shape(x)[0:2], [H', W'])) -> Resize(x, scales=[1, 1, H'/H, W'/W])}: PyTorch
 * writes {@code F.interpolate(x, size=...)} with the batch and channels read from {@code Shape(x)},
 * which stays unknown under a dynamic batch. When every output size is known or is the input's own,
 * and the spatial input sizes are known, constant scales give the same output: the rule checks that
 * {@code floor(in * scale)} is the wanted size for each axis.
 */
public final class ResizeFromShapeArithmetic extends Rule {
    public ResizeFromShapeArithmetic() {
        super("resize-from-shape-arithmetic", "Resize(x, sizes=f(Shape(x))) -> Resize(x, scales=constant)", "Resize");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        return g.opsetAtLeast(11) && n.inputs().size() == 4 && !g.isConstant(n.input(3)) && scales(n, g) != null;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        float[] scales = scales(n, g);
        String roi = n.input(1).isEmpty() && !g.opsetAtLeast(13)
                ? g.addInitializer(n.name() + "_roi", ConstantTensors.floats(new float[0], 0)) : n.input(1);
        String s = g.addInitializer(n.name() + "_scales", ConstantTensors.floats(scales, scales.length));
        List<String> ins = new ArrayList<>(List.of(n.input(0), roi, s));
        g.replace(n, n.toBuilder().inputs(ins).build());
        return true;
    }

    /** The constant scales equivalent to the sizes, or null. */
    private static float[] scales(Node n, GraphEditor g) {
        List<ShapeElement> sizes = g.elements(n.input(3));
        Shape in = g.shape(n.input(0));
        if (sizes == null || in == null || sizes.size() != in.rank()) {
            return null;
        }
        float[] scales = new float[sizes.size()];
        for (int i = 0; i < scales.length; i++) {
            ShapeElement e = sizes.get(i);
            if (e.sameAs(in.dim(i))) {
                scales[i] = 1f;
            } else if (e.isKnown() && in.dim(i).isKnown() && in.dim(i).size() > 0) {
                long from = in.dim(i).size();
                scales[i] = (float) ((double) e.value() / from);
                // Implementations compute the output size in float or in double: both must give it.
                long inDouble = (long) Math.floor(from * (double) scales[i]);
                long inFloat = (long) (from * scales[i]);
                if (inDouble != e.value() || inFloat != e.value()) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return scales;
    }
}
