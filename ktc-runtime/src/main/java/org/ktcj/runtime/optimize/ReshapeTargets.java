package org.ktcj.runtime.optimize;

import java.util.List;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;

/**
 * Constant Reshape targets for shapes that are not all static: a dimension that is the input's at the
 * same index becomes 0 ("copy"), one that is otherwise unknown becomes -1 ("infer").
 */
public final class ReshapeTargets {
    private ReshapeTargets() {
    }

    /**
     * The target that reshapes a value of shape {@code in} to {@code out}, or null when there is none:
     * a dimension neither known nor the input's at its index, twice; or a zero-sized dimension, which
     * Reshape would read as "copy".
     */
    public static long[] fromShapes(Shape in, Shape out) {
        if (in == null || out == null) {
            return null;
        }
        long[] target = new long[out.rank()];
        boolean inferred = false;
        for (int i = 0; i < target.length; i++) {
            Dim d = out.dim(i);
            if (d.isKnown()) {
                if (d.size() == 0) {
                    return null;
                }
                target[i] = d.size();
            } else if (i < in.rank() && d.symbol() != null && d.symbol().equals(in.dim(i).symbol())) {
                target[i] = 0;
            } else if (!inferred) {
                target[i] = -1;
                inferred = true;
            } else {
                return null;
            }
        }
        return target;
    }

    /**
     * A constant form of a Reshape target whose elements are partly symbolic (with allowzero 0, where 0
     * means "copy"), or null when two elements are unknown, or one is and -1 is already used.
     */
    public static long[] fromElements(Shape in, List<ShapeElement> elements) {
        long[] target = new long[elements.size()];
        int unknown = -1;
        boolean inferred = false;
        for (int i = 0; i < target.length; i++) {
            ShapeElement e = elements.get(i);
            if (e.isKnown()) {
                target[i] = e.value();
                inferred |= e.value() == -1;
            } else if (in != null && i < in.rank() && e.sameAs(in.dim(i))) {
                target[i] = 0;
            } else if (unknown < 0) {
                unknown = i;
            } else {
                return null;
            }
        }
        if (unknown >= 0) {
            if (inferred) {
                return null;
            }
            target[unknown] = -1;
        }
        return target;
    }
}
