package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.runtime.kernels.Window;

/**
 * The window attributes Conv, ConvTranspose and the pooling operators share (kernel_shape, strides,
 * dilations, pads, auto_pad, ceil_mode, and for ConvTranspose output_padding and output_shape), and the
 * output sizes and actual pads they give for an input size. One home for these rules, used both by
 * shape inference and by the kernels.
 *
 * <p>Sizes are per spatial axis. An input size of -1 (unknown) gives an output size of -1.
 */
public final class ConvGeometry {
    /** auto_pad values. */
    public enum AutoPad { NOTSET, SAME_UPPER, SAME_LOWER, VALID }

    private final int[] in;
    private final int[] out;
    private final int[] kernel;
    private final int[] strides;
    private final int[] dilations;
    private final int[] padBegin;
    private final int[] padEnd;

    private ConvGeometry(int[] in, int[] out, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd) {
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.padBegin = padBegin;
        this.padEnd = padEnd;
    }

    /**
     * Conv's geometry.
     *
     * @param in             input spatial sizes (-1 where unknown)
     * @param weightSpatial  the weights' spatial sizes, or null when unknown (then kernel_shape is needed)
     */
    public static ConvGeometry conv(NodeContext ctx, int[] in, int[] weightSpatial) {
        Attrs a = Attrs.read(ctx, in.length, weightSpatial);
        return forward(ctx, a, in, false);
    }

    /**
     * Conv's output shape [N, M, out...] from what is known of X, W and B (inputs 0 to 2), after Conv's
     * checks of ranks, groups, channels and bias (element types are the caller's to check); null when
     * X's rank is not known. For every operator with Conv's inputs and attributes, float or integer.
     */
    public static Shape convOutputShape(NodeContext ctx) {
        Shape x = convInputShape(ctx);
        Shape w = ctx.inputShape(1);
        if (x == null) {
            return null;
        }
        int group = group(ctx);
        ConvGeometry g = conv(ctx, spatial(x), weightSpatial(ctx, w, x.rank()));
        long c = known(x, 1);
        long m = w == null ? -1 : known(w, 0);
        if (c >= 0 && w != null && w.dim(1).isKnown() && w.dim(1).size() * group != c) {
            throw ctx.fail("input has " + c + " channels, but the weights take " + w.dim(1).size()
                    + " per group for " + group + " groups");
        }
        if (m >= 0 && m % group != 0) {
            throw ctx.fail(m + " output channels do not divide into " + group + " groups");
        }
        Shape b = ctx.hasInput(2) ? ctx.inputShape(2) : null;
        if (b != null && m >= 0 && (b.rank() != 1 || (b.dim(0).isKnown() && b.dim(0).size() != m))) {
            throw ctx.fail("bias has shape " + b + ", expected [" + m + "]");
        }
        return outputShape(x, m, g);
    }

    /**
     * Conv's geometry at run time, for concrete shapes of X, W and B ({@code bias} null when absent),
     * with the same checks as {@link #convOutputShape}.
     */
    public static ConvGeometry convAt(NodeContext ctx, int[] xs, int[] ws, int[] bias) {
        int[] in = convSpatial(ctx, xs, ws);
        int group = group(ctx);
        int c = xs[1];
        int m = ws[0];
        if (ws[1] * group != c || m % group != 0) {
            throw ctx.fail("input has " + c + " channels and weights " + Arrays.toString(ws) + " for "
                    + group + " groups");
        }
        checkBias(ctx, bias, m);
        return conv(ctx, in, Arrays.copyOfRange(ws, 2, ws.length));
    }

    /** X's shape for a convolution, checked to have rank 3 or more; null when its rank is not known. */
    public static Shape convInputShape(NodeContext ctx) {
        Shape x = ctx.inputShape(0);
        if (x != null && x.rank() < 3) {
            throw ctx.fail("input has rank " + x.rank() + "; a convolution needs at least 3 (N, C, spatial)");
        }
        return x;
    }

    /** The {@code group} attribute, checked positive. */
    public static int group(NodeContext ctx) {
        long g = ctx.node().attrInt("group", 1);
        if (g < 1) {
            throw ctx.fail("group " + g + " is not positive");
        }
        return (int) g;
    }

    /** Spatial sizes of a rank-r+2 shape (-1 where unknown). */
    public static int[] spatial(Shape s) {
        int[] in = new int[s.rank() - 2];
        for (int i = 0; i < in.length; i++) {
            Dim d = s.dim(i + 2);
            in[i] = d.isKnown() ? Math.toIntExact(d.size()) : -1;
        }
        return in;
    }

    /** Known spatial sizes of the weights (from axis 2 on), or null. */
    static int[] weightSpatial(NodeContext ctx, Shape w, int rank) {
        if (w == null) {
            return null;
        }
        if (w.rank() != rank) {
            throw ctx.fail("weights have rank " + w.rank() + ", the input " + rank);
        }
        int[] k = new int[rank - 2];
        for (int i = 0; i < k.length; i++) {
            if (!w.dim(i + 2).isKnown()) {
                return null;
            }
            k[i] = Math.toIntExact(w.dim(i + 2).size());
        }
        return k;
    }

    /** A size as a dimension, unknown when negative. */
    public static Dim dimOf(int size) {
        return size < 0 ? Dim.unknown() : Dim.of(size);
    }

    private static long known(Shape s, int axis) {
        return s == null ? -1 : s.dim(axis).size();
    }

    /** The output shape [N, M, out...] ({@code m} -1 when unknown). */
    static Shape outputShape(Shape x, long m, ConvGeometry g) {
        List<Dim> dims = new ArrayList<>();
        dims.add(x.dim(0));
        dims.add(m >= 0 ? Dim.of(m) : Dim.unknown());
        for (int o : g.out()) {
            dims.add(dimOf(o));
        }
        return Shape.of(dims);
    }

    /** At run time: the spatial sizes of X, checked against W's rank and the kernels' 1 to 3 axes. */
    static int[] convSpatial(NodeContext ctx, int[] xs, int[] ws) {
        if (ws.length != xs.length) {
            throw ctx.fail("weights have rank " + ws.length + ", the input " + xs.length);
        }
        if (xs.length - 2 > 3) {
            throw ctx.fail((xs.length - 2) + " spatial axes; 1 to 3 are supported");
        }
        return Arrays.copyOfRange(xs, 2, xs.length);
    }

    /** At run time: B, when given, is [M]. */
    static void checkBias(NodeContext ctx, int[] bias, int m) {
        if (bias != null && (bias.length != 1 || bias[0] != m)) {
            throw ctx.fail("bias has shape " + Arrays.toString(bias) + ", expected [" + m + "]");
        }
    }

    /** A pooling operator's geometry (kernel_shape required; ceil_mode honored). */
    public static ConvGeometry pool(NodeContext ctx, int[] in) {
        Attrs a = Attrs.read(ctx, in.length, null);
        return forward(ctx, a, in, ctx.node().attrInt("ceil_mode", 0) != 0);
    }

    /** ConvTranspose's geometry, with output_padding and output_shape. */
    public static ConvGeometry convTranspose(NodeContext ctx, int[] in, int[] weightSpatial) {
        Node node = ctx.node();
        int r = in.length;
        Attrs a = Attrs.read(ctx, r, weightSpatial);
        int[] outPad = ints(ctx, "output_padding", r, 0);
        int[] outShape = null;
        long[] os = attrInts(ctx, "output_shape");
        if (os != null && os.length > 0) {
            if (os.length != r && os.length != r + 2) {
                throw ctx.fail("output_shape has " + os.length + " values for " + r + " spatial axes");
            }
            outShape = new int[r];
            for (int i = 0; i < r; i++) {
                outShape[i] = Math.toIntExact(os[os.length - r + i]);
            }
        }
        int[] out = new int[r];
        int[] pb = new int[r];
        int[] pe = new int[r];
        for (int i = 0; i < r; i++) {
            int dk = (a.kernel[i] - 1) * a.dilations[i] + 1;
            if (outPad[i] < 0 || outPad[i] >= Math.max(a.strides[i], a.dilations[i])) {
                throw ctx.fail("output_padding " + Arrays.toString(outPad) + " must be below the stride or dilation");
            }
            if (in[i] < 0) {
                out[i] = outShape != null ? outShape[i] : -1;
                pb[i] = a.padBegin[i];
                pe[i] = a.padEnd[i];
                continue;
            }
            int natural = a.strides[i] * (in[i] - 1) + outPad[i] + dk;
            int target = -1;
            if (outShape != null) {
                target = outShape[i];
            } else if (a.autoPad == AutoPad.SAME_UPPER || a.autoPad == AutoPad.SAME_LOWER) {
                target = in[i] * a.strides[i];
            }
            if (target >= 0) {
                int total = Math.max(0, natural - target);
                if (a.autoPad == AutoPad.SAME_UPPER) {
                    pb[i] = total / 2;
                    pe[i] = total - total / 2;
                } else {
                    pb[i] = total - total / 2;
                    pe[i] = total / 2;
                }
                out[i] = target;
            } else if (a.autoPad == AutoPad.VALID) {
                out[i] = natural;
            } else {
                pb[i] = a.padBegin[i];
                pe[i] = a.padEnd[i];
                out[i] = natural - pb[i] - pe[i];
            }
            if (out[i] <= 0) {
                throw ctx.fail("output size " + out[i] + " on spatial axis " + i + " is not positive");
            }
        }
        return new ConvGeometry(in.clone(), out, a.kernel, a.strides, a.dilations, pb, pe);
    }

    private static ConvGeometry forward(NodeContext ctx, Attrs a, int[] in, boolean ceil) {
        int r = in.length;
        int[] out = new int[r];
        int[] pb = new int[r];
        int[] pe = new int[r];
        for (int i = 0; i < r; i++) {
            int s = a.strides[i];
            int dk = (a.kernel[i] - 1) * a.dilations[i] + 1;
            if (in[i] < 0) {
                out[i] = -1;
                pb[i] = a.padBegin[i];
                pe[i] = a.padEnd[i];
                continue;
            }
            switch (a.autoPad) {
                case SAME_UPPER, SAME_LOWER -> {
                    out[i] = (in[i] + s - 1) / s;
                    int total = Math.max(0, (out[i] - 1) * s + dk - in[i]);
                    pb[i] = a.autoPad == AutoPad.SAME_UPPER ? total / 2 : total - total / 2;
                    pe[i] = total - pb[i];
                }
                case VALID -> out[i] = windows(in[i], 0, 0, dk, s, ceil);
                case NOTSET -> {
                    pb[i] = a.padBegin[i];
                    pe[i] = a.padEnd[i];
                    out[i] = windows(in[i], pb[i], pe[i], dk, s, ceil);
                }
            }
            if (out[i] <= 0) {
                throw ctx.fail("input size " + in[i] + " on spatial axis " + i + " is smaller than the window "
                        + "(kernel " + a.kernel[i] + ", dilation " + a.dilations[i] + ", pads " + pb[i] + "+" + pe[i] + ")");
            }
        }
        return new ConvGeometry(in.clone(), out, a.kernel, a.strides, a.dilations, pb, pe);
    }

    /**
     * Windows along an axis: floor (or ceil) of (in + pads - dk) / s, plus one. With ceil, a last window
     * that would start in the end padding is dropped, as PyTorch and later ONNX versions define it.
     */
    private static int windows(int in, int pb, int pe, int dk, int s, boolean ceil) {
        int span = in + pb + pe - dk;
        if (span < 0) {
            return 0;
        }
        int n = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (n - 1) * s >= in + pb) {
            n--;
        }
        return n;
    }

    public int rank() {
        return in.length;
    }

    public int[] in() {
        return in.clone();
    }

    /** Output spatial sizes (-1 where the input's is unknown). */
    public int[] out() {
        return out.clone();
    }

    public int[] kernel() {
        return kernel.clone();
    }

    public int[] strides() {
        return strides.clone();
    }

    public int[] dilations() {
        return dilations.clone();
    }

    public int[] padBegin() {
        return padBegin.clone();
    }

    public int[] padEnd() {
        return padEnd.clone();
    }

    /** [n, m, out...]: a convolution's output sizes for batch {@code n} and {@code m} channels. */
    public int[] outputShape(int n, int m) {
        int[] shape = new int[rank() + 2];
        shape[0] = n;
        shape[1] = m;
        System.arraycopy(out, 0, shape, 2, rank());
        return shape;
    }

    /** The window for the kernels; for 1 to 3 spatial axes of known size. */
    public Window window() {
        return new Window(in, out, kernel, strides, dilations, padBegin);
    }

    /**
     * How many taps of the window at each output position of axis {@code axis} fall inside
     * {@code [-padBefore, in + padAfter)} (for average pooling's divisor: the input only, or the input
     * and its pads).
     */
    public float[] tapCounts(int axis, boolean includePad) {
        int lo = includePad ? -padBegin[axis] : 0;
        int hi = includePad ? in[axis] + padEnd[axis] : in[axis];
        float[] c = new float[out[axis]];
        for (int o = 0; o < c.length; o++) {
            int n = 0;
            for (int t = 0; t < kernel[axis]; t++) {
                int x = o * strides[axis] - padBegin[axis] + t * dilations[axis];
                if (x >= lo && x < hi) {
                    n++;
                }
            }
            c[o] = n;
        }
        return c;
    }

    @Override
    public String toString() {
        return "in " + Arrays.toString(in) + " out " + Arrays.toString(out) + " kernel " + Arrays.toString(kernel)
                + " strides " + Arrays.toString(strides) + " dilations " + Arrays.toString(dilations)
                + " pads " + Arrays.toString(padBegin) + Arrays.toString(padEnd);
    }

    /** The attributes as given, checked and with defaults. */
    private record Attrs(int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd, AutoPad autoPad) {
        static Attrs read(NodeContext ctx, int r, int[] weightSpatial) {
            Node node = ctx.node();
            int[] kernel;
            long[] ks = attrInts(ctx, "kernel_shape");
            if (ks != null) {
                kernel = new int[ks.length];
                for (int i = 0; i < ks.length; i++) {
                    kernel[i] = Math.toIntExact(ks[i]);
                }
                if (kernel.length != r) {
                    throw ctx.fail("kernel_shape has " + kernel.length + " values for " + r + " spatial axes");
                }
                if (weightSpatial != null && !Arrays.equals(kernel, weightSpatial)) {
                    throw ctx.fail("kernel_shape " + Arrays.toString(kernel) + " does not match the weights' "
                            + Arrays.toString(weightSpatial));
                }
            } else if (weightSpatial != null) {
                kernel = weightSpatial.clone();
            } else {
                throw ctx.fail("kernel_shape is missing");
            }
            for (int k : kernel) {
                if (k <= 0) {
                    throw ctx.fail("kernel_shape " + Arrays.toString(kernel) + " has a size below 1");
                }
            }
            int[] strides = ints(ctx, "strides", r, 1);
            int[] dilations = ints(ctx, "dilations", r, 1);
            for (int i = 0; i < r; i++) {
                if (strides[i] <= 0 || dilations[i] <= 0) {
                    throw ctx.fail("strides and dilations must be positive");
                }
            }
            long[] pads = attrInts(ctx, "pads");
            int[] pb = new int[r];
            int[] pe = new int[r];
            if (pads != null && pads.length > 0) {
                if (pads.length != 2 * r) {
                    throw ctx.fail("pads has " + pads.length + " values for " + r + " spatial axes");
                }
                for (int i = 0; i < r; i++) {
                    pb[i] = Math.toIntExact(pads[i]);
                    pe[i] = Math.toIntExact(pads[i + r]);
                    if (pb[i] < 0 || pe[i] < 0) {
                        throw ctx.fail("negative pads " + Arrays.toString(pads));
                    }
                }
            }
            String ap = node.attrString("auto_pad", "NOTSET");
            AutoPad autoPad = switch (ap) {
                case "", "NOTSET" -> AutoPad.NOTSET;
                case "SAME_UPPER" -> AutoPad.SAME_UPPER;
                case "SAME_LOWER" -> AutoPad.SAME_LOWER;
                case "VALID" -> AutoPad.VALID;
                default -> throw ctx.fail("unknown auto_pad '" + ap + "'");
            };
            return new Attrs(kernel, strides, dilations, pb, pe, autoPad);
        }
    }

    /** An INTS attribute, null when absent; an error naming the node when it is of another kind. */
    private static long[] attrInts(NodeContext ctx, String name) {
        Attribute a = ctx.node().attribute(name);
        if (a == null) {
            return null;
        }
        if (a.kind() != Attribute.Kind.INTS) {
            throw ctx.fail("attribute '" + name + "' is " + a.kind() + ", expected INTS");
        }
        return a.ints();
    }

    private static int[] ints(NodeContext ctx, String name, int r, int dflt) {
        long[] v = attrInts(ctx, name);
        int[] out = new int[r];
        if (v == null || v.length == 0) {
            Arrays.fill(out, dflt);
            return out;
        }
        if (v.length != r) {
            throw ctx.fail(name + " has " + v.length + " values for " + r + " spatial axes");
        }
        for (int i = 0; i < r; i++) {
            out[i] = Math.toIntExact(v[i]);
        }
        return out;
    }
}
