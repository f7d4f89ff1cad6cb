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
 * Index-driven data movement: Gather, GatherElements, ScatterND and NonZero. Indices may be negative
 * (counting from the end); one out of range is an error naming the node.
 */
public final class GatherOps {
    /** Elements a parallel chunk should move at least. */
    private static final int GRAIN = 1 << 15;

    private GatherOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Gather", 1, new Gather());
        r.register("GatherElements", 11, new GatherElements());
        r.register("ScatterND", 11, new ScatterND());
        r.register("NonZero", 9, new NonZero());
    }

    /** {@code index} in [-size, size) as a position in [0, size). */
    private static int position(NodeContext ctx, long index, int size, int axis) {
        if (index < -size || index >= size) {
            throw ctx.fail("index " + index + " is out of range for axis " + axis + " of size " + size);
        }
        return (int) (index < 0 ? index + size : index);
    }

    private static void checkIndexType(NodeContext ctx, int input) {
        ctx.checkType(input, DataType.INT64, DataType.INT32);
    }

    /** Gather: slices of the data along {@code axis} picked by the indices; out = data[:axis] + indices + data[axis+1:]. */
    static final class Gather implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            checkIndexType(ctx, 1);
            Shape data = ctx.inputShape(0);
            Shape idx = ctx.inputShape(1);
            if (data == null || idx == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), data.rank());
            List<Dim> out = new ArrayList<>(data.dims().subList(0, axis));
            out.addAll(idx.dims());
            out.addAll(data.dims().subList(axis + 1, data.rank()));
            return ctx.single(ctx.inputType(0), Shape.of(out));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                Tensor data = in[0];
                int[] shape = data.shape();
                int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), shape.length);
                int n = shape[axis];
                int outer = ShapeOps.product(shape, 0, axis);
                int inner = ShapeOps.product(shape, axis + 1, shape.length);
                int m = in[1].size();
                int[] pick = new int[m];
                for (int j = 0; j < m; j++) {
                    pick[j] = position(ctx, in[1].getLong(j), n, axis);
                }
                Tensor y = ws.allocate(0, data.type(), ShapeOps.runtimeShape(this, ctx, in, 0));
                Object src = data.carrier();
                Object dst = y.carrier();
                if (inner == 1) {
                    ws.parallel().forRange(outer, Math.max(1, GRAIN / Math.max(1, m)), (from, to) -> {
                        for (int o = from; o < to; o++) {
                            CarrierCopy.gather(src, o * n, pick, 0, dst, o * m, m);
                        }
                    });
                } else {
                    ws.parallel().forRange(outer * m, Math.max(1, GRAIN / inner), (from, to) -> {
                        for (int u = from; u < to; u++) {
                            System.arraycopy(src, (u / m * n + pick[u % m]) * inner, dst, u * inner, inner);
                        }
                    });
                }
                return new Tensor[] {y};
            };
        }
    }

    /** GatherElements: out[i][j][k] = data[i][indices[i][j][k]][k] for axis 1, and likewise for any axis. */
    static final class GatherElements implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            checkIndexType(ctx, 1);
            Shape data = ctx.inputShape(0);
            Shape idx = ctx.inputShape(1);
            if (data != null && idx != null) {
                if (data.rank() != idx.rank()) {
                    throw ctx.fail("data has rank " + data.rank() + ", indices rank " + idx.rank());
                }
                ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), data.rank());
            }
            return ctx.single(ctx.inputType(0), idx);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                Tensor data = in[0];
                Tensor idx = in[1];
                int[] shape = data.shape();
                int[] idxShape = idx.shape();
                int rank = shape.length;
                infer(NodeContext.ofTensors(ctx.node(), ctx.opset(), in));
                int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", 0), rank);
                for (int d = 0; d < rank; d++) {
                    if (d != axis && idxShape[d] > shape[d]) {
                        throw ctx.fail("indices shape " + Arrays.toString(idxShape) + " exceeds data shape "
                                + Arrays.toString(shape) + " outside axis " + axis);
                    }
                }
                int[] stride = ShapeOps.strides(shape);
                int size = idx.size();
                int[] from = new int[size];
                int[] pos = new int[rank];
                for (int e = 0; e < size; e++) {
                    int off = 0;
                    for (int d = 0; d < rank; d++) {
                        off += (d == axis ? position(ctx, idx.getLong(e), shape[axis], axis) : pos[d]) * stride[d];
                    }
                    from[e] = off;
                    for (int d = rank - 1; d >= 0 && ++pos[d] == idxShape[d]; d--) {
                        pos[d] = 0;
                    }
                }
                Tensor y = ws.allocate(0, data.type(), idxShape);
                CarrierCopy.gather(data.carrier(), 0, from, 0, y.carrier(), 0, size);
                return new Tensor[] {y};
            };
        }
    }

    /**
     * ScatterND: a copy of the data with the slices the index tuples address replaced by (opset 16
     * reduction: combined with) the updates.
     */
    static final class ScatterND implements Operator {
        private enum Reduction { NONE, ADD, MUL, MAX, MIN }

        private static Reduction reduction(NodeContext ctx) {
            String r = ctx.node().attrString("reduction", "none");
            return switch (r) {
                case "none" -> Reduction.NONE;
                case "add" -> Reduction.ADD;
                case "mul" -> Reduction.MUL;
                case "max" -> Reduction.MAX;
                case "min" -> Reduction.MIN;
                default -> throw ctx.fail("unknown reduction '" + r + "'");
            };
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            reduction(ctx);
            ctx.checkType(1, DataType.INT64);
            Shape data = ctx.inputShape(0);
            int[] idx = ctx.staticShape(1);
            int[] upd = ctx.staticShape(2);
            int[] dataStatic = ctx.staticShape(0);
            if (dataStatic != null && idx != null && upd != null) {
                int k = idx.length == 0 ? -1 : idx[idx.length - 1];
                if (k < 0 || k > dataStatic.length) {
                    throw ctx.fail("indices shape " + Arrays.toString(idx) + " does not fit data of rank " + dataStatic.length);
                }
                int[] expected = new int[idx.length - 1 + dataStatic.length - k];
                System.arraycopy(idx, 0, expected, 0, idx.length - 1);
                System.arraycopy(dataStatic, k, expected, idx.length - 1, dataStatic.length - k);
                if (!Arrays.equals(expected, upd)) {
                    throw ctx.fail("updates have shape " + Arrays.toString(upd) + ", expected " + Arrays.toString(expected));
                }
            }
            return ctx.single(ctx.inputType(0), data);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Reduction reduction = reduction(ctx);
            return (in, ws) -> {
                infer(NodeContext.ofTensors(ctx.node(), ctx.opset(), in));
                Tensor data = in[0];
                Tensor idx = in[1];
                Tensor upd = in[2];
                int[] shape = data.shape();
                int k = idx.dim(idx.rank() - 1);
                int slice = ShapeOps.product(shape, k, shape.length);
                int[] stride = ShapeOps.strides(shape);
                Tensor y = ws.allocate(0, data.type(), shape);
                System.arraycopy(data.carrier(), 0, y.carrier(), 0, data.size());
                long[] index = idx.longs();
                int tuples = ShapeOps.product(idx.shape(), 0, idx.rank() - 1);
                for (int t = 0; t < tuples; t++) {
                    int off = 0;
                    for (int j = 0; j < k; j++) {
                        off += position(ctx, index[t * k + j], shape[j], j) * stride[j];
                    }
                    if (reduction == Reduction.NONE) {
                        System.arraycopy(upd.carrier(), t * slice, y.carrier(), off, slice);
                    } else {
                        combine(reduction, y, off, upd, t * slice, slice);
                    }
                }
                return new Tensor[] {y};
            };
        }

        private static void combine(Reduction r, Tensor y, int at, Tensor upd, int from, int n) {
            boolean integral = Elements.Domain.of(y.type()) == Elements.Domain.LONG;
            for (int i = 0; i < n; i++) {
                if (integral) {
                    long a = y.getLong(at + i);
                    long b = upd.getLong(from + i);
                    Elements.setLong(y, at + i, switch (r) {
                        case ADD -> a + b;
                        case MUL -> a * b;
                        case MAX -> Math.max(a, b);
                        default -> Math.min(a, b);
                    });
                } else {
                    double a = y.getDouble(at + i);
                    double b = upd.getDouble(from + i);
                    Elements.set(y, at + i, switch (r) {
                        case ADD -> a + b;
                        case MUL -> a * b;
                        case MAX -> Math.max(a, b);
                        default -> Math.min(a, b);
                    });
                }
            }
        }
    }

    /** NonZero: the coordinates of the non-zero elements, as int64 [rank, count] (a scalar counts as 1-D). */
    static final class NonZero implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Tensor v = ctx.value(0);
            Shape in = ctx.inputShape(0);
            if (in == null) {
                return ctx.single(DataType.INT64, null);
            }
            Dim count = v == null ? Dim.unknown() : Dim.of(nonZeros(v));
            return ctx.single(DataType.INT64, Shape.of(List.of(Dim.of(Math.max(1, in.rank())), count)));
        }

        private static int nonZeros(Tensor t) {
            int n = 0;
            for (int e = 0; e < t.size(); e++) {
                n += t.getDouble(e) != 0 ? 1 : 0;
            }
            return n;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.rank() == 0 ? new int[] {1} : x.shape();
                int rank = shape.length;
                int count = nonZeros(x);
                Tensor y = ws.allocate(0, DataType.INT64, new int[] {rank, count});
                long[] out = y.longs();
                int[] pos = new int[rank];
                for (int e = 0, j = 0; e < x.size(); e++) {
                    if (x.getDouble(e) != 0) {
                        for (int d = 0; d < rank; d++) {
                            out[d * count + j] = pos[d];
                        }
                        j++;
                    }
                    for (int d = rank - 1; d >= 0 && ++pos[d] == shape[d]; d--) {
                        pos[d] = 0;
                    }
                }
                return new Tensor[] {y};
            };
        }
    }
}
