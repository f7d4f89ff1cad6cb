package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * ReduceSum, ReduceMean, ReduceMax and the other reductions, ArgMax and ArgMin. Reductions accumulate
 * in double whatever the element type (so int64 values beyond 2^53 are rounded), and make one pass over
 * the input in memory order: the output,
 * with 1 for each reduced axis, broadcasts to the input ({@link Broadcast}), so every run of input
 * elements either folds into one output or lands element by element on a row of outputs. Work is split
 * across threads over the kept axes in front of the first reduced one.
 */
public final class ReduceOps {
    private ReduceOps() {
    }

    public static void register(OperatorRegistry r) {
        for (Kind k : Kind.values()) {
            r.register(k.onnxName, 1, new Reduce(k, false));
            // axes became an input: ReduceSum in opset 13, the others in 18
            r.register(k.onnxName, k == Kind.SUM ? 13 : 18, new Reduce(k, true));
        }
        r.register("ArgMax", 1, new ArgReduce(true));
        r.register("ArgMin", 1, new ArgReduce(false));
    }

    /** The reductions: a fold of the elements, then a last step on the accumulator. */
    enum Kind {
        SUM("ReduceSum", Fold.SUM), MEAN("ReduceMean", Fold.SUM), SUM_SQUARE("ReduceSumSquare", Fold.SUM_SQUARE),
        L1("ReduceL1", Fold.SUM_ABS), L2("ReduceL2", Fold.SUM_SQUARE), LOG_SUM("ReduceLogSum", Fold.SUM),
        LOG_SUM_EXP("ReduceLogSumExp", Fold.SUM_EXP), PROD("ReduceProd", Fold.PROD), MAX("ReduceMax", Fold.MAX),
        MIN("ReduceMin", Fold.MIN);

        final String onnxName;
        final Fold fold;

        Kind(String onnxName, Fold fold) {
            this.onnxName = onnxName;
            this.fold = fold;
        }

        /** The result from the accumulator, the number of elements folded and the exponent shift. */
        double finish(double acc, int count, double shift) {
            return switch (this) {
                case MEAN -> acc / count;
                case L2 -> Math.sqrt(acc);
                case LOG_SUM -> Math.log(acc);
                case LOG_SUM_EXP -> Math.log(acc) + shift;
                default -> acc;
            };
        }
    }

    /** How elements fold into a double accumulator. */
    enum Fold {
        SUM, SUM_ABS, SUM_SQUARE,
        /** The sum of exp(x - shift), with the shift (a maximum) keeping exp from overflowing. */
        SUM_EXP, PROD, MAX, MIN;

        double init() {
            return switch (this) {
                case PROD -> 1;
                case MAX -> Double.NEGATIVE_INFINITY;
                case MIN -> Double.POSITIVE_INFINITY;
                default -> 0;
            };
        }

        /** {@code acc} with elements {@code [from, from + n)} of {@code x} folded in. */
        double run(IntToDoubleFunction x, int from, int n, double acc, double shift) {
            int end = from + n;
            double a = acc;
            switch (this) {
                case SUM -> {
                    for (int i = from; i < end; i++) {
                        a += x.applyAsDouble(i);
                    }
                }
                case SUM_ABS -> {
                    for (int i = from; i < end; i++) {
                        a += Math.abs(x.applyAsDouble(i));
                    }
                }
                case SUM_SQUARE -> {
                    for (int i = from; i < end; i++) {
                        double v = x.applyAsDouble(i);
                        a += v * v;
                    }
                }
                case SUM_EXP -> {
                    for (int i = from; i < end; i++) {
                        a += Math.exp(x.applyAsDouble(i) - shift);
                    }
                }
                case PROD -> {
                    for (int i = from; i < end; i++) {
                        a *= x.applyAsDouble(i);
                    }
                }
                case MAX -> {
                    for (int i = from; i < end; i++) {
                        a = Math.max(a, x.applyAsDouble(i));
                    }
                }
                case MIN -> {
                    for (int i = from; i < end; i++) {
                        a = Math.min(a, x.applyAsDouble(i));
                    }
                }
            }
            return a;
        }

        /** {@code acc[at + j]} with element {@code from + j} of {@code x} folded in, for {@code j < n}. */
        void spread(IntToDoubleFunction x, int from, int n, double[] acc, int at, double[] shift) {
            switch (this) {
                case SUM -> {
                    for (int j = 0; j < n; j++) {
                        acc[at + j] += x.applyAsDouble(from + j);
                    }
                }
                case MAX -> {
                    for (int j = 0; j < n; j++) {
                        acc[at + j] = Math.max(acc[at + j], x.applyAsDouble(from + j));
                    }
                }
                case MIN -> {
                    for (int j = 0; j < n; j++) {
                        acc[at + j] = Math.min(acc[at + j], x.applyAsDouble(from + j));
                    }
                }
                default -> {
                    for (int j = 0; j < n; j++) {
                        acc[at + j] = run(x, from + j, 1, acc[at + j], shift == null ? 0 : shift[at + j]);
                    }
                }
            }
        }
    }

    /** The elements of a tensor as doubles; float32 read straight from its array. */
    static IntToDoubleFunction source(Tensor t) {
        if (t.type() == DataType.FLOAT) {
            float[] x = t.floats();
            return i -> x[i];
        }
        return t::getDouble;
    }

    /** Which of {@code rank} axes {@code axes} lists (each in [-rank, rank), none twice). */
    static boolean[] axisMask(NodeContext ctx, long[] axes, int rank) {
        boolean[] mask = new boolean[rank];
        for (long a : axes) {
            int axis = ShapeOps.axis(ctx, a, rank);
            if (mask[axis]) {
                throw ctx.fail("axis " + a + " is listed twice");
            }
            mask[axis] = true;
        }
        return mask;
    }

    /** A reduction over the axes of an attribute (or, in later opsets, of the second input). */
    private static final class Reduce implements Operator {
        private final Kind kind;
        private final boolean axesInput;

        Reduce(Kind kind, boolean axesInput) {
            this.kind = kind;
            this.axesInput = axesInput;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = ctx.requireType(0);
            Elements.checkNumeric(ctx, 0, t, true);
            return ctx.single(t, outputShape(ctx, ctx.inputShape(0)));
        }

        /**
         * Which axes of a rank-{@code rank} input are reduced, or null when the axes input's value is not
         * known yet. No axes means all of them, or none with {@code noop_with_empty_axes}. Without an
         * axes input, an {@code axes} attribute (which some exporters still write) is taken.
         */
        private boolean[] reducedAxes(NodeContext ctx, int rank) {
            long[] axes;
            if (axesInput && ctx.hasInput(1)) {
                axes = ctx.longValues(1);
                if (axes == null) {
                    return null;
                }
            } else {
                axes = ctx.node().attrInts("axes", new long[0]);
            }
            if (axes.length == 0) {
                boolean[] mask = new boolean[rank];
                Arrays.fill(mask, !axesInput || ctx.node().attrInt("noop_with_empty_axes", 0) == 0);
                return mask;
            }
            return axisMask(ctx, axes, rank);
        }

        private Shape outputShape(NodeContext ctx, Shape in) {
            if (in == null) {
                return null;
            }
            boolean keep = ctx.node().attrInt("keepdims", 1) != 0;
            boolean[] mask = reducedAxes(ctx, in.rank());
            if (mask == null) {
                int[] axesShape = ctx.staticShape(1);
                int rank = keep ? in.rank() : axesShape != null && axesShape.length == 1 && axesShape[0] > 0
                        ? in.rank() - axesShape[0] : -1;
                return rank < 0 ? null : Shape.of(java.util.Collections.nCopies(rank, Dim.unknown()));
            }
            List<Dim> dims = new ArrayList<>();
            for (int j = 0; j < mask.length; j++) {
                if (!mask[j]) {
                    dims.add(in.dim(j));
                } else if (keep) {
                    dims.add(Dim.of(1));
                }
            }
            return Shape.of(dims);
        }

        /**
         * How to reduce one input shape: the output shape, the number of elements folded per output,
         * and the walk; {@code outer} blocks (the kept axes in front of the first reduced one) are
         * independent, each {@code inBlock} inputs long and {@code outBlock} outputs.
         */
        private record Plan(int[] inShape, int[] outShape, boolean noop, int count, int outer, int inBlock,
                int outBlock, Broadcast walk) {
        }

        private Plan plan(NodeContext ctx, int[] shape) {
            boolean[] mask = reducedAxes(ctx, shape.length);
            int[] outShape = outputShape(ctx, Shape.of(shape)).toIntArray();
            int[] kept = shape.clone();
            int count = 1;
            int first = -1;
            for (int j = 0; j < shape.length; j++) {
                if (mask[j]) {
                    kept[j] = 1;
                    count *= shape[j];
                    first = first < 0 ? j : first;
                }
            }
            int outer = first < 0 ? 1 : ShapeOps.product(shape, 0, first);
            int total = ShapeOps.product(shape, 0, shape.length);
            int outSize = ShapeOps.product(kept, 0, kept.length);
            return new Plan(shape, outShape, first < 0, count, outer, outer == 0 ? 0 : total / outer,
                    outer == 0 ? 0 : outSize / outer, Broadcast.of(shape, kept));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            int[] shape = ctx.staticShape(0);
            Plan fixed = shape != null && reducedAxes(ctx, shape.length) != null ? plan(ctx, shape) : null;
            Node node = ctx.node();
            int opset = ctx.opset();
            return (in, ws) -> {
                Tensor x = in[0];
                Plan p = fixed != null && Arrays.equals(fixed.inShape(), x.shape()) ? fixed
                        : plan(NodeContext.ofTensors(node, opset, in), x.shape());
                if (p.noop()) {
                    return new Tensor[] {x};
                }
                Tensor out = ws.allocate(0, x.type(), p.outShape());
                IntToDoubleFunction src = source(x);
                int grain = Math.max(1, BinaryOp.GRAIN / Math.max(1, p.inBlock()));
                ws.parallel().forRange(p.outer(), grain, (s, e) -> reduceBlocks(p, src, out, s, e));
                return new Tensor[] {out};
            };
        }

        /** Reduces outer blocks {@code [s, e)} into their outputs. */
        private void reduceBlocks(Plan p, IntToDoubleFunction src, Tensor out, int s, int e) {
            int base = s * p.outBlock();
            double[] acc = new double[(e - s) * p.outBlock()];
            double[] shift = null;
            if (kind.fold == Fold.SUM_EXP) {
                shift = new double[acc.length];
                Arrays.fill(shift, Double.NEGATIVE_INFINITY);
                fold(Fold.MAX, p, src, s, e, shift, null);
                for (int j = 0; j < shift.length; j++) {
                    shift[j] = Double.isInfinite(shift[j]) ? 0 : shift[j];
                }
            }
            Arrays.fill(acc, kind.fold.init());
            fold(kind.fold, p, src, s, e, acc, shift);
            boolean isFloat = out.type() == DataType.FLOAT;
            float[] y = isFloat ? out.floats() : null;
            for (int j = 0; j < acc.length; j++) {
                double v = kind.finish(acc[j], p.count(), shift == null ? 0 : shift[j]);
                if (isFloat) {
                    y[base + j] = (float) v;
                } else {
                    Elements.set(out, base + j, v);
                }
            }
        }

        private static void fold(Fold fold, Plan p, IntToDoubleFunction src, int s, int e, double[] acc,
                double[] shift) {
            int base = s * p.outBlock();
            boolean spread = p.walk().innerStride(0) == 1;
            p.walk().forEachRun(s * p.inBlock(), e * p.inBlock(), (i, n, at) -> {
                int a = at[0] - base;
                if (spread) {
                    fold.spread(src, i, n, acc, a, shift);
                } else {
                    acc[a] = fold.run(src, i, n, acc[a], shift == null ? 0 : shift[a]);
                }
            });
        }
    }

    /** ArgMax and ArgMin along one axis, as int64; the first extreme, or the last with select_last_index. */
    private static final class ArgReduce implements Operator {
        private final boolean max;

        ArgReduce(boolean max) {
            this.max = max;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Elements.checkNumeric(ctx, 0, ctx.requireType(0), true);
            Shape in = ctx.inputShape(0);
            if (in == null) {
                return ctx.single(DataType.INT64, null);
            }
            int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), in.rank());
            List<Dim> dims = new ArrayList<>(in.dims());
            if (ctx.node().attrInt("keepdims", 1) != 0) {
                dims.set(axis, Dim.of(1));
            } else {
                dims.remove(axis);
            }
            return ctx.single(DataType.INT64, Shape.of(dims));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            int opset = ctx.opset();
            long axisAttr = node.attrInt("axis", 0);
            boolean last = node.attrInt("select_last_index", 0) != 0;
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.shape();
                NodeContext rc = NodeContext.ofTensors(node, opset, in);
                int axis = ShapeOps.axis(rc, axisAttr, shape.length);
                int len = shape[axis];
                if (len == 0) {
                    throw rc.fail("axis " + axis + " is empty: no " + (max ? "largest" : "smallest") + " element");
                }
                int inner = ShapeOps.product(shape, axis + 1, shape.length);
                int outer = ShapeOps.product(shape, 0, axis);
                Tensor out = ws.allocate(0, DataType.INT64, infer(rc).get(0).shape().toIntArray());
                long[] idx = out.longs();
                IntToDoubleFunction src = source(x);
                int grain = Math.max(1, BinaryOp.GRAIN / Math.max(1, len * inner));
                ws.parallel().forRange(outer, grain, (s, e) -> {
                    double[] best = new double[inner];
                    for (int o = s; o < e; o++) {
                        int base = o * len * inner;
                        for (int k = 0; k < inner; k++) {
                            best[k] = src.applyAsDouble(base + k);
                        }
                        for (int j = 1; j < len; j++) {
                            for (int k = 0; k < inner; k++) {
                                double v = src.applyAsDouble(base + j * inner + k);
                                double b = best[k];
                                if (max ? v > b || last && v == b : v < b || last && v == b) {
                                    best[k] = v;
                                    idx[o * inner + k] = j;
                                }
                            }
                        }
                    }
                });
                return new Tensor[] {out};
            };
        }
    }
}
