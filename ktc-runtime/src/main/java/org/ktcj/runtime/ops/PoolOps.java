package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Float16;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.kernels.Gemm;
import org.ktcj.runtime.kernels.Kernels;
import org.ktcj.runtime.kernels.Pooling;
import org.ktcj.runtime.kernels.Window;

/**
 * MaxPool, AveragePool, LpPool, GlobalAveragePool, GlobalMaxPool, GlobalLpPool, MaxRoiPool (opsets 1
 * to 17).
 *
 * <p>Float32 max and average pooling over one or two spatial axes run on the vectorized row kernels
 * ({@link Pooling}); everything else (three spatial axes, MaxPool's Indices output, LpPool, other
 * element types) runs a plain loop over any number of spatial axes, in double.
 *
 * <p>MaxPool keeps the first largest tap, as {@code if (v > max) max = v} finds it (ONNX Runtime's rule:
 * a NaN input never wins); its Indices are that tap's. GlobalMaxPool is {@link Math#max} over the plane.
 */
public final class PoolOps {
    private PoolOps() {
    }

    public static void register(OperatorRegistry r) {
        r.register("MaxPool", 1, new Pool(Kind.MAX));
        r.register("AveragePool", 1, new Pool(Kind.AVERAGE));
        r.register("LpPool", 1, new Pool(Kind.LP));
        r.register("GlobalMaxPool", 1, new GlobalPool(Kind.MAX));
        r.register("GlobalAveragePool", 1, new GlobalPool(Kind.AVERAGE));
        r.register("GlobalLpPool", 1, new GlobalPool(Kind.LP));
        r.register("MaxRoiPool", 1, new MaxRoiPool());
    }

    enum Kind { MAX, AVERAGE, LP }

    private static final List<DataType> FLOATS = List.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16);
    /** Max pooling only compares, so it also moves the fixed-point simulator's integers exactly. */
    private static final List<DataType> MAX_TYPES = List.of(DataType.FLOAT, DataType.DOUBLE, DataType.FLOAT16,
            DataType.INT8, DataType.UINT8, DataType.INT16);

    private static DataType checkInput(NodeContext ctx, Kind kind) {
        DataType t = ctx.requireType(0);
        List<DataType> ok = kind == Kind.MAX ? MAX_TYPES : FLOATS;
        if (t != null && !ok.contains(t)) {
            throw ctx.fail("unsupported: input type " + t.displayName() + "; supported: "
                    + ok.stream().map(DataType::displayName).toList());
        }
        Shape x = ctx.inputShape(0);
        if (x != null && x.rank() < 3) {
            throw ctx.fail("input has rank " + x.rank() + "; pooling needs at least 3 (N, C, spatial)");
        }
        return t;
    }

    /** LpPool's p: a float attribute in version 1, an int from version 2. */
    private static double lpExponent(Node node) {
        Attribute a = node.attribute("p");
        if (a == null) {
            return 2;
        }
        return a.kind() == Attribute.Kind.FLOAT ? a.floatValue() : a.intValue();
    }

    // ---- windowed pooling -----------------------------------------------------------------------

    static final class Pool implements Operator {
        private final Kind kind;

        Pool(Kind kind) {
            this.kind = kind;
        }

        private boolean wantsIndices(Node node) {
            return kind == Kind.MAX && node.outputs().size() > 1 && !node.output(1).isEmpty();
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = checkInput(ctx, kind);
            Shape x = ctx.inputShape(0);
            Shape y = null;
            if (x != null) {
                ConvGeometry g = ConvGeometry.pool(ctx, ConvGeometry.spatial(x));
                List<Dim> dims = new ArrayList<>(x.dims().subList(0, 2));
                for (int o : g.out()) {
                    dims.add(ConvGeometry.dimOf(o));
                }
                y = Shape.of(dims);
            }
            List<ValueInfo> out = new ArrayList<>();
            out.add(ctx.output(0, t, y));
            if (wantsIndices(ctx.node())) {
                out.add(ctx.output(1, DataType.INT64, y));
            }
            return out;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            Node node = ctx.node();
            NnOps.Opset opset = new NnOps.Opset(node, ctx.opset());
            boolean indices = wantsIndices(node);
            boolean includePad = node.attrInt("count_include_pad", 0) != 0;
            boolean columnMajor = node.attrInt("storage_order", 0) != 0;
            double p = kind == Kind.LP ? lpExponent(node) : 0;
            PlanCache<PoolPlan> cache = new PlanCache<>();
            return (inputs, ws) -> {
                Tensor x = inputs[0];
                int[] xs = x.shape();
                PoolPlan plan = cache.get(xs, true, () -> {
                    NodeContext rc = opset.context(inputs);
                    if (xs.length < 3) {
                        throw rc.fail("input has rank " + xs.length + "; pooling needs at least 3 (N, C, spatial)");
                    }
                    ConvGeometry g = ConvGeometry.pool(rc, Arrays.copyOfRange(xs, 2, xs.length));
                    Pooling fast = null;
                    if (x.type() == DataType.FLOAT && kind != Kind.LP && !indices && g.rank() <= 2) {
                        Window w = g.window();
                        if (Pooling.supports(w)) {
                            fast = kind == Kind.MAX ? Pooling.max(Kernels.preferred(), w)
                                    : Pooling.average(Kernels.preferred(), w,
                                            g.rank() == 2 ? g.tapCounts(0, includePad) : new float[] {1f},
                                            g.tapCounts(g.rank() - 1, includePad));
                        }
                    }
                    return new PoolPlan(g, fast);
                });
                int[] ys = new int[xs.length];
                ys[0] = xs[0];
                ys[1] = xs[1];
                System.arraycopy(plan.g.out(), 0, ys, 2, xs.length - 2);
                // The fast kernels write every output; the generic loop may leave some to the zero fill.
                Tensor y = plan.fast != null ? ws.allocateUninitialized(0, x.type(), ys) : ws.allocate(0, x.type(), ys);
                Tensor idx = indices ? ws.allocate(1, DataType.INT64, ys) : null;
                if (y.size() == 0) {
                    return indices ? new Tensor[] {y, idx} : new Tensor[] {y};
                }
                if (plan.fast != null) {
                    plan.fast.run(x.floats(), xs[0] * xs[1], y.floats(), ws);
                } else {
                    Generic.pool(kind, x, xs[0] * xs[1], plan.g, includePad, p, columnMajor, y,
                            idx == null ? null : idx.longs(), ws);
                }
                return indices ? new Tensor[] {y, idx} : new Tensor[] {y};
            };
        }
    }

    private record PoolPlan(ConvGeometry g, Pooling fast) {
    }

    // ---- global pooling -------------------------------------------------------------------------

    static final class GlobalPool implements Operator {
        private final Kind kind;

        GlobalPool(Kind kind) {
            this.kind = kind;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = checkInput(ctx, kind);
            Shape x = ctx.inputShape(0);
            if (x == null) {
                return ctx.single(t, null);
            }
            List<Dim> dims = new ArrayList<>(x.dims().subList(0, 2));
            for (int i = 2; i < x.rank(); i++) {
                dims.add(Dim.of(1));
            }
            return ctx.single(t, Shape.of(dims));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            double p = kind == Kind.LP ? lpExponent(ctx.node()) : 0;
            return (inputs, ws) -> {
                Tensor x = inputs[0];
                int[] xs = x.shape();
                int[] ys = xs.clone();
                Arrays.fill(ys, 2, ys.length, 1);
                Tensor y = ws.allocateUninitialized(0, x.type(), ys);
                int planes = xs[0] * xs[1];
                int plane = planes == 0 ? 0 : x.size() / planes;
                if (planes == 0) {
                    return new Tensor[] {y};
                }
                if (x.type() == DataType.FLOAT) {
                    float[] xf = x.floats();
                    float[] yf = y.floats();
                    Kernels kern = Kernels.preferred();
                    ws.parallel().forRange(planes, Gemm.grain(plane), (s, e) -> {
                        for (int c = s; c < e; c++) {
                            yf[c] = switch (kind) {
                                case MAX -> kern.max(xf, c * plane, plane);
                                case AVERAGE -> (float) (sum(xf, c * plane, plane) / plane);
                                case LP -> (float) lp(x, c * plane, plane, p);
                            };
                        }
                    });
                } else {
                    for (int c = 0; c < planes; c++) {
                        double v;
                        if (kind == Kind.MAX) {
                            v = Double.NEGATIVE_INFINITY;
                            for (int i = 0; i < plane; i++) {
                                v = Math.max(v, x.getDouble(c * plane + i));
                            }
                        } else if (kind == Kind.AVERAGE) {
                            double s = 0;
                            for (int i = 0; i < plane; i++) {
                                s += x.getDouble(c * plane + i);
                            }
                            v = s / plane;
                        } else {
                            v = lp(x, c * plane, plane, p);
                        }
                        Generic.set(y, c, v);
                    }
                }
                return new Tensor[] {y};
            };
        }

        /** Sum in double, four interleaved partial sums: the same on every machine. */
        private static double sum(float[] x, int off, int n) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int i = 0;
            for (; i + 4 <= n; i += 4) {
                s0 += x[off + i];
                s1 += x[off + i + 1];
                s2 += x[off + i + 2];
                s3 += x[off + i + 3];
            }
            for (; i < n; i++) {
                s0 += x[off + i];
            }
            return (s0 + s1) + (s2 + s3);
        }

        private static double lp(Tensor x, int off, int n, double p) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += Math.pow(Math.abs(x.getDouble(off + i)), p);
            }
            return Math.pow(s, 1 / p);
        }
    }

    // ---- MaxRoiPool -----------------------------------------------------------------------------

    static final class MaxRoiPool implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = ctx.requireType(0);
            ctx.requireType(1);
            NnOps.requireFloat(ctx, 0);
            NnOps.requireFloat(ctx, 1);
            int[] pooled = pooledShape(ctx);
            Shape x = ctx.inputShape(0);
            Shape rois = ctx.inputShape(1);
            if (x != null && x.rank() != 4) {
                throw ctx.fail("input has rank " + x.rank() + ", expected 4 (N, C, H, W)");
            }
            if (rois != null && (rois.rank() != 2 || rois.dim(1).isKnown() && rois.dim(1).size() != 5)) {
                throw ctx.fail("rois has shape " + rois + ", expected [num_rois, 5]");
            }
            Dim n = rois == null ? Dim.unknown() : rois.dim(0);
            Dim c = x == null ? Dim.unknown() : x.dim(1);
            return ctx.single(t, Shape.of(List.of(n, c, Dim.of(pooled[0]), Dim.of(pooled[1]))));
        }

        private static int[] pooledShape(NodeContext ctx) {
            long[] ps = ctx.node().attrInts("pooled_shape", null);
            if (ps == null || ps.length != 2 || ps[0] <= 0 || ps[1] <= 0) {
                throw ctx.fail("pooled_shape must be two positive sizes");
            }
            return new int[] {(int) ps[0], (int) ps[1]};
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            int[] pooled = pooledShape(ctx);
            float scale = ctx.node().attrFloat("spatial_scale", 1f);
            NnOps.Opset opset = new NnOps.Opset(ctx.node(), ctx.opset());
            return (inputs, ws) -> {
                Tensor x = inputs[0];
                Tensor r = inputs[1];
                int[] xs = x.shape();
                if (xs.length != 4 || r.rank() != 2 || r.dim(1) != 5) {
                    throw opset.context(inputs).fail("expected input [N, C, H, W] and rois [num_rois, 5], got "
                            + Arrays.toString(xs) + " and " + Arrays.toString(r.shape()));
                }
                int rois = r.dim(0);
                int channels = xs[1];
                int h = xs[2];
                int w = xs[3];
                int ph = pooled[0];
                int pw = pooled[1];
                Tensor y = ws.allocate(0, DataType.FLOAT, new int[] {rois, channels, ph, pw});
                float[] xf = x.floats();
                float[] rf = r.floats();
                float[] yf = y.floats();
                for (int n = 0; n < rois; n++) {
                    int batch = (int) rf[n * 5];
                    if (batch < 0 || batch >= xs[0]) {
                        throw opset.context(inputs).fail("roi " + n + " names batch " + batch + " of " + xs[0]);
                    }
                    int x0 = roundHalfAway(rf[n * 5 + 1] * scale);
                    int y0 = roundHalfAway(rf[n * 5 + 2] * scale);
                    int x1 = roundHalfAway(rf[n * 5 + 3] * scale);
                    int y1 = roundHalfAway(rf[n * 5 + 4] * scale);
                    // Malformed boxes are forced to 1x1.
                    float binH = (float) Math.max(y1 - y0 + 1, 1) / ph;
                    float binW = (float) Math.max(x1 - x0 + 1, 1) / pw;
                    for (int c = 0; c < channels; c++) {
                        int src = (batch * channels + c) * h * w;
                        int dst = ((n * channels) + c) * ph * pw;
                        for (int i = 0; i < ph; i++) {
                            int hs = clamp((int) Math.floor(i * binH) + y0, h);
                            int he = clamp((int) Math.ceil((i + 1) * binH) + y0, h);
                            for (int j = 0; j < pw; j++) {
                                int wsx = clamp((int) Math.floor(j * binW) + x0, w);
                                int we = clamp((int) Math.ceil((j + 1) * binW) + x0, w);
                                float m;
                                if (he <= hs || we <= wsx) {
                                    m = 0f; // an empty bin is zero
                                } else {
                                    m = Float.NEGATIVE_INFINITY;
                                    for (int yy = hs; yy < he; yy++) {
                                        for (int xx = wsx; xx < we; xx++) {
                                            m = Math.max(m, xf[src + yy * w + xx]);
                                        }
                                    }
                                }
                                yf[dst + i * pw + j] = m;
                            }
                        }
                    }
                }
                return new Tensor[] {y};
            };
        }

        private static int clamp(int v, int size) {
            return Math.min(Math.max(v, 0), size);
        }

        /** C's round(): halves away from zero. */
        private static int roundHalfAway(float v) {
            return (int) (v < 0 ? -Math.floor(-v + 0.5) : Math.floor(v + 0.5));
        }
    }

    // ---- the generic loop -----------------------------------------------------------------------

    /** Pooling over any number of spatial axes and any element type, in double. */
    static final class Generic {
        private Generic() {
        }

        static void pool(Kind kind, Tensor x, int planes, ConvGeometry g, boolean includePad, double p,
                boolean columnMajor, Tensor y, long[] indices, Workspace ws) {
            int r = g.rank();
            int[] in = g.in();
            int[] out = g.out();
            int[] k = g.kernel();
            int[] s = g.strides();
            int[] d = g.dilations();
            int[] pb = g.padBegin();
            float[][] counts = new float[r][];
            for (int i = 0; i < r; i++) {
                counts[i] = g.tapCounts(i, includePad);
            }
            int inPlane = 1;
            int outPlane = 1;
            int taps = 1;
            for (int i = 0; i < r; i++) {
                inPlane *= in[i];
                outPlane *= out[i];
                taps *= k[i];
            }
            // Flat offset (row-major) and the index MaxPool reports (row- or column-major) per axis step.
            int[] rowStride = new int[r];
            int[] idxStride = new int[r];
            for (int i = r - 1, st = 1; i >= 0; i--) {
                rowStride[i] = st;
                st *= in[i];
            }
            for (int i = 0, st = 1; i < r; i++) {
                idxStride[i] = columnMajor ? st : rowStride[i];
                st *= in[i];
            }
            int inPl = inPlane;
            int outPl = outPlane;
            int tapCount = taps;
            ws.parallel().forRange(planes, Gemm.grain((long) outPlane * taps), (start, end) -> {
                int[] o = new int[r];
                int[] t = new int[r];
                for (int c = start; c < end; c++) {
                    int base = c * inPl;
                    Arrays.fill(o, 0);
                    for (int op = 0; op < outPl; op++) {
                        double acc = kind == Kind.MAX ? Double.NEGATIVE_INFINITY : 0;
                        long best = -1;
                        Arrays.fill(t, 0);
                        for (int tp = 0; tp < tapCount; tp++) {
                            int off = 0;
                            int idx = 0;
                            boolean inside = true;
                            for (int i = 0; i < r && inside; i++) {
                                int pos = o[i] * s[i] - pb[i] + t[i] * d[i];
                                inside = pos >= 0 && pos < in[i];
                                off += pos * rowStride[i];
                                idx += pos * idxStride[i];
                            }
                            if (inside) {
                                double v = x.getDouble(base + off);
                                switch (kind) {
                                    case MAX -> {
                                        // As the vectorized kernels: a NaN never wins, the first maximum does.
                                        if (v > acc) {
                                            acc = v;
                                            best = (long) base + idx;
                                        } else if (best < 0) {
                                            best = (long) base + idx;
                                        }
                                    }
                                    case AVERAGE -> acc += v;
                                    case LP -> acc += Math.pow(Math.abs(v), p);
                                }
                            }
                            for (int i = r - 1; i >= 0; i--) {
                                if (++t[i] < k[i]) {
                                    break;
                                }
                                t[i] = 0;
                            }
                        }
                        if (kind == Kind.AVERAGE) {
                            double count = 1;
                            for (int i = 0; i < r; i++) {
                                count *= counts[i][o[i]];
                            }
                            acc /= count;
                        } else if (kind == Kind.LP) {
                            acc = Math.pow(acc, 1 / p);
                        }
                        int yi = c * outPl + op;
                        set(y, yi, acc);
                        if (indices != null) {
                            indices[yi] = best;
                        }
                        for (int i = r - 1; i >= 0; i--) {
                            if (++o[i] < out[i]) {
                                break;
                            }
                            o[i] = 0;
                        }
                    }
                }
            });
        }

        /** Writes a value computed in double into a float or integer tensor. */
        static void set(Tensor y, int i, double v) {
            switch (y.type()) {
                case FLOAT -> y.floats()[i] = (float) v;
                case DOUBLE -> y.doubles()[i] = v;
                case FLOAT16 -> y.shorts()[i] = Float16.fromFloat((float) v);
                case INT8, UINT8 -> y.bytes()[i] = (byte) (long) v;
                case INT16 -> y.shorts()[i] = (short) (long) v;
                default -> throw new IllegalStateException("unexpected type " + y.type().displayName());
            }
        }
    }
}
