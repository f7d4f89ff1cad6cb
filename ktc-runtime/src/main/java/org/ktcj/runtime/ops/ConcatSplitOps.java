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
 * Concat and Split. Both see a tensor as [outer, axis * inner] rows: every row of every part is one
 * contiguous copy.
 */
public final class ConcatSplitOps {
    /** Elements a parallel chunk should move at least. */
    private static final int GRAIN = 1 << 15;

    private ConcatSplitOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Concat", 1, new Concat());
        r.register("Split", 1, new Split());
    }

    /** Concat along {@code axis} (opset 1 defaults it to 1; required from 4; negative from 11). */
    static final class Concat implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            int n = ctx.inputCount();
            if (n == 0) {
                throw ctx.fail("needs at least one input");
            }
            DataType type = null;
            for (int i = 0; i < n; i++) {
                DataType t = ctx.inputType(i);
                if (type != null && t != null && t != type) {
                    throw ctx.fail("inputs are " + type.displayName() + " and " + t.displayName() + "; they must have one type");
                }
                type = type == null ? t : type;
            }
            List<Shape> shapes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                if (ctx.inputShape(i) == null) {
                    return ctx.single(type, null);
                }
                shapes.add(ctx.inputShape(i));
            }
            int rank = shapes.get(0).rank();
            int axis = ShapeOps.axis(ctx, axisAttr(ctx), rank);
            List<Dim> out = new ArrayList<>(shapes.get(0).dims());
            long sum = 0;
            for (Shape s : shapes) {
                if (s.rank() != rank) {
                    throw ctx.fail("inputs have ranks " + rank + " and " + s.rank());
                }
                for (int d = 0; d < rank; d++) {
                    Dim dim = s.dim(d);
                    if (d == axis) {
                        sum = sum < 0 || !dim.isKnown() ? -1 : sum + dim.size();
                    } else if (dim.isKnown() && out.get(d).isKnown() && dim.size() != out.get(d).size()) {
                        throw ctx.fail("input shapes " + shapes.get(0) + " and " + s + " differ outside axis " + axis);
                    } else if (dim.isKnown()) {
                        out.set(d, dim);
                    }
                }
            }
            out.set(axis, sum < 0 ? Dim.unknown() : Dim.of(sum));
            return ctx.single(type, Shape.of(out));
        }

        private static long axisAttr(NodeContext ctx) {
            if (!ctx.node().hasAttribute("axis") && ctx.opset() >= 4) {
                throw ctx.fail("attribute 'axis' is missing");
            }
            return ctx.node().attrInt("axis", 1);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                int[] shape = ShapeOps.runtimeShape(this, ctx, in, 0);
                int axis = ShapeOps.axis(ctx, axisAttr(ctx), shape.length);
                int outer = ShapeOps.product(shape, 0, axis);
                int inner = ShapeOps.product(shape, axis + 1, shape.length);
                int parts = in.length;
                int[] block = new int[parts];
                int[] offset = new int[parts];
                for (int i = 0, off = 0; i < parts; i++) {
                    block[i] = in[i].dim(axis) * inner;
                    offset[i] = off;
                    off += block[i];
                }
                int row = shape[axis] * inner;
                Tensor out = ws.allocateUninitialized(0, in[0].type(), shape);
                Object dst = out.carrier();
                ws.parallel().forRange(outer * parts, Math.max(1, (int) ((long) GRAIN * parts / Math.max(1, row))), (start, end) -> {
                    for (int u = start; u < end; u++) {
                        int o = u / parts;
                        int i = u % parts;
                        System.arraycopy(in[i].carrier(), o * block[i], dst, o * row + offset[i], block[i]);
                    }
                });
                return new Tensor[] {out};
            };
        }
    }

    /**
     * Split along {@code axis} into the node's outputs: by the sizes in {@code split} (an attribute up to
     * opset 11, an input from 13; opset 1 allowed either), or into equal parts.
     */
    static final class Split implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType type = ctx.inputType(0);
            int parts = ctx.node().outputs().size();
            Shape in = ctx.inputShape(0);
            long[] split = ctx.hasInput(1) ? ctx.longValues(1) : ctx.node().attrInts("split", null);
            List<ValueInfo> outs = new ArrayList<>(parts);
            if (in == null || (ctx.hasInput(1) && split == null)) {
                for (int j = 0; j < parts; j++) {
                    outs.add(ctx.output(j, type, (Shape) null));
                }
                return outs;
            }
            int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), in.rank());
            Dim dim = in.dim(axis);
            if (split != null) {
                long sum = 0;
                for (long s : split) {
                    if (s < 0) {
                        throw ctx.fail("split " + Arrays.toString(split) + " has a negative size");
                    }
                    sum += s;
                }
                if (split.length != parts) {
                    throw ctx.fail("split " + Arrays.toString(split) + " has " + split.length + " sizes for " + parts + " outputs");
                }
                if (dim.isKnown() && sum != dim.size()) {
                    throw ctx.fail("split " + Arrays.toString(split) + " does not add up to dimension " + dim.size());
                }
            } else if (dim.isKnown() && dim.size() % parts != 0) {
                throw ctx.fail("dimension " + dim.size() + " does not split into " + parts + " equal parts");
            }
            for (int j = 0; j < parts; j++) {
                List<Dim> d = new ArrayList<>(in.dims());
                d.set(axis, split != null ? Dim.of(split[j]) : dim.isKnown() ? Dim.of(dim.size() / parts) : Dim.unknown());
                outs.add(ctx.output(j, type, Shape.of(d)));
            }
            return outs;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                List<ValueInfo> infos = infer(NodeContext.ofTensors(ctx.node(), ctx.opset(), in));
                int[] shape = in[0].shape();
                int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), shape.length);
                int outer = ShapeOps.product(shape, 0, axis);
                int inner = ShapeOps.product(shape, axis + 1, shape.length);
                int row = shape[axis] * inner;
                int parts = infos.size();
                Tensor[] outs = new Tensor[parts];
                int[] block = new int[parts];
                int[] offset = new int[parts];
                for (int j = 0, off = 0; j < parts; j++) {
                    outs[j] = ws.allocateUninitialized(j, in[0].type(), infos.get(j).shape().toIntArray());
                    block[j] = outs[j].dim(axis) * inner;
                    offset[j] = off;
                    off += block[j];
                }
                Object src = in[0].carrier();
                ws.parallel().forRange(outer * parts, Math.max(1, (int) ((long) GRAIN * parts / Math.max(1, row))), (start, end) -> {
                    for (int u = start; u < end; u++) {
                        int o = u / parts;
                        int j = u % parts;
                        System.arraycopy(src, o * row + offset[j], outs[j].carrier(), o * block[j], block[j]);
                    }
                });
                return outs;
            };
        }
    }
}
