package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * The data-movement operators that only change a shape, whose kernels return views of their input:
 * Reshape, Flatten, Squeeze, Unsqueeze, and Shape and Size, which read one. Also the small shape helpers
 * the data-movement families ({@link TransposeOps}, {@link SliceOps}, ...) share.
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    public static void register(OperatorRegistry r) {
        r.register("Reshape", 1, new Reshape(false));
        r.register("Reshape", 5, new Reshape(true));
        r.register("Flatten", 1, new Flatten());
        r.register("Squeeze", 1, new Squeeze(false));
        r.register("Squeeze", 13, new Squeeze(true));
        r.register("Unsqueeze", 1, new Unsqueeze(false));
        r.register("Unsqueeze", 13, new Unsqueeze(true));
        r.register("Shape", 1, new ShapeOf());
        r.register("Size", 1, new Size());
    }

    // ---- helpers shared by the data-movement families --------------------------------------------

    /** {@code axis} in [-rank, rank) as an index in [0, rank); an error naming the node otherwise. */
    static int axis(NodeContext ctx, long axis, int rank) {
        if (axis < -rank || axis >= rank) {
            throw ctx.fail("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Product of {@code shape[from, to)}. */
    static int product(int[] shape, int from, int to) {
        int n = 1;
        for (int i = from; i < to; i++) {
            n *= shape[i];
        }
        return n;
    }

    /** Row-major strides of a shape. */
    static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int n = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = n;
            n *= shape[i];
        }
        return s;
    }

    /** The product of dimensions: known when all are; a symbol times ones stays that symbol. */
    static Dim product(List<Dim> dims) {
        long n = 1;
        Dim symbolic = null;
        int unknown = 0;
        for (Dim d : dims) {
            if (d.isKnown()) {
                n *= d.size();
            } else {
                symbolic = d;
                unknown++;
            }
        }
        if (unknown == 0 || n == 0) {
            return Dim.of(n);
        }
        return unknown == 1 && n == 1 ? symbolic : Dim.unknown();
    }

    /**
     * Output {@code output}'s concrete shape at run time, from the operator's own {@link Operator#infer}
     * over the actual inputs (the one home of the shape rules).
     */
    static int[] runtimeShape(Operator op, NodeContext plan, Tensor[] inputs, int output) {
        return op.infer(NodeContext.ofTensors(plan.node(), plan.opset(), inputs)).get(output).shape().toIntArray();
    }

    /** A kernel that returns its first input viewed with the shape {@code op} infers for it. */
    static Kernel viewKernel(Operator op, NodeContext ctx) {
        return (in, ws) -> new Tensor[] {in[0].reshape(runtimeShape(op, ctx, in, 0))};
    }

    /** The axes of Squeeze and Unsqueeze: input 1 (opset 13) or the attribute; null when absent or not known yet. */
    private static long[] axesOf(NodeContext ctx, boolean fromInput, int input) {
        return fromInput ? ctx.longValues(input) : ctx.node().attrInts("axes", null);
    }

    // ---- operators ----------------------------------------------------------------------------------

    /** Reshape: opset 1 takes the shape as an attribute, 5+ as an input; allowzero (14+) keeps zeros. */
    static final class Reshape implements Operator {
        private final boolean shapeInput;

        Reshape(boolean shapeInput) {
            this.shapeInput = shapeInput;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            long[] target = shapeInput ? ctx.longValues(1) : ctx.node().attrInts("shape", null);
            if (!shapeInput && target == null) {
                throw ctx.fail("attribute 'shape' is missing");
            }
            Shape in = ctx.inputShape(0);
            Shape out = target == null || in == null ? null
                    : reshaped(ctx, in, target, ctx.node().attrInt("allowzero", 0) != 0);
            return ctx.single(ctx.inputType(0), out);
        }

        private static Shape reshaped(NodeContext ctx, Shape in, long[] target, boolean allowZero) {
            List<Dim> out = new ArrayList<>(target.length);
            int inferred = -1;
            boolean hasZero = false;
            for (int i = 0; i < target.length; i++) {
                long v = target[i];
                if (v == -1) {
                    if (inferred >= 0) {
                        throw ctx.fail("shape " + Arrays.toString(target) + " has more than one -1");
                    }
                    inferred = i;
                    out.add(Dim.unknown());
                } else if (v == 0 && !allowZero) {
                    if (i >= in.rank()) {
                        throw ctx.fail("shape " + Arrays.toString(target) + " copies dimension " + i
                                + " of an input of rank " + in.rank());
                    }
                    out.add(in.dim(i));
                } else if (v < 0) {
                    throw ctx.fail("shape " + Arrays.toString(target) + " has invalid dimension " + v);
                } else {
                    hasZero |= v == 0;
                    out.add(Dim.of(v));
                }
            }
            if (hasZero && inferred >= 0) {
                throw ctx.fail("shape " + Arrays.toString(target) + " has both 0 (with allowzero=1) and -1");
            }
            if (!in.isStatic()) {
                return Shape.of(out);
            }
            long total = in.elementCount();
            Dim rest = product(inferred < 0 ? out : without(out, inferred));
            if (!rest.isKnown()) {
                return Shape.of(out);
            }
            if (inferred >= 0) {
                if (rest.size() == 0 || total % rest.size() != 0) {
                    throw ctx.fail("cannot reshape " + in + " to " + Arrays.toString(target));
                }
                out.set(inferred, Dim.of(total / rest.size()));
            } else if (rest.size() != total) {
                throw ctx.fail("cannot reshape " + in + " (" + total + " elements) to " + Shape.of(out));
            }
            return Shape.of(out);
        }

        private static List<Dim> without(List<Dim> dims, int index) {
            List<Dim> rest = new ArrayList<>(dims);
            rest.remove(index);
            return rest;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return viewKernel(this, ctx);
        }
    }

    /** Flatten to 2-D at {@code axis} (default 1; negative from opset 11, accepted always). */
    static final class Flatten implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            if (in == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            int rank = in.rank();
            long a = ctx.node().attrInt("axis", 1);
            if (a < -rank || a > rank) {
                throw ctx.fail("axis " + a + " is out of range for rank " + rank);
            }
            int axis = (int) (a < 0 ? a + rank : a);
            List<Dim> d = in.dims();
            return ctx.single(ctx.inputType(0), Shape.of(List.of(product(d.subList(0, axis)), product(d.subList(axis, rank)))));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return viewKernel(this, ctx);
        }
    }

    /** Squeeze: axes attribute before opset 13, input from 13; without axes every 1 goes. */
    static final class Squeeze implements Operator {
        private final boolean axesInput;

        Squeeze(boolean axesInput) {
            this.axesInput = axesInput;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType type = ctx.inputType(0);
            Shape in = ctx.inputShape(0);
            long[] axes = axesOf(ctx, axesInput, 1);
            if (in == null || (axesInput && ctx.hasInput(1) && axes == null)) {
                return ctx.single(type, null);
            }
            int rank = in.rank();
            boolean[] drop = new boolean[rank];
            if (axes == null) {
                for (int i = 0; i < rank; i++) {
                    if (!in.dim(i).isKnown()) {
                        return ctx.single(type, null); // whether it is 1 decides the rank
                    }
                    drop[i] = in.dim(i).size() == 1;
                }
            } else {
                for (long a : axes) {
                    int i = axis(ctx, a, rank);
                    if (in.dim(i).isKnown() && in.dim(i).size() != 1) {
                        throw ctx.fail("cannot squeeze axis " + a + " of size " + in.dim(i).size());
                    }
                    drop[i] = true;
                }
            }
            List<Dim> out = new ArrayList<>();
            for (int i = 0; i < rank; i++) {
                if (!drop[i]) {
                    out.add(in.dim(i));
                }
            }
            return ctx.single(type, Shape.of(out));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return viewKernel(this, ctx);
        }
    }

    /** Unsqueeze: axes attribute before opset 13, input from 13; axes index the output. */
    static final class Unsqueeze implements Operator {
        private final boolean axesInput;

        Unsqueeze(boolean axesInput) {
            this.axesInput = axesInput;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType type = ctx.inputType(0);
            Shape in = ctx.inputShape(0);
            long[] axes = axesOf(ctx, axesInput, 1);
            if (axes == null && (!axesInput || !ctx.hasInput(1))) {
                throw ctx.fail("axes are missing");
            }
            if (in == null || axes == null) {
                return ctx.single(type, null);
            }
            int rank = in.rank() + axes.length;
            boolean[] inserted = new boolean[rank];
            for (long a : axes) {
                int i = axis(ctx, a, rank);
                if (inserted[i]) {
                    throw ctx.fail("axis " + a + " is repeated in " + Arrays.toString(axes));
                }
                inserted[i] = true;
            }
            List<Dim> out = new ArrayList<>(rank);
            for (int i = 0, j = 0; i < rank; i++) {
                out.add(inserted[i] ? Dim.of(1) : in.dim(j++));
            }
            return ctx.single(type, Shape.of(out));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return viewKernel(this, ctx);
        }
    }

    /** Shape, as int64; opset 15's start and end take a slice of it (absent before, so defaults hold). */
    static final class ShapeOf implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            if (in == null) {
                return ctx.single(DataType.INT64, null);
            }
            int[] r = range(ctx, in.rank());
            return ctx.single(DataType.INT64, Shape.of(r[1] - r[0]));
        }

        /** The [start, end) of the dimensions reported, clamped to the rank. */
        private static int[] range(NodeContext ctx, int rank) {
            long start = ctx.node().attrInt("start", 0);
            long end = ctx.node().attrInt("end", rank);
            start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
            end = Math.max(start, Math.min(rank, end < 0 ? end + rank : end));
            return new int[] {(int) start, (int) end};
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                long[] dims = dims(ctx, in[0].shape());
                Tensor out = ws.allocate(0, DataType.INT64, new int[] {dims.length});
                System.arraycopy(dims, 0, out.longs(), 0, dims.length);
                return new Tensor[] {out};
            };
        }

        @Override
        public Tensor[] valuesFromShapes(NodeContext ctx) {
            int[] shape = ctx.staticShape(0);
            if (shape == null) {
                return null;
            }
            long[] dims = dims(ctx, shape);
            return new Tensor[] {Tensor.ofLongs(dims, dims.length)};
        }

        private static long[] dims(NodeContext ctx, int[] shape) {
            int[] r = range(ctx, shape.length);
            long[] out = new long[r[1] - r[0]];
            for (int i = r[0]; i < r[1]; i++) {
                out[i - r[0]] = shape[i];
            }
            return out;
        }
    }

    /** Size: the element count as an int64 scalar. */
    static final class Size implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            return ctx.single(DataType.INT64, Shape.of(new int[0]));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                Tensor out = ws.allocate(0, DataType.INT64, new int[0]);
                out.longs()[0] = in[0].size();
                return new Tensor[] {out};
            };
        }

        @Override
        public Tensor[] valuesFromShapes(NodeContext ctx) {
            int[] shape = ctx.staticShape(0);
            return shape == null ? null : new Tensor[] {Tensor.ofLongs(new long[] {Tensor.elementCount(shape)})};
        }
    }
}
