package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * Slice: opset 1 with starts, ends and axes attributes; opset 10 on with starts, ends, axes and steps
 * inputs (negative steps walk backwards). Out-of-range bounds are clamped as numpy does.
 */
public final class SliceOps {
    /** Elements a parallel chunk should move at least. */
    private static final int GRAIN = 1 << 15;

    private SliceOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Slice", 1, new Slice(false));
        r.register("Slice", 10, new Slice(true));
    }

    /** The requested bounds: for each listed axis (normalized), its start, end and step. */
    private record Request(int[] axes, long[] starts, long[] ends, long[] steps) {
    }

    /**
     * The first index and length along an axis of size {@code dim}, after the clamping rules: negative
     * bounds count from the end; a forward slice clamps to [0, dim], a backward one to [-1, dim - 1].
     */
    static long[] resolve(long start, long end, long step, long dim) {
        if (dim == 0) {
            return new long[] {0, 0};
        }
        long s = start < 0 ? start + dim : start;
        long e = end < 0 ? end + dim : end;
        if (step > 0) {
            s = Math.max(0, Math.min(dim, s));
            e = Math.max(0, Math.min(dim, e));
            return new long[] {s, e > s ? (e - s + step - 1) / step : 0};
        }
        s = Math.max(0, Math.min(dim - 1, s));
        e = Math.max(-1, Math.min(dim - 1, e));
        return new long[] {s, s > e ? (s - e - step - 1) / -step : 0};
    }

    static final class Slice implements Operator {
        private final boolean fromInputs;

        Slice(boolean fromInputs) {
            this.fromInputs = fromInputs;
        }

        /** The request, or null when an input holding it is not known yet. */
        private Request request(NodeContext ctx, int rank) {
            long[] starts;
            long[] ends;
            long[] axes;
            long[] steps = null;
            if (fromInputs) {
                starts = ctx.longValues(1);
                ends = ctx.longValues(2);
                axes = ctx.hasInput(3) ? ctx.longValues(3) : null;
                steps = ctx.hasInput(4) ? ctx.longValues(4) : null;
                if (starts == null || ends == null || (ctx.hasInput(3) && axes == null) || (ctx.hasInput(4) && steps == null)) {
                    return null;
                }
            } else {
                starts = ctx.node().attrInts("starts", null);
                ends = ctx.node().attrInts("ends", null);
                axes = ctx.node().attrInts("axes", null);
                if (starts == null || ends == null) {
                    throw ctx.fail("attributes 'starts' and 'ends' are required");
                }
            }
            int n = starts.length;
            if (ends.length != n || (axes != null && axes.length != n) || (steps != null && steps.length != n)) {
                throw ctx.fail("starts, ends, axes and steps have different lengths");
            }
            int[] ax = new int[n];
            boolean[] seen = new boolean[rank];
            for (int i = 0; i < n; i++) {
                ax[i] = axes == null ? i : ShapeOps.axis(ctx, axes[i], rank);
                if (ax[i] >= rank) {
                    throw ctx.fail(n + " starts for an input of rank " + rank);
                }
                if (seen[ax[i]]) {
                    throw ctx.fail("axis " + ax[i] + " is sliced twice");
                }
                seen[ax[i]] = true;
                if (steps != null && steps[i] == 0) {
                    throw ctx.fail("step is 0 on axis " + ax[i]);
                }
            }
            if (steps == null) {
                steps = new long[n];
                Arrays.fill(steps, 1);
            }
            return new Request(ax, starts, ends, steps);
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            Request req = in == null ? null : request(ctx, in.rank());
            if (req == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            List<Dim> out = new ArrayList<>(in.dims());
            for (int i = 0; i < req.axes.length; i++) {
                Dim d = in.dim(req.axes[i]);
                out.set(req.axes[i], d.isKnown()
                        ? Dim.of(resolve(req.starts[i], req.ends[i], req.steps[i], d.size())[1]) : Dim.unknown());
            }
            return ctx.single(ctx.inputType(0), Shape.of(out));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                Tensor x = in[0];
                int[] shape = x.shape();
                int rank = shape.length;
                Request req = request(NodeContext.ofTensors(ctx.node(), ctx.opset(), in), rank);
                int[] start = new int[rank];
                int[] step = new int[rank];
                int[] len = shape.clone();
                Arrays.fill(step, 1);
                for (int i = 0; i < req.axes.length; i++) {
                    int a = req.axes[i];
                    long[] r = resolve(req.starts[i], req.ends[i], req.steps[i], shape[a]);
                    start[a] = (int) r[0];
                    len[a] = (int) r[1];
                    // A step beyond the axis selects one element: any step that keeps the int range does.
                    step[a] = (int) Math.max(-shape[a], Math.min(shape[a], req.steps[i]));
                }
                // Trailing axes taken whole merge into the contiguous run of the last sliced one.
                int last = rank - 1;
                while (last >= 0 && start[last] == 0 && step[last] == 1 && len[last] == shape[last]) {
                    last--;
                }
                if (last < 0) {
                    return new Tensor[] {x};
                }
                Tensor out = ws.allocate(0, x.type(), len);
                if (out.size() == 0) {
                    return new Tensor[] {out};
                }
                copy(x.carrier(), shape, start, step, len, last, out.carrier(), ws);
                return new Tensor[] {out};
            };
        }

        private static void copy(Object src, int[] shape, int[] start, int[] step, int[] len, int last, Object dst,
                Workspace ws) {
            int[] stride = ShapeOps.strides(shape);
            int inner = ShapeOps.product(shape, last + 1, shape.length);
            int n = len[last];
            int rowLen = n * inner;
            int rows = ShapeOps.product(len, 0, last);
            int first = start[last] * stride[last];
            int s = step[last];
            ws.parallel().forRange(rows, Math.max(1, GRAIN / rowLen), (from, to) -> {
                for (int row = from; row < to; row++) {
                    int base = first;
                    for (int d = last - 1, q = row; d >= 0; d--) {
                        base += (start[d] + q % len[d] * step[d]) * stride[d];
                        q /= len[d];
                    }
                    int at = row * rowLen;
                    if (s == 1) {
                        System.arraycopy(src, base, dst, at, rowLen);
                    } else if (inner == 1) {
                        CarrierCopy.strided(src, base, s, dst, at, n);
                    } else {
                        for (int k = 0; k < n; k++) {
                            System.arraycopy(src, base + k * s * inner, dst, at + k * inner, inner);
                        }
                    }
                }
            });
        }
    }
}
