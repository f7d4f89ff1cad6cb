package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Parallel;

/**
 * Resize and Upsample, over any number of axes.
 *
 * <p>Each call first makes, per resized axis, a table of the input positions (taps) every output
 * position reads and their weights: one tap for nearest, two for linear, four for cubic. Nearest is then
 * a gather over any element type. Linear and cubic are separable: they resample one axis at a time,
 * innermost first, as the ONNX reference nests its 1-D interpolations, so N-D linear costs two taps
 * per axis rather than 2^N.
 *
 * <p>Upsample (opsets 7 and 9) and Resize 10 sample at {@code x / scale} with a nearest index that
 * rounds down when enlarging and up when shrinking, as ONNX Runtime does for them. Resize 11 and 13
 * follow coordinate_transformation_mode and nearest_mode. Like the ONNX reference implementation (and
 * its conformance data), the length that align_corners divides by is {@code scale * input length},
 * which is fractional when a scale does not give a whole output length.
 */
public final class ResizeOps {
    /** Elements (times taps) a parallel chunk should compute at least. */
    private static final int GRAIN = 1 << 15;

    private ResizeOps() {
    }

    public static void register(OperatorRegistry r) {
        r.register("Upsample", 7, new Resize(Version.UPSAMPLE_7));
        r.register("Upsample", 9, new Resize(Version.SCALES_INPUT));
        r.register("Resize", 10, new Resize(Version.SCALES_INPUT));
        r.register("Resize", 11, new Resize(Version.RESIZE_11));
    }

    private enum Version { UPSAMPLE_7, SCALES_INPUT, RESIZE_11 }

    private enum Mode { NEAREST, LINEAR, CUBIC }

    private enum Coord { HALF_PIXEL, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN, TF_CROP_AND_RESIZE }

    /** LEGACY: down when enlarging, up when shrinking (Upsample, Resize 10). */
    private enum Rounding { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL, LEGACY }

    /** The node's attributes, checked. */
    private record Settings(Mode mode, Coord coord, Rounding rounding, double cubicA, boolean excludeOutside,
            float extrapolation) {
        static Settings of(NodeContext ctx, Version version) {
            String mode = ctx.node().attrString("mode", "nearest");
            if (version != Version.RESIZE_11) {
                Mode m = switch (mode) {
                    case "nearest" -> Mode.NEAREST;
                    case "linear", "bilinear" -> Mode.LINEAR;
                    default -> throw ctx.fail("mode must be nearest or linear, got '" + mode + "'");
                };
                return new Settings(m, Coord.ASYMMETRIC, Rounding.LEGACY, 0, false, 0f);
            }
            if (ctx.node().attrInt("antialias", 0) != 0) {
                throw ctx.fail("unsupported: antialias=1");
            }
            if (ctx.node().hasAttribute("axes")) {
                throw ctx.fail("unsupported: attribute 'axes'");
            }
            if (!ctx.node().attrString("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
                throw ctx.fail("unsupported: keep_aspect_ratio_policy '"
                        + ctx.node().attrString("keep_aspect_ratio_policy", "") + "'");
            }
            return new Settings(
                    parse(ctx, Mode.class, "mode", mode),
                    parse(ctx, Coord.class, "coordinate_transformation_mode",
                            ctx.node().attrString("coordinate_transformation_mode", "half_pixel")),
                    parse(ctx, Rounding.class, "nearest_mode", ctx.node().attrString("nearest_mode", "round_prefer_floor")),
                    ctx.node().attrFloat("cubic_coeff_a", -0.75f),
                    ctx.node().attrInt("exclude_outside", 0) != 0,
                    ctx.node().attrFloat("extrapolation_value", 0f));
        }

        private static <E extends Enum<E>> E parse(NodeContext ctx, Class<E> type, String attr, String value) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(value) && !e.name().equals("LEGACY")) {
                    return e;
                }
            }
            throw ctx.fail("unknown " + attr + " '" + value + "'");
        }
    }

    /**
     * Output dimensions and, per axis, the scale that maps coordinates (NaN where the input length is
     * unknown) and the region of interest [start, end] (0 and 1 unless tf_crop_and_resize).
     */
    private record Target(List<Dim> out, double[] scales, double[] roiStart, double[] roiEnd) {
    }

    /** A floating-point input's values, null when not known yet. */
    private static double[] doubles(NodeContext ctx, int i) {
        Tensor t = ctx.value(i);
        if (t == null) {
            return null;
        }
        double[] v = new double[t.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = t.getDouble(k);
        }
        return v;
    }

    static final class Resize implements Operator {
        private final Version version;

        Resize(Version version) {
            this.version = version;
        }

        /** The target, or null when an input it depends on is not known yet. */
        private Target target(NodeContext ctx, Settings s, Shape in) {
            int rank = in.rank();
            double[] scales;
            long[] sizes = null;
            double[] roi = null;
            if (version == Version.UPSAMPLE_7) {
                float[] f = ctx.node().attrFloats("scales", null);
                if (f == null) {
                    throw ctx.fail("attribute 'scales' is missing");
                }
                scales = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    scales[i] = f[i];
                }
            } else if (version == Version.SCALES_INPUT) {
                scales = doubles(ctx, 1);
                if (scales == null) {
                    return null;
                }
            } else {
                if (s.coord == Coord.TF_CROP_AND_RESIZE) {
                    if (!ctx.hasInput(1)) {
                        throw ctx.fail("tf_crop_and_resize needs the roi input");
                    }
                    roi = doubles(ctx, 1);
                    if (roi == null) {
                        return null;
                    }
                    if (roi.length != 2 * rank) {
                        throw ctx.fail("roi has " + roi.length + " values for rank " + rank);
                    }
                }
                scales = ctx.hasInput(2) ? doubles(ctx, 2) : new double[0];
                if (ctx.hasInput(3)) {
                    sizes = ctx.longValues(3);
                    if (sizes == null) {
                        return null;
                    }
                }
                if (scales == null) {
                    return null;
                }
                if (sizes != null && sizes.length == 0) {
                    sizes = null;
                }
                if (sizes != null && scales.length > 0) {
                    throw ctx.fail("only one of scales and sizes may be given");
                }
                if (sizes == null && scales.length == 0) {
                    throw ctx.fail("needs scales or sizes");
                }
            }
            int given = sizes != null ? sizes.length : scales.length;
            if (given != rank) {
                throw ctx.fail((sizes != null ? "sizes" : "scales") + " has " + given + " values for rank " + rank);
            }
            List<Dim> out = new ArrayList<>(rank);
            double[] scale = new double[rank];
            double[] start = new double[rank];
            double[] end = new double[rank];
            for (int d = 0; d < rank; d++) {
                Dim dim = in.dim(d);
                start[d] = roi == null ? 0 : roi[d];
                end[d] = roi == null ? 1 : roi[d + rank];
                if (sizes != null) {
                    if (sizes[d] < 0) {
                        throw ctx.fail("sizes " + Arrays.toString(sizes) + " has a negative value");
                    }
                    out.add(Dim.of(sizes[d]));
                    scale[d] = dim.isKnown() ? sizes[d] / (double) dim.size() : Double.NaN;
                } else {
                    if (!(scales[d] > 0)) {
                        throw ctx.fail("scales " + Arrays.toString(scales) + " must be positive");
                    }
                    scale[d] = scales[d];
                    double extent = end[d] - start[d];
                    out.add(dim.isKnown() ? Dim.of((long) Math.floor(dim.size() * extent * scales[d]))
                            : scales[d] == 1 && extent == 1 ? dim : Dim.unknown());
                }
            }
            return new Target(out, scale, start, end);
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Settings s = Settings.of(ctx, version);
            Shape in = ctx.inputShape(0);
            Target t = in == null ? null : target(ctx, s, in);
            return ctx.single(ctx.inputType(0), t == null ? null : Shape.of(t.out));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Settings s = Settings.of(ctx, version);
            return (in, ws) -> {
                Tensor x = in[0];
                int[] inShape = x.shape();
                Target t = target(NodeContext.ofTensors(ctx.node(), ctx.opset(), in), s, Shape.of(inShape));
                int[] outShape = Shape.of(t.out).toIntArray();
                int rank = inShape.length;
                Axis[] axes = new Axis[rank];
                boolean identity = true;
                for (int d = 0; d < rank; d++) {
                    if (inShape[d] == 0 && outShape[d] > 0) {
                        throw ctx.fail("cannot resize empty axis " + d + " to " + outShape[d]);
                    }
                    axes[d] = Axis.of(s, inShape[d], outShape[d], t.scales[d], t.roiStart[d], t.roiEnd[d]);
                    identity &= axes[d].isIdentity();
                }
                if (identity) {
                    return new Tensor[] {x};
                }
                Tensor y = ws.allocate(0, x.type(), outShape);
                if (y.size() == 0) {
                    return new Tensor[] {y};
                }
                if (s.mode == Mode.NEAREST) {
                    nearest(x, axes, y, s.extrapolation, ws.parallel());
                } else {
                    if (!x.type().isFloatingPoint()) {
                        throw ctx.fail("unsupported: " + s.mode.name().toLowerCase() + " resize of "
                                + x.type().displayName() + " data");
                    }
                    interpolate(x, axes, y, s.extrapolation, ws);
                }
                return new Tensor[] {y};
            };
        }
    }

    /**
     * How one axis is sampled: output position {@code x} reads input positions {@code index[x * taps + k]}
     * with weights {@code weight[x * taps + k]}, or is the extrapolation value when {@code outside[x]}.
     */
    private record Axis(int in, int out, int taps, int[] index, float[] weight, boolean[] outside) {
        static Axis of(Settings s, int in, int out, double scale, double roiStart, double roiEnd) {
            int taps = switch (s.mode) {
                case NEAREST -> 1;
                case LINEAR -> 2;
                case CUBIC -> 4;
            };
            int[] index = new int[out * taps];
            float[] weight = new float[out * taps];
            boolean[] outside = new boolean[out];
            double[] w = new double[taps];
            // The reference's output length: fractional when it comes from a scale.
            double length = s.coord == Coord.TF_CROP_AND_RESIZE ? out : scale * in;
            for (int x = 0; x < out; x++) {
                double p = original(s.coord, x, scale, in, length, roiStart, roiEnd);
                if (s.coord == Coord.TF_CROP_AND_RESIZE && (p < 0 || p > in - 1)) {
                    outside[x] = true;
                    continue;
                }
                int at = x * taps;
                if (s.mode == Mode.NEAREST) {
                    index[at] = clamp(nearest(s.rounding, p, scale), in);
                    weight[at] = 1;
                    continue;
                }
                int first = (int) Math.floor(p) - (taps == 4 ? 1 : 0);
                double t = p - Math.floor(p);
                if (taps == 2) {
                    w[0] = 1 - t;
                    w[1] = t;
                } else {
                    cubic(t, s.cubicA, w);
                }
                double sum = 0;
                for (int k = 0; k < taps; k++) {
                    if (s.excludeOutside && (first + k < 0 || first + k >= in)) {
                        w[k] = 0;
                    }
                    sum += w[k];
                }
                for (int k = 0; k < taps; k++) {
                    index[at + k] = clamp(first + k, in);
                    weight[at + k] = (float) (s.excludeOutside ? w[k] / sum : w[k]);
                }
            }
            return new Axis(in, out, taps, index, weight, outside);
        }

        /** True when every output position reads just the input position of the same index. */
        boolean isIdentity() {
            if (in != out) {
                return false;
            }
            for (int x = 0; x < out; x++) {
                if (outside[x]) {
                    return false;
                }
                float same = 0;
                for (int k = 0; k < taps; k++) {
                    float w = weight[x * taps + k];
                    if (index[x * taps + k] == x) {
                        same += w;
                    } else if (w != 0) {
                        return false;
                    }
                }
                if (same != 1) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The input coordinate output coordinate {@code x} maps to. */
    private static double original(Coord c, int x, double scale, int in, double length, double roiStart, double roiEnd) {
        return switch (c) {
            case HALF_PIXEL -> (x + 0.5) / scale - 0.5;
            case PYTORCH_HALF_PIXEL -> length > 1 ? (x + 0.5) / scale - 0.5 : 0;
            case ALIGN_CORNERS -> length == 1 ? 0 : x * (in - 1) / (length - 1);
            case ASYMMETRIC -> x / scale;
            case TF_HALF_PIXEL_FOR_NN -> (x + 0.5) / scale;
            case TF_CROP_AND_RESIZE -> length > 1
                    ? roiStart * (in - 1) + x * (roiEnd - roiStart) * (in - 1) / (length - 1)
                    : 0.5 * (roiStart + roiEnd) * (in - 1);
        };
    }

    /** The nearest input index to coordinate {@code p} (before clamping). */
    private static int nearest(Rounding r, double p, double scale) {
        double f = Math.floor(p);
        double frac = p - f;
        double chosen = switch (r) {
            case ROUND_PREFER_FLOOR -> frac <= 0.5 ? f : f + 1;
            case ROUND_PREFER_CEIL -> frac < 0.5 ? f : f + 1;
            case FLOOR -> f;
            case CEIL -> Math.ceil(p);
            case LEGACY -> scale < 1 ? Math.ceil(p) : f;
        };
        return (int) Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2, chosen));
    }

    private static int clamp(int i, int n) {
        return Math.max(0, Math.min(n - 1, i));
    }

    /** Keys' cubic convolution weights for taps at -1, 0, 1, 2 around a point {@code t} in [0, 1). */
    private static void cubic(double t, double a, double[] w) {
        double t1 = t + 1;
        double u = 1 - t;
        double u1 = 2 - t;
        w[0] = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a;
        w[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
        w[2] = ((a + 2) * u - (a + 3)) * u * u + 1;
        w[3] = ((a * u1 - 5 * a) * u1 + 8 * a) * u1 - 4 * a;
    }

    /** Nearest: every output row gathers from one input row through the innermost axis's offsets. */
    private static void nearest(Tensor x, Axis[] axes, Tensor y, float extrapolation, Parallel parallel) {
        int rank = axes.length;
        int[] stride = ShapeOps.strides(x.shape());
        int[][] offset = new int[rank][];
        boolean anyOutside = false;
        for (int d = 0; d < rank; d++) {
            Axis a = axes[d];
            offset[d] = new int[a.out];
            for (int i = 0; i < a.out; i++) {
                offset[d][i] = a.outside[i] ? -1 : a.index[i] * stride[d];
                anyOutside |= a.outside[i];
            }
        }
        Object fill = anyOutside ? Tensor.scalar(extrapolation).castTo(x.type()).carrier() : null;
        int width = axes[rank - 1].out;
        int[] last = offset[rank - 1];
        boolean lastOutside = anyOutside && Arrays.stream(last).anyMatch(o -> o < 0);
        boolean lastKept = axes[rank - 1].isIdentity();
        Object src = x.carrier();
        Object dst = y.carrier();
        parallel.forRange(y.size() / width, Math.max(1, GRAIN / width), (from, to) -> {
            int previous = -1; // the input row the previous output row read, when it read one
            for (int row = from; row < to; row++) {
                int base = 0;
                boolean outside = false;
                for (int d = rank - 2, q = row; d >= 0; d--) {
                    int o = offset[d][q % axes[d].out];
                    q /= axes[d].out;
                    outside |= o < 0;
                    base += o;
                }
                int at = row * width;
                if (outside) {
                    CarrierCopy.fill(dst, at, width, fill);
                    previous = -1;
                    continue;
                }
                if (base == previous) {
                    System.arraycopy(dst, at - width, dst, at, width); // enlarging repeats whole rows
                } else if (lastKept) {
                    System.arraycopy(src, base, dst, at, width);
                } else if (lastOutside) {
                    for (int i = 0; i < width; i++) {
                        if (last[i] < 0) {
                            System.arraycopy(fill, 0, dst, at + i, 1);
                        } else {
                            System.arraycopy(src, base + last[i], dst, at + i, 1);
                        }
                    }
                } else {
                    CarrierCopy.gather(src, base, last, 0, dst, at, width);
                }
                previous = base;
            }
        });
    }

    /**
     * Linear and cubic: one resampling pass per axis that changes, innermost first, through scratch
     * buffers; the last pass writes the output (float data) or a buffer converted into it.
     */
    private static void interpolate(Tensor x, Axis[] axes, Tensor y, float extrapolation, Workspace ws) {
        float[] cur = x.type() == DataType.FLOAT ? x.floats() : x.castTo(DataType.FLOAT).floats();
        int[] shape = x.shape();
        int rank = axes.length;
        int lastPass = 0;
        while (axes[lastPass].isIdentity()) {
            lastPass++;
        }
        int slot = 0;
        for (int d = rank - 1; d >= lastPass; d--) {
            if (d > lastPass && axes[d].isIdentity()) {
                continue;
            }
            int[] next = shape.clone();
            next[d] = axes[d].out;
            float[] dst = d == lastPass && y.type() == DataType.FLOAT ? y.floats()
                    : ws.scratch(slot++ % 2, ShapeOps.product(next, 0, rank));
            resample(cur, shape, d, axes[d], dst, extrapolation, ws.parallel());
            cur = dst;
            shape = next;
        }
        if (y.type() != DataType.FLOAT) {
            Tensor converted = Tensor.wrap(DataType.FLOAT, shape, cur).castTo(y.type());
            System.arraycopy(converted.carrier(), 0, y.carrier(), 0, y.size());
        }
    }

    /** One pass: {@code dst} is {@code src} (shaped {@code shape}) resampled along {@code axis}. */
    private static void resample(float[] src, int[] shape, int axis, Axis a, float[] dst, float extrapolation,
            Parallel parallel) {
        int outer = ShapeOps.product(shape, 0, axis);
        int inner = ShapeOps.product(shape, axis + 1, shape.length);
        int n = shape[axis];
        int m = a.out;
        int taps = a.taps;
        int[] index = a.index;
        float[] weight = a.weight;
        boolean[] outside = a.outside;
        if (inner == 1) {
            // Along the innermost axis: a dot product per output, unrolled for two and four taps.
            parallel.forRange(outer, Math.max(1, GRAIN / (m * taps)), (from, to) -> {
                for (int o = from; o < to; o++) {
                    int s = o * n;
                    int t = o * m;
                    if (taps == 2) {
                        for (int i = 0, k = 0; i < m; i++, k += 2) {
                            dst[t + i] = weight[k] * src[s + index[k]] + weight[k + 1] * src[s + index[k + 1]];
                        }
                    } else {
                        for (int i = 0, k = 0; i < m; i++, k += 4) {
                            dst[t + i] = weight[k] * src[s + index[k]] + weight[k + 1] * src[s + index[k + 1]]
                                    + weight[k + 2] * src[s + index[k + 2]] + weight[k + 3] * src[s + index[k + 3]];
                        }
                    }
                    for (int i = 0; i < m; i++) {
                        if (outside[i]) {
                            dst[t + i] = extrapolation;
                        }
                    }
                }
            });
            return;
        }
        parallel.forRange(outer * m, Math.max(1, GRAIN / (inner * taps)), (from, to) -> {
            for (int u = from; u < to; u++) {
                int o = u / m;
                int i = u % m;
                int t = u * inner;
                if (outside[i]) {
                    Arrays.fill(dst, t, t + inner, extrapolation);
                    continue;
                }
                // Outer axes: a weighted sum of whole input rows, in one pass over the output row.
                int base = o * n * inner;
                int k = i * taps;
                float w0 = weight[k];
                float w1 = weight[k + 1];
                int s0 = base + index[k] * inner;
                int s1 = base + index[k + 1] * inner;
                if (taps == 2) {
                    for (int j = 0; j < inner; j++) {
                        dst[t + j] = w0 * src[s0 + j] + w1 * src[s1 + j];
                    }
                } else {
                    float w2 = weight[k + 2];
                    float w3 = weight[k + 3];
                    int s2 = base + index[k + 2] * inner;
                    int s3 = base + index[k + 3] * inner;
                    for (int j = 0; j < inner; j++) {
                        dst[t + j] = w0 * src[s0 + j] + w1 * src[s1 + j] + w2 * src[s2 + j] + w3 * src[s3 + j];
                    }
                }
            }
        });
    }
}
