package org.ktcj.runtime.fx;

import java.util.Arrays;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ops.NodeContext;

/** Reading and checking the attributes and input types of the integer operators, errors naming the node. */
final class FxAttrs {
    private FxAttrs() {
    }

    /** The output type the {@code bits} attribute asks for: 8 is INT8, 16 is INT16. */
    static DataType outputType(NodeContext ctx) {
        long bits = ctx.node().attrInt("bits", -1);
        if (bits == 8) {
            return DataType.INT8;
        }
        if (bits == 16) {
            return DataType.INT16;
        }
        throw ctx.fail(bits < 0 ? "attribute 'bits' (8 or 16) is missing" : "bits " + bits + " is not 8 or 16");
    }

    /** Checks that input {@code i} is present and, if its type is known, INT8 or INT16. */
    static void requireInt(NodeContext ctx, int i) {
        ctx.requireType(i);
        ctx.checkType(i, DataType.INT8, DataType.INT16);
    }

    /** An INT or INTS attribute as longs; null when absent and optional. */
    static long[] ints(NodeContext ctx, String name, boolean required) {
        Attribute a = ctx.node().attribute(name);
        if (a == null) {
            if (required) {
                throw ctx.fail("attribute '" + name + "' is missing");
            }
            return null;
        }
        long[] v = switch (a.kind()) {
            case INT -> new long[] {a.intValue()};
            case INTS -> a.ints();
            default -> throw ctx.fail("attribute '" + name + "' is " + a.kind() + ", expected INT or INTS");
        };
        if (v.length == 0) {
            throw ctx.fail("attribute '" + name + "' is empty");
        }
        return v;
    }

    /** A FLOAT or FLOATS attribute (required). */
    static float[] floats(NodeContext ctx, String name) {
        Attribute a = ctx.node().attribute(name);
        if (a == null) {
            throw ctx.fail("attribute '" + name + "' is missing");
        }
        float[] v = switch (a.kind()) {
            case FLOAT -> new float[] {a.floatValue()};
            case FLOATS -> a.floats();
            default -> throw ctx.fail("attribute '" + name + "' is " + a.kind() + ", expected FLOAT or FLOATS");
        };
        if (v.length == 0) {
            throw ctx.fail("attribute '" + name + "' is empty");
        }
        return v;
    }

    /** A scalar INT attribute in {@code [min, max]}. */
    static long intIn(NodeContext ctx, String name, long min, long max) {
        long v = ints(ctx, name, true)[0];
        if (ctx.node().attribute(name).kind() != Attribute.Kind.INT || v < min || v > max) {
            throw ctx.fail("attribute '" + name + "' must be one integer in [" + min + ", " + max + "], not "
                    + ctx.node().attribute(name));
        }
        return v;
    }

    /**
     * Per-channel factors {@code scale[c] * 2^radix[c]} from the {@code scale} and {@code radix}
     * attributes (one entry, or one per channel of axis 1); exact in double.
     */
    static double[] factors(NodeContext ctx) {
        float[] scale = floats(ctx, "scale");
        long[] radix = ints(ctx, "radix", true);
        int n = Math.max(scale.length, radix.length);
        if (scale.length != radix.length && scale.length != 1 && radix.length != 1) {
            throw ctx.fail("scale has " + scale.length + " entries and radix " + radix.length);
        }
        double[] f = new double[n];
        for (int c = 0; c < n; c++) {
            float s = scale[scale.length == 1 ? 0 : c];
            long r = radix[radix.length == 1 ? 0 : c];
            if (!(s > 0) || Float.isInfinite(s) || Math.abs(r) > 256) {
                throw ctx.fail("scale " + s + " and radix " + r + " are not a positive finite scale and a radix in"
                        + " [-256, 256]");
            }
            f[c] = Math.scalb((double) s, (int) r);
        }
        return f;
    }

    /** Checks that per-channel values (one entry, or one per channel) suit {@code channels} channels. */
    static void checkChannels(NodeContext ctx, String what, int entries, int channels) {
        if (entries != 1 && entries != channels) {
            throw ctx.fail(what + " has " + entries + " entries for " + channels + " channels");
        }
    }

    /** A constant INT64 per-channel input's values (a vector, or one value); null when absent. */
    static long[] channelValues(NodeContext ctx, Tensor t, String what) {
        if (t == null) {
            return null;
        }
        if (t.type() != DataType.INT64 || t.rank() > 1) {
            throw ctx.fail(what + " must be an int64 vector, not " + t.type().displayName() + Arrays.toString(t.shape()));
        }
        return t.toLongArray();
    }
}
