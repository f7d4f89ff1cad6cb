package org.ktcj.runtime.ops;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Float16;
import org.ktcj.ir.Tensor;

/**
 * Element writes for any numeric carrier, for the element types the operators compute through double
 * or long (reads are {@link Tensor#getDouble} and {@link Tensor#getLong}). Narrowing follows
 * {@link Tensor#castTo}: floating-point values truncate toward zero (NaN to 0), integers wrap.
 */
final class Elements {
    private Elements() {
    }

    /** Element {@code i} of {@code t} = {@code v}, converted to the tensor's type. */
    static void set(Tensor t, int i, double v) {
        Object d = t.carrier();
        switch (t.type()) {
            case FLOAT -> ((float[]) d)[i] = (float) v;
            case DOUBLE -> ((double[]) d)[i] = v;
            case FLOAT16 -> ((short[]) d)[i] = Float16.fromFloat((float) v);
            case BOOL -> ((boolean[]) d)[i] = v != 0;
            default -> setLong(t, i, Double.isNaN(v) ? 0 : (long) v);
        }
    }

    /** Element {@code i} of {@code t} = {@code v}, converted to the tensor's type. */
    static void setLong(Tensor t, int i, long v) {
        Object d = t.carrier();
        switch (t.type()) {
            case INT8, UINT8 -> ((byte[]) d)[i] = (byte) v;
            case INT16, UINT16 -> ((short[]) d)[i] = (short) v;
            case INT32, UINT32 -> ((int[]) d)[i] = (int) v;
            case INT64, UINT64 -> ((long[]) d)[i] = v;
            case BOOL -> ((boolean[]) d)[i] = v != 0;
            case FLOAT, DOUBLE, FLOAT16 -> set(t, i, (double) v);
            default -> throw new IllegalArgumentException("cannot write " + t.type().displayName() + " elements");
        }
    }

    /**
     * How an operator computes on elements of {@code type}: float32 has its own loops, integer types go
     * through long, the other floating-point types through double.
     */
    enum Domain {
        FLOAT, LONG, DOUBLE;

        static Domain of(DataType type) {
            return type == DataType.FLOAT ? FLOAT : type.isInteger() || type == DataType.BOOL ? LONG : DOUBLE;
        }
    }

    /**
     * Fails unless {@code type} is one the computing operators take: numeric, not bfloat16 (which the
     * simulator only casts) and, unless {@code integers}, floating point.
     */
    static void checkNumeric(NodeContext ctx, int input, DataType type, boolean integers) {
        if (type == null || type == DataType.FLOAT || type == DataType.DOUBLE || type == DataType.FLOAT16
                || integers && type.isInteger()) {
            return;
        }
        String name = "'" + ctx.node().input(input) + "'";
        if (type == DataType.BFLOAT16) {
            throw ctx.fail("unsupported: bfloat16 input " + name);
        }
        throw ctx.fail("input " + name + " is " + type.displayName() + "; "
                + (integers ? "a numeric" : "a floating-point") + " type is expected");
    }
}
