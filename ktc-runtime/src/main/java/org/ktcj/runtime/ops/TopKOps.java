package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * TopK: the k largest (or, opset 11, smallest) elements along an axis and their int64 indices, in
 * order; equal values keep their original order. k is an attribute in opset 1 and an input from 10.
 */
public final class TopKOps {
    private TopKOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("TopK", 1, new TopK(false));
        r.register("TopK", 10, new TopK(true));
    }

    static final class TopK implements Operator {
        private final boolean kInput;

        TopK(boolean kInput) {
            this.kInput = kInput;
        }

        /** k, or -1 when the k input is not known yet. */
        private long k(NodeContext ctx) {
            long k;
            if (kInput) {
                long[] v = ctx.longValues(1);
                if (v == null) {
                    return -1;
                }
                if (v.length != 1) {
                    throw ctx.fail("k must hold one value, has " + v.length);
                }
                k = v[0];
            } else {
                k = ctx.node().attrInt("k", -1);
            }
            if (k < 0) {
                throw ctx.fail("k must be given and not negative, got " + k);
            }
            return k;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            long k = k(ctx);
            Shape out = null;
            if (in != null) {
                int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", -1), in.rank());
                Dim d = in.dim(axis);
                if (k >= 0 && d.isKnown() && k > d.size()) {
                    throw ctx.fail("k = " + k + " exceeds axis " + axis + " of size " + d.size());
                }
                List<Dim> dims = new ArrayList<>(in.dims());
                dims.set(axis, k < 0 ? Dim.unknown() : Dim.of(k));
                out = Shape.of(dims);
            }
            List<ValueInfo> outs = new ArrayList<>(2);
            outs.add(ctx.output(0, ctx.inputType(0), out));
            outs.add(ctx.output(1, DataType.INT64, out));
            return outs;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            boolean largest = ctx.node().attrInt("largest", 1) != 0;
            return (in, ws) -> {
                Tensor x = in[0];
                int[] outShape = ShapeOps.runtimeShape(this, ctx, in, 0);
                int[] shape = x.shape();
                int axis = ShapeOps.axis(ctx, ctx.node().attrInt("axis", -1), shape.length);
                int n = shape[axis];
                int k = outShape[axis];
                int inner = ShapeOps.product(shape, axis + 1, shape.length);
                int slices = ShapeOps.product(shape, 0, axis) * inner;
                long[] keys = sortKeys(x, largest);
                Tensor values = ws.allocate(0, x.type(), outShape);
                Tensor indices = ws.allocate(1, DataType.INT64, outShape);
                Object src = x.carrier();
                Object dst = values.carrier();
                long[] idx = indices.longs();
                ws.parallel().forRange(slices, Math.max(1, 4096 / Math.max(1, n)), (from, to) -> {
                    long[] key = new long[n];
                    int[] order = new int[n];
                    int[] tmp = new int[n];
                    for (int s = from; s < to; s++) {
                        int o = s / inner;
                        int i = s % inner;
                        for (int t = 0; t < n; t++) {
                            key[t] = keys[(o * n + t) * inner + i];
                            order[t] = t;
                        }
                        sort(order, tmp, key, 0, n);
                        for (int j = 0; j < k; j++) {
                            int at = (o * k + j) * inner + i;
                            System.arraycopy(src, (o * n + order[j]) * inner + i, dst, at, 1);
                            idx[at] = order[j];
                        }
                    }
                });
                return new Tensor[] {values, indices};
            };
        }

        /**
         * Every element as a long whose signed order is the wanted order (ascending for smallest, so
         * descending values are complemented): integers as they are, floating-point values by their bits.
         */
        private static long[] sortKeys(Tensor x, boolean largest) {
            long[] keys = new long[x.size()];
            boolean floating = x.type().isFloatingPoint();
            long flip = x.type() == DataType.UINT64 ? Long.MIN_VALUE : 0;
            for (int e = 0; e < keys.length; e++) {
                long key;
                if (floating) {
                    double v = x.getDouble(e);
                    long bits = Double.doubleToLongBits(v == 0 ? 0.0 : v);
                    key = bits < 0 ? bits ^ Long.MAX_VALUE : bits;
                } else {
                    key = x.getLong(e) ^ flip;
                }
                keys[e] = largest ? ~key : key;
            }
            return keys;
        }

        /** Stable merge sort of {@code order[from, to)} by {@code key[order[i]]}. */
        private static void sort(int[] order, int[] tmp, long[] key, int from, int to) {
            if (to - from < 2) {
                return;
            }
            int mid = (from + to) >>> 1;
            sort(order, tmp, key, from, mid);
            sort(order, tmp, key, mid, to);
            if (key[order[mid - 1]] <= key[order[mid]]) {
                return;
            }
            System.arraycopy(order, from, tmp, from, to - from);
            for (int i = from, a = from, b = mid; i < to; i++) {
                order[i] = b >= to || a < mid && key[tmp[a]] <= key[tmp[b]] ? tmp[a++] : tmp[b++];
            }
        }
    }
}
