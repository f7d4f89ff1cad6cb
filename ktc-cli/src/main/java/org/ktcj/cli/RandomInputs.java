package org.ktcj.cli;

import java.util.Random;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * Inputs made up from a model's declared input shapes, for timing: symbolic or unknown dimensions are 1,
 * floating-point inputs are standard normal, integer and bool inputs zero (always valid as indices).
 */
final class RandomInputs {
    private RandomInputs() {
    }

    static Tensor make(ValueInfo in, Random random) {
        if (in.shape() == null) {
            throw new KtcException("input '" + in.name() + "' has no declared shape; give --input "
                    + in.name() + "=PATH");
        }
        int[] shape = new int[in.shape().rank()];
        for (int i = 0; i < shape.length; i++) {
            Dim d = in.shape().dim(i);
            shape[i] = d.isKnown() ? Math.toIntExact(d.size()) : 1;
        }
        DataType type = in.type() == null ? DataType.FLOAT : in.type();
        if (!type.isFloatingPoint()) {
            return Tensor.zeros(type, shape);
        }
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return Tensor.of(v, shape).castTo(type);
    }

    /** How {@link #make} fills an input of the type, for the bench report. */
    static String describe(DataType type) {
        return type == null || type.isFloatingPoint() ? "random normal" : "zeros";
    }
}
