package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * Expand (numpy broadcasting to a shape) and Tile, which is broadcasting too: tiling [s0, s1] by
 * [r0, r1] is broadcasting the view [1, s0, 1, s1] to [r0, s0, r1, s1]. Both copy with
 * {@link Broadcast}'s runs.
 */
public final class ExpandOps {
    /** Elements a parallel chunk should move at least. */
    private static final int GRAIN = 1 << 15;

    private ExpandOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Expand", 8, new Expand());
        r.register("Tile", 6, new Tile());
    }

    /** Output 0: {@code in} (read with shape {@code inShape}) broadcast to {@code viewShape}, shaped {@code outShape}. */
    private static Tensor broadcast(Tensor in, int[] inShape, int[] viewShape, int[] outShape, Workspace ws) {
        Tensor y = ws.allocate(0, in.type(), outShape);
        Broadcast b = Broadcast.of(viewShape, inShape);
        Object src = in.carrier();
        Object dst = y.carrier();
        ws.parallel().forRange(b.size(), GRAIN, (from, to) -> b.copy(0, src, dst, from, to));
        return y;
    }

    /** Expand: the input broadcast with the shape input (in both directions, as numpy does). */
    static final class Expand implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            long[] target = ctx.longValues(1);
            if (in == null || target == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            for (long t : target) {
                if (t < 0) {
                    throw ctx.fail("shape " + Arrays.toString(target) + " has a negative dimension");
                }
            }
            return ctx.single(ctx.inputType(0), Broadcast.shape(ctx, in, Shape.of(target)));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                int[] out = ShapeOps.runtimeShape(this, ctx, in, 0);
                return new Tensor[] {broadcast(in[0], in[0].shape(), out, out, ws)};
            };
        }
    }

    /** Tile: each axis repeated {@code repeats[axis]} times. */
    static final class Tile implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            long[] repeats = ctx.longValues(1);
            if (in == null || repeats == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            if (repeats.length != in.rank()) {
                throw ctx.fail("repeats " + Arrays.toString(repeats) + " do not fit rank " + in.rank());
            }
            List<Dim> out = new ArrayList<>(repeats.length);
            for (int d = 0; d < repeats.length; d++) {
                if (repeats[d] < 0) {
                    throw ctx.fail("repeats " + Arrays.toString(repeats) + " has a negative value");
                }
                Dim a = in.dim(d);
                out.add(repeats[d] == 1 ? a : a.isKnown() ? Dim.of(a.size() * repeats[d]) : Dim.unknown());
            }
            return ctx.single(ctx.inputType(0), Shape.of(out));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                long[] repeats = in[1].toLongArray();
                int[] out = ShapeOps.runtimeShape(this, ctx, in, 0);
                int[] s = in[0].shape();
                int rank = s.length;
                int[] srcView = new int[2 * rank];
                int[] outView = new int[2 * rank];
                for (int d = 0; d < rank; d++) {
                    srcView[2 * d] = 1;
                    srcView[2 * d + 1] = s[d];
                    outView[2 * d] = (int) repeats[d];
                    outView[2 * d + 1] = s[d];
                }
                return new Tensor[] {broadcast(in[0], srcView, outView, out, ws)};
            };
        }
    }
}
