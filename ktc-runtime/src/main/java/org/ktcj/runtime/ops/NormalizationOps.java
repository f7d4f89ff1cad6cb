package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.kernels.Kernels;
import org.ktcj.runtime.ops.ArithmeticOps.Arith;

/**
 * BatchNormalization (inference), InstanceNormalization, LayerNormalization, MeanVarianceNormalization,
 * LRN, and Softmax, LogSoftmax and Hardmax. Statistics and exponential sums are computed in double;
 * normalizations that end in a per-channel affine map run it through {@link FloatLoops#scaleShift}.
 */
public final class NormalizationOps {
    private NormalizationOps() {
    }

    public static void register(OperatorRegistry r) {
        r.register("BatchNormalization", 1, new BatchNorm(false));
        r.register("BatchNormalization", 14, new BatchNorm(true));
        r.register("InstanceNormalization", 1, new InstanceNorm());
        r.register("LayerNormalization", 17, new LayerNorm());
        r.register("MeanVarianceNormalization", 9, new MeanVarianceNorm());
        r.register("LRN", 1, new Lrn());
        for (SoftmaxKind k : SoftmaxKind.values()) {
            r.register(k.onnxName, 1, new Softmax(k, true));
            r.register(k.onnxName, 13, new Softmax(k, false));
        }
    }

    /** The input's type and shape, for operators that keep both; floating-point types only. */
    private static List<ValueInfo> sameAsInput(NodeContext ctx) {
        DataType t = ctx.requireType(0);
        Elements.checkNumeric(ctx, 0, t, false);
        return ctx.single(t, ctx.inputShape(0));
    }

    /** Fails unless the input has at least {@code min} dimensions (when its rank is known). */
    private static void checkRank(NodeContext ctx, int min) {
        Shape s = ctx.inputShape(0);
        if (s != null && s.rank() < min) {
            throw ctx.fail("input '" + ctx.node().input(0) + "' has rank " + s.rank() + "; at least " + min
                    + " is needed");
        }
    }

    /**
     * {@code y = x * scale[p % n] + shift[p % n]} on each plane {@code p} of {@code inner} consecutive
     * elements, where n is the number of scales; float32 in float (a multiply, then an add).
     */
    private static void scaleShift(Workspace ws, Tensor x, Tensor y, int inner, double[] scale, double[] shift) {
        int planes = inner == 0 ? 0 : x.size() / inner;
        int period = scale.length;
        int grain = Math.max(1, BinaryOp.GRAIN / Math.max(1, inner));
        if (x.type() == DataType.FLOAT) {
            float[] xs = x.floats();
            float[] ys = y.floats();
            FloatLoops loops = FloatLoops.get();
            ws.parallel().forRange(planes, grain, (s, e) -> {
                for (int p = s; p < e; p++) {
                    int f = p % period;
                    loops.scaleShift(xs, p * inner, ys, p * inner, inner, (float) scale[f], (float) shift[f]);
                }
            });
        } else {
            ws.parallel().forRange(planes, grain, (s, e) -> {
                for (int p = s; p < e; p++) {
                    int f = p % period;
                    for (int i = p * inner; i < (p + 1) * inner; i++) {
                        Elements.set(y, i, x.getDouble(i) * scale[f] + shift[f]);
                    }
                }
            });
        }
    }

    /**
     * BatchNormalization with the running statistics: per channel {@code y = x * s + t}, with
     * {@code s = scale / sqrt(var + epsilon)} and {@code t = B - mean * s} computed once at plan time
     * when the four parameters are constants. Parameters of {@code C} elements apply per channel; of
     * {@code C*D1*...*Dn} elements per feature (opsets before 9 with {@code spatial=0}). The optional
     * running mean and variance outputs are the inputs unchanged, as in inference; training (opset 14's
     * {@code training_mode=1}, or the saved statistics outputs of earlier opsets) is unsupported.
     */
    private static final class BatchNorm implements Operator {
        private final boolean trainingAttr;

        BatchNorm(boolean trainingAttr) {
            this.trainingAttr = trainingAttr;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            if (trainingAttr && ctx.node().attrInt("training_mode", 0) != 0) {
                throw ctx.fail("unsupported: training_mode=1");
            }
            List<String> outs = ctx.node().outputs();
            if (outs.size() > 3 && (!outs.get(3).isEmpty() || outs.size() > 4 && !outs.get(4).isEmpty())) {
                throw ctx.fail("unsupported: saved_mean and saved_var outputs (training)");
            }
            checkRank(ctx, 2);
            List<ValueInfo> out = new ArrayList<>(sameAsInput(ctx));
            for (int i = 1; i < Math.min(3, outs.size()); i++) {
                out.add(ctx.output(i, ctx.inputType(i + 2), ctx.inputShape(i + 2)));
            }
            return out;
        }

        /** The per-channel (or per-feature) scale and shift, or null when a parameter is not known. */
        private static double[][] affine(NodeContext ctx, double epsilon) {
            Tensor scale = ctx.value(1);
            Tensor bias = ctx.value(2);
            Tensor mean = ctx.value(3);
            Tensor var = ctx.value(4);
            if (scale == null || bias == null || mean == null || var == null) {
                return null;
            }
            int n = scale.size();
            if (bias.size() != n || mean.size() != n || var.size() != n) {
                throw ctx.fail("scale, B, mean and var must have the same number of elements; they have "
                        + n + ", " + bias.size() + ", " + mean.size() + " and " + var.size());
            }
            double[] s = new double[n];
            double[] t = new double[n];
            for (int c = 0; c < n; c++) {
                s[c] = scale.getDouble(c) / Math.sqrt(var.getDouble(c) + epsilon);
                t[c] = bias.getDouble(c) - mean.getDouble(c) * s[c];
            }
            return new double[][] {s, t};
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            int opset = ctx.opset();
            double epsilon = node.attrFloat("epsilon", 1e-5f);
            double[][] fixed = affine(ctx, epsilon);
            int outputs = node.outputs().size();
            return (in, ws) -> {
                Tensor x = in[0];
                NodeContext rc = fixed == null ? NodeContext.ofTensors(node, opset, in) : null;
                double[][] st = fixed != null ? fixed : affine(rc, epsilon);
                int[] shape = x.shape();
                int perFeature = ShapeOps.product(shape, 1, shape.length);
                int params = st[0].length;
                int inner;
                if (params == shape[1]) {
                    inner = ShapeOps.product(shape, 2, shape.length);
                } else if (params == perFeature) {
                    inner = 1;
                } else {
                    throw (rc != null ? rc : NodeContext.ofTensors(node, opset, in)).fail("scale has " + params
                            + " elements; input of shape " + Shape.format(shape) + " needs " + shape[1]
                            + " (per channel) or " + perFeature + " (per feature)");
                }
                Tensor y = ws.allocate(0, x.type(), shape);
                scaleShift(ws, x, y, inner, st[0], st[1]);
                Tensor[] out = new Tensor[Math.min(3, outputs)];
                out[0] = y;
                for (int i = 1; i < out.length; i++) {
                    out[i] = in[i + 2];
                }
                return out;
            };
        }
    }

    /** InstanceNormalization: each (n, c) plane normalized by its own mean and variance, then scaled. */
    private static final class InstanceNorm implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            checkRank(ctx, 2);
            return sameAsInput(ctx);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            double epsilon = ctx.node().attrFloat("epsilon", 1e-5f);
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.shape();
                int channels = shape[1];
                int inner = ShapeOps.product(shape, 2, shape.length);
                int planes = shape[0] * channels;
                double[] s = new double[planes];
                double[] t = new double[planes];
                IntToDoubleFunction src = ReduceOps.source(x);
                Tensor scale = in[1];
                Tensor bias = in[2];
                ws.parallel().forRange(planes, Math.max(1, BinaryOp.GRAIN / Math.max(1, inner)), (a, b) -> {
                    for (int p = a; p < b; p++) {
                        double[] mv = meanVariance(src, p * inner, inner);
                        int c = p % channels;
                        s[p] = scale.getDouble(c) / Math.sqrt(mv[1] + epsilon);
                        t[p] = bias.getDouble(c) - mv[0] * s[p];
                    }
                });
                Tensor y = ws.allocate(0, x.type(), shape);
                scaleShift(ws, x, y, inner, s, t);
                return new Tensor[] {y};
            };
        }
    }

    /** The mean and the (population) variance of {@code n} consecutive elements, in two passes. */
    private static double[] meanVariance(IntToDoubleFunction x, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += x.applyAsDouble(i);
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = from; i < from + n; i++) {
            double d = x.applyAsDouble(i) - mean;
            sq += d * d;
        }
        return new double[] {mean, sq / n};
    }

    /**
     * LayerNormalization (opset 17): each row over axes {@code [axis, rank)} normalized by its mean
     * and variance, then {@code * Scale + B} (both broadcast to the row's shape). The optional Mean and
     * InvStdDev outputs are float32 with the row axes kept as 1.
     */
    private static final class LayerNorm implements Operator {
        private static int axis(NodeContext ctx, int rank) {
            return ShapeOps.axis(ctx, ctx.node().attrInt("axis", -1), rank);
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            List<ValueInfo> out = new ArrayList<>(sameAsInput(ctx));
            if (ctx.node().attrInt("stash_type", 1) != 1) {
                throw ctx.fail("unsupported: stash_type " + ctx.node().attrInt("stash_type", 1));
            }
            Shape in = ctx.inputShape(0);
            Shape stats = null;
            if (in != null) {
                int axis = axis(ctx, in.rank());
                List<Dim> dims = new ArrayList<>(in.dims());
                for (int j = axis; j < dims.size(); j++) {
                    dims.set(j, Dim.of(1));
                }
                stats = Shape.of(dims);
            }
            for (int i = 1; i < ctx.node().outputs().size(); i++) {
                out.add(ctx.output(i, DataType.FLOAT, stats));
            }
            return out;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            int opset = ctx.opset();
            double epsilon = node.attrFloat("epsilon", 1e-5f);
            return (in, ws) -> {
                NodeContext rc = NodeContext.ofTensors(node, opset, in);
                Tensor x = in[0];
                int[] shape = x.shape();
                int axis = axis(rc, shape.length);
                int[] rowShape = java.util.Arrays.copyOfRange(shape, axis, shape.length);
                double[] scale = expand(rc, in[1], rowShape);
                double[] bias = in.length > 2 && in[2] != null ? expand(rc, in[2], rowShape) : null;
                int inner = scale.length;
                int rows = ShapeOps.product(shape, 0, axis);
                List<ValueInfo> infos = infer(rc);
                Tensor y = ws.allocate(0, x.type(), shape);
                Tensor mean = infos.size() > 1 ? ws.allocate(1, DataType.FLOAT, infos.get(1).shape().toIntArray()) : null;
                Tensor inv = infos.size() > 2 ? ws.allocate(2, DataType.FLOAT, infos.get(2).shape().toIntArray()) : null;
                IntToDoubleFunction src = ReduceOps.source(x);
                float[] yf = x.type() == DataType.FLOAT ? y.floats() : null;
                ws.parallel().forRange(rows, Math.max(1, BinaryOp.GRAIN / Math.max(1, inner)), (a, b) -> {
                    for (int r = a; r < b; r++) {
                        double[] mv = meanVariance(src, r * inner, inner);
                        double invStd = 1 / Math.sqrt(mv[1] + epsilon);
                        for (int j = 0; j < inner; j++) {
                            int i = r * inner + j;
                            double v = (src.applyAsDouble(i) - mv[0]) * invStd * scale[j] + (bias == null ? 0 : bias[j]);
                            if (yf != null) {
                                yf[i] = (float) v;
                            } else {
                                Elements.set(y, i, v);
                            }
                        }
                        if (mean != null) {
                            mean.floats()[r] = (float) mv[0];
                        }
                        if (inv != null) {
                            inv.floats()[r] = (float) invStd;
                        }
                    }
                });
                return infos.size() == 1 ? new Tensor[] {y} : infos.size() == 2 ? new Tensor[] {y, mean}
                        : new Tensor[] {y, mean, inv};
            };
        }

        /** A parameter broadcast to the row shape, as doubles. */
        private static double[] expand(NodeContext ctx, Tensor p, int[] rowShape) {
            int[] shape = Broadcast.shape(ctx, rowShape, p.shape());
            if (!java.util.Arrays.equals(shape, rowShape)) {
                throw ctx.fail("a parameter of shape " + Shape.format(p.shape()) + " does not broadcast to the "
                        + "normalized shape " + Shape.format(rowShape));
            }
            Broadcast bc = Broadcast.of(rowShape, p.shape());
            double[] out = new double[bc.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = p.getDouble(bc.index(0, i));
            }
            return out;
        }
    }

    /**
     * MeanVarianceNormalization: {@code (x - mean) / (sqrt(variance) + 1e-9)} with the statistics over
     * {@code axes} (default [0, 2, 3]), as the operator's function body defines it. One serial pass per
     * statistic, walking the input with the statistics broadcast to it.
     */
    private static final class MeanVarianceNorm implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            if (in != null) {
                ReduceOps.axisMask(ctx, ctx.node().attrInts("axes", new long[] {0, 2, 3}), in.rank());
            }
            return sameAsInput(ctx);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            int opset = ctx.opset();
            long[] axes = node.attrInts("axes", new long[] {0, 2, 3});
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.shape();
                boolean[] mask = ReduceOps.axisMask(NodeContext.ofTensors(node, opset, in), axes, shape.length);
                int[] kept = shape.clone();
                int count = 1;
                for (int j = 0; j < shape.length; j++) {
                    if (mask[j]) {
                        count *= shape[j];
                        kept[j] = 1;
                    }
                }
                Broadcast walk = Broadcast.of(shape, kept);
                int stride = walk.innerStride(0);
                IntToDoubleFunction src = ReduceOps.source(x);
                double[] mean = new double[ShapeOps.product(kept, 0, kept.length)];
                double[] dev = new double[mean.length];
                walk.forEachRun(0, x.size(), (i, n, at) -> {
                    for (int j = 0; j < n; j++) {
                        mean[at[0] + j * stride] += src.applyAsDouble(i + j);
                    }
                });
                for (int k = 0; k < mean.length; k++) {
                    mean[k] /= count;
                }
                walk.forEachRun(0, x.size(), (i, n, at) -> {
                    for (int j = 0; j < n; j++) {
                        double d = src.applyAsDouble(i + j) - mean[at[0] + j * stride];
                        dev[at[0] + j * stride] += d * d;
                    }
                });
                for (int k = 0; k < dev.length; k++) {
                    dev[k] = Math.sqrt(dev[k] / count) + 1e-9;
                }
                Tensor y = ws.allocate(0, x.type(), shape);
                walk.forEachRun(0, x.size(), (i, n, at) -> {
                    for (int j = 0; j < n; j++) {
                        int k = at[0] + j * stride;
                        Elements.set(y, i + j, (src.applyAsDouble(i + j) - mean[k]) / dev[k]);
                    }
                });
                return new Tensor[] {y};
            };
        }
    }

    /**
     * LRN across channels: {@code y = x / (bias + alpha / size * sum of x^2 over the channel window)^beta},
     * the window running from {@code c - floor((size-1)/2)} to {@code c + ceil((size-1)/2)}.
     */
    private static final class Lrn implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            checkRank(ctx, 2);
            if (ctx.node().attrInt("size", 0) <= 0) {
                throw ctx.fail("attribute 'size' must be a positive integer");
            }
            return sameAsInput(ctx);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            double alpha = node.attrFloat("alpha", 1e-4f);
            double beta = node.attrFloat("beta", 0.75f);
            double bias = node.attrFloat("bias", 1f);
            int size = (int) node.attrInt("size", 0);
            int before = (size - 1) / 2;
            int after = size - 1 - before;
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.shape();
                int channels = shape[1];
                int inner = ShapeOps.product(shape, 2, shape.length);
                IntToDoubleFunction src = ReduceOps.source(x);
                Tensor y = ws.allocate(0, x.type(), shape);
                ws.parallel().forRange(shape[0] * channels, Math.max(1, BinaryOp.GRAIN / Math.max(1, inner * size)),
                        (a, b) -> {
                            for (int p = a; p < b; p++) {
                                int n = p / channels;
                                int c = p % channels;
                                int lo = Math.max(0, c - before);
                                int hi = Math.min(channels - 1, c + after);
                                for (int i = 0; i < inner; i++) {
                                    double sq = 0;
                                    for (int k = lo; k <= hi; k++) {
                                        double v = src.applyAsDouble((n * channels + k) * inner + i);
                                        sq += v * v;
                                    }
                                    int at = p * inner + i;
                                    Elements.set(y, at, src.applyAsDouble(at) / Math.pow(bias + alpha / size * sq, beta));
                                }
                            }
                        });
                return new Tensor[] {y};
            };
        }
    }

    /** The three operators normalizing along an axis. */
    enum SoftmaxKind {
        SOFTMAX("Softmax"), LOG_SOFTMAX("LogSoftmax"), HARDMAX("Hardmax");

        final String onnxName;

        SoftmaxKind(String onnxName) {
            this.onnxName = onnxName;
        }
    }

    /**
     * Softmax, LogSoftmax and Hardmax. Opsets 1 to 12 flatten the input to 2D at {@code axis} (default
     * 1) and normalize each row over all the axes from {@code axis} on; opset 13 normalizes along the
     * one axis (default -1). Numerically stable: the maximum is subtracted before exponentiating.
     * Work splits over the columns (positions on the other axes), so an inner axis also runs in parallel
     * and reads memory in order.
     */
    private static final class Softmax implements Operator {
        private final SoftmaxKind kind;
        private final boolean coerce2d;

        Softmax(SoftmaxKind kind, boolean coerce2d) {
            this.kind = kind;
            this.coerce2d = coerce2d;
        }

        private int axis(NodeContext ctx, int rank) {
            return ShapeOps.axis(ctx, ctx.node().attrInt("axis", coerce2d ? 1 : -1), rank);
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            if (ctx.inputShape(0) != null) {
                axis(ctx, ctx.inputShape(0).rank());
            }
            return sameAsInput(ctx);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            int opset = ctx.opset();
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.shape();
                int axis = axis(NodeContext.ofTensors(node, opset, in), shape.length);
                int outer = ShapeOps.product(shape, 0, axis);
                int len = coerce2d ? ShapeOps.product(shape, axis, shape.length) : shape[axis];
                int inner = coerce2d ? 1 : ShapeOps.product(shape, axis + 1, shape.length);
                Tensor y = ws.allocate(0, x.type(), shape);
                boolean fast = x.type() == DataType.FLOAT && kind != SoftmaxKind.HARDMAX;
                IntToDoubleFunction src = ReduceOps.source(x);
                ws.parallel().forRange(outer * inner, Math.max(1, BinaryOp.GRAIN / Math.max(1, len)), (s, e) -> {
                    int width = Math.min(inner, e - s);
                    double[] max = new double[width];
                    double[] acc = new double[width];
                    for (int c = s; c < e; ) {
                        int o = c / inner;
                        int k0 = c % inner;
                        int k1 = Math.min(inner, k0 + e - c);
                        int base = o * len * inner + k0;
                        if (!fast) {
                            columns(src, y, base, len, inner, k1 - k0, max, acc);
                        } else if (inner == 1) {
                            row(x.floats(), y.floats(), base, len, ws.scratch(0, 2));
                        } else {
                            floatColumns(x.floats(), y.floats(), base, len, inner, k1 - k0, acc, ws);
                        }
                        c += k1 - k0;
                    }
                });
                return new Tensor[] {y};
            };
        }

        /** Softmax or LogSoftmax of one float32 row of {@code len} elements; {@code tmp} holds two floats. */
        private void row(float[] x, float[] y, int base, int len, float[] tmp) {
            FloatLoops loops = FloatLoops.get();
            tmp[0] = Kernels.preferred().max(x, base, len);
            loops.exp(x, base, tmp, 0, 0, y, base, len);
            double sum = 0;
            for (int i = base; i < base + len; i++) {
                sum += y[i];
            }
            if (kind == SoftmaxKind.SOFTMAX) {
                tmp[1] = (float) sum;
                loops.binary(Arith.DIV, y, base, 1, tmp, 1, 0, y, base, len);
            } else {
                // (x - max) - log(sum): x - max is exact near the maximum, where the result is small
                tmp[1] = (float) Math.log(sum);
                loops.binary(Arith.SUB, x, base, 1, tmp, 0, 0, y, base, len);
                loops.binary(Arith.SUB, y, base, 1, tmp, 1, 0, y, base, len);
            }
        }

        /**
         * Softmax or LogSoftmax of {@code width} adjacent float32 columns, a row of them at a time so
         * that the loops run along memory; {@code sum} is per-column scratch.
         */
        private void floatColumns(float[] x, float[] y, int base, int len, int inner, int width, double[] sum,
                Workspace ws) {
            FloatLoops loops = FloatLoops.get();
            float[] max = ws.scratch(0, width);
            float[] last = ws.scratch(1, width);
            System.arraycopy(x, base, max, 0, width);
            for (int j = 1; j < len; j++) {
                loops.binary(Arith.MAX, max, 0, 1, x, base + j * inner, 1, max, 0, width);
            }
            java.util.Arrays.fill(sum, 0, width, 0);
            for (int j = 0; j < len; j++) {
                int at = base + j * inner;
                loops.exp(x, at, max, 0, 1, y, at, width);
                for (int k = 0; k < width; k++) {
                    sum[k] += y[at + k];
                }
            }
            for (int k = 0; k < width; k++) {
                last[k] = (float) (kind == SoftmaxKind.SOFTMAX ? sum[k] : Math.log(sum[k]));
            }
            for (int j = 0; j < len; j++) {
                int at = base + j * inner;
                if (kind == SoftmaxKind.SOFTMAX) {
                    loops.binary(Arith.DIV, y, at, 1, last, 0, 1, y, at, width);
                } else {
                    loops.binary(Arith.SUB, x, at, 1, max, 0, 1, y, at, width);
                    loops.binary(Arith.SUB, y, at, 1, last, 0, 1, y, at, width);
                }
            }
        }

        /**
         * Normalizes {@code width} adjacent columns of {@code len} elements {@code inner} apart, the
         * first starting at {@code base}; {@code max} and {@code acc} are per-column scratch.
         */
        private void columns(IntToDoubleFunction x, Tensor y, int base, int len, int inner, int width, double[] max,
                double[] acc) {
            float[] yf = y.type() == DataType.FLOAT ? y.floats() : null;
            java.util.Arrays.fill(max, 0, width, Double.NEGATIVE_INFINITY);
            java.util.Arrays.fill(acc, 0, width, 0);
            for (int j = 0; j < len; j++) {
                for (int k = 0, i = base + j * inner; k < width; k++, i++) {
                    double v = x.applyAsDouble(i);
                    if (kind == SoftmaxKind.HARDMAX) {
                        if (v > max[k]) {
                            max[k] = v;
                            acc[k] = j; // the first index of the largest element
                        }
                    } else {
                        max[k] = Math.max(max[k], v);
                    }
                }
            }
            if (kind == SoftmaxKind.HARDMAX) {
                for (int k = 0; k < width; k++) {
                    put(y, yf, base + (int) acc[k] * inner + k, 1);
                }
                return;
            }
            for (int j = 0; j < len; j++) {
                for (int k = 0, i = base + j * inner; k < width; k++, i++) {
                    double e = Math.exp(x.applyAsDouble(i) - max[k]);
                    acc[k] += e;
                    if (kind == SoftmaxKind.SOFTMAX) {
                        put(y, yf, i, e);
                    }
                }
            }
            for (int k = 0; k < width; k++) {
                // softmax multiplies by 1/sum; log-softmax subtracts max, then log(sum)
                acc[k] = kind == SoftmaxKind.SOFTMAX ? 1 / acc[k] : Math.log(acc[k]);
            }
            for (int j = 0; j < len; j++) {
                for (int k = 0, i = base + j * inner; k < width; k++, i++) {
                    double v = kind == SoftmaxKind.SOFTMAX ? (yf != null ? yf[i] : y.getDouble(i)) * acc[k]
                            : x.applyAsDouble(i) - max[k] - acc[k];
                    put(y, yf, i, v);
                }
            }
        }

        private static void put(Tensor y, float[] yf, int i, double v) {
            if (yf != null) {
                yf[i] = (float) v;
            } else {
                Elements.set(y, i, v);
            }
        }
    }
}
