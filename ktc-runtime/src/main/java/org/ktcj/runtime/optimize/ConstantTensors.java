package org.ktcj.runtime.optimize;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/** Questions rules ask of constant tensors: is it all one value, does it vary along one axis only. */
public final class ConstantTensors {
    private ConstantTensors() {
    }

    /** True when the tensor has elements and every one equals {@code v}. */
    public static boolean allEqual(Tensor t, double v) {
        if (t.type() == DataType.STRING || t.size() == 0) {
            return false;
        }
        for (int i = 0; i < t.size(); i++) {
            if (t.getDouble(i) != v) {
                return false;
            }
        }
        return true;
    }

    /**
     * The tensor's values along axis {@code axis} of a broadcast against a value of rank {@code rank}
     * with {@code extent} elements on that axis, as {@code extent} floats; null when it varies along
     * another axis, has more dimensions, or does not broadcast.
     */
    public static float[] alongAxis(Tensor t, int rank, int axis, int extent) {
        int[] s = t.shape();
        if (s.length > rank || t.type() == DataType.STRING) {
            return null;
        }
        int offset = rank - s.length;
        int along = 1;
        for (int i = 0; i < s.length; i++) {
            if (i + offset == axis) {
                along = s[i];
            } else if (s[i] != 1) {
                return null;
            }
        }
        if (along != 1 && along != extent) {
            return null;
        }
        float[] out = new float[extent];
        for (int c = 0; c < extent; c++) {
            out[c] = (float) t.getDouble(along == 1 ? 0 : c);
        }
        return out;
    }

    /** A float32 tensor of the given shape. */
    public static Tensor floats(float[] values, int... shape) {
        return Tensor.wrap(DataType.FLOAT, shape, values);
    }
}
