package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Parallel;

/**
 * Transpose, and SpaceToDepth and DepthToSpace, which are transposes of a 6-D view of their input.
 *
 * <p>A permutation is first reduced: axes of size 1 are dropped and axes that stay adjacent are merged,
 * so NCHW to NHWC becomes a batch of 2-D transposes [C, HW] to [HW, C]. If the innermost axis stays in
 * place, whole rows move with one copy each; otherwise the last two output axes are walked in square
 * tiles, which keeps both the reads and the writes of a tile in cache.
 */
public final class TransposeOps {
    private static final int TILE = 32;
    /** Elements a parallel chunk should move at least, so that splitting pays for itself. */
    private static final int GRAIN = 1 << 14;

    private TransposeOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Transpose", 1, new Transpose());
        r.register("SpaceToDepth", 1, new SpaceToDepth());
        r.register("DepthToSpace", 1, new DepthToSpace());
    }

    /**
     * {@code in} (read with shape {@code shape}) permuted by {@code perm} into output 0, shaped
     * {@code outShape}; a view of {@code in} when the permutation moves no element.
     */
    static Tensor transpose(Tensor in, int[] shape, int[] perm, int[] outShape, Workspace ws) {
        Reduced r = Reduced.of(shape, perm);
        if (r.isIdentity()) {
            return in.reshape(outShape);
        }
        Tensor out = ws.allocateUninitialized(0, in.type(), outShape);
        r.permute(in.carrier(), out.carrier(), ws.parallel());
        return out;
    }

    /** A permutation with size-1 axes dropped and adjacent axes merged; shape in input order. */
    private record Reduced(int[] shape, int[] perm) {
        static Reduced of(int[] shape, int[] perm) {
            int rank = shape.length;
            int[] id = new int[rank];
            int kept = 0;
            for (int d = 0; d < rank; d++) {
                id[d] = shape[d] == 1 ? -1 : kept++;
            }
            int[] keptShape = new int[kept];
            for (int d = 0; d < rank; d++) {
                if (id[d] >= 0) {
                    keptShape[id[d]] = shape[d];
                }
            }
            // Runs of consecutive input axes, in output order.
            int[] first = new int[kept];
            int[] size = new int[kept];
            int groups = 0;
            int prev = -2;
            for (int p : perm) {
                int a = id[p];
                if (a < 0) {
                    continue;
                }
                if (a == prev + 1) {
                    size[groups - 1] *= keptShape[a];
                } else {
                    first[groups] = a;
                    size[groups++] = keptShape[a];
                }
                prev = a;
            }
            int[] outShape = new int[groups];
            int[] outPerm = new int[groups];
            for (int g = 0; g < groups; g++) {
                int position = 0; // the group's place in input order
                for (int h = 0; h < groups; h++) {
                    position += first[h] < first[g] ? 1 : 0;
                }
                outShape[position] = size[g];
                outPerm[g] = position;
            }
            return new Reduced(outShape, outPerm);
        }

        boolean isIdentity() {
            for (int i = 0; i < perm.length; i++) {
                if (perm[i] != i) {
                    return false;
                }
            }
            return true;
        }

        void permute(Object src, Object dst, Parallel parallel) {
            int n = shape.length;
            int[] inStrides = ShapeOps.strides(shape);
            int[] outShape = new int[n];
            int[] srcStride = new int[n]; // input stride of each output axis
            for (int i = 0; i < n; i++) {
                outShape[i] = shape[perm[i]];
                srcStride[i] = inStrides[perm[i]];
            }
            int total = ShapeOps.product(shape, 0, n);
            if (srcStride[n - 1] == 1) {
                int run = outShape[n - 1];
                parallel.forRange(total / run, Math.max(1, GRAIN / run), (start, end) -> {
                    for (int row = start; row < end; row++) {
                        System.arraycopy(src, offset(row, outShape, srcStride, n - 1), dst, row * run, run);
                    }
                });
                return;
            }
            int a = n - 2;
            int b = n - 1;
            int rows = outShape[a];
            int cols = outShape[b];
            int rowBlocks = (rows + TILE - 1) / TILE;
            int units = total / (rows * cols) * rowBlocks;
            parallel.forRange(units, Math.max(1, GRAIN / (TILE * cols)), (start, end) -> {
                for (int u = start; u < end; u++) {
                    int outer = u / rowBlocks;
                    int i0 = u % rowBlocks * TILE;
                    int i1 = Math.min(rows, i0 + TILE);
                    int base = offset(outer, outShape, srcStride, a);
                    int dstBase = outer * rows * cols;
                    for (int j0 = 0; j0 < cols; j0 += TILE) {
                        int len = Math.min(TILE, cols - j0);
                        for (int i = i0; i < i1; i++) {
                            CarrierCopy.strided(src, base + i * srcStride[a] + j0 * srcStride[b], srcStride[b],
                                    dst, dstBase + i * cols + j0, len);
                        }
                    }
                }
            });
        }

        /** Input offset of the output position whose first {@code axes} coordinates flatten to {@code index}. */
        private static int offset(int index, int[] outShape, int[] srcStride, int axes) {
            int off = 0;
            for (int d = axes - 1; d >= 0; d--) {
                off += index % outShape[d] * srcStride[d];
                index /= outShape[d];
            }
            return off;
        }
    }

    /** Transpose by {@code perm} (default: reversed axes). */
    static final class Transpose implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            if (in == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            int[] perm = perm(ctx, in.rank());
            List<Dim> out = new ArrayList<>(perm.length);
            for (int p : perm) {
                out.add(in.dim(p));
            }
            return ctx.single(ctx.inputType(0), Shape.of(out));
        }

        private static int[] perm(NodeContext ctx, int rank) {
            long[] attr = ctx.node().attrInts("perm", null);
            int[] perm = new int[rank];
            if (attr == null) {
                for (int i = 0; i < rank; i++) {
                    perm[i] = rank - 1 - i;
                }
                return perm;
            }
            if (attr.length != rank) {
                throw ctx.fail("perm " + Arrays.toString(attr) + " does not fit rank " + rank);
            }
            boolean[] seen = new boolean[rank];
            for (int i = 0; i < rank; i++) {
                int p = ShapeOps.axis(ctx, attr[i], rank);
                if (seen[p]) {
                    throw ctx.fail("perm " + Arrays.toString(attr) + " is not a permutation");
                }
                seen[p] = true;
                perm[i] = p;
            }
            return perm;
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                int[] shape = in[0].shape();
                int[] perm = perm(ctx, shape.length);
                int[] outShape = new int[perm.length];
                for (int i = 0; i < perm.length; i++) {
                    outShape[i] = shape[perm[i]];
                }
                return new Tensor[] {transpose(in[0], shape, perm, outShape, ws)};
            };
        }
    }

    /** The block size, checked against a 4-D input's shape. */
    private static int blockSize(NodeContext ctx, Shape in) {
        long b = ctx.node().attrInt("blocksize", -1);
        if (b <= 0) {
            throw ctx.fail("blocksize must be given and positive, got " + b);
        }
        if (in != null && in.rank() != 4) {
            throw ctx.fail("input must be 4-D [N, C, H, W], got rank " + in.rank());
        }
        return (int) b;
    }

    /** {@code d / b}, an error when it does not divide; unknown stays unknown. */
    private static Dim divide(NodeContext ctx, Dim d, long b, String what) {
        if (!d.isKnown()) {
            return Dim.unknown();
        }
        if (d.size() % b != 0) {
            throw ctx.fail(what + " " + d.size() + " is not divisible by " + b);
        }
        return Dim.of(d.size() / b);
    }

    private static Dim times(Dim d, long b) {
        return d.isKnown() ? Dim.of(d.size() * b) : Dim.unknown();
    }

    /** SpaceToDepth: [N, C, H, W] to [N, C*b*b, H/b, W/b], blocks moved in front of the channels. */
    static final class SpaceToDepth implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            int b = blockSize(ctx, in);
            if (in == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            return ctx.single(ctx.inputType(0), Shape.of(List.of(in.dim(0), times(in.dim(1), (long) b * b),
                    divide(ctx, in.dim(2), b, "height"), divide(ctx, in.dim(3), b, "width"))));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                int[] s = in[0].shape();
                int[] out = ShapeOps.runtimeShape(this, ctx, in, 0);
                int b = blockSize(ctx, null);
                int[] view = {s[0], s[1], out[2], b, out[3], b};
                return new Tensor[] {transpose(in[0], view, new int[] {0, 3, 5, 1, 2, 4}, out, ws)};
            };
        }
    }

    /** DepthToSpace: [N, C, H, W] to [N, C/(b*b), H*b, W*b]; mode DCR (default) or CRD (opset 11). */
    static final class DepthToSpace implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape in = ctx.inputShape(0);
            int b = blockSize(ctx, in);
            crd(ctx);
            if (in == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            return ctx.single(ctx.inputType(0), Shape.of(List.of(in.dim(0), divide(ctx, in.dim(1), (long) b * b, "channels"),
                    times(in.dim(2), b), times(in.dim(3), b))));
        }

        private static boolean crd(NodeContext ctx) {
            String mode = ctx.node().attrString("mode", "DCR");
            if (!mode.equals("DCR") && !mode.equals("CRD")) {
                throw ctx.fail("mode must be DCR or CRD, got '" + mode + "'");
            }
            return mode.equals("CRD");
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                int[] s = in[0].shape();
                int[] out = ShapeOps.runtimeShape(this, ctx, in, 0);
                int b = blockSize(ctx, null);
                int c = out[1];
                Tensor y = crd(ctx)
                        ? transpose(in[0], new int[] {s[0], c, b, b, s[2], s[3]}, new int[] {0, 1, 4, 2, 5, 3}, out, ws)
                        : transpose(in[0], new int[] {s[0], b, b, c, s[2], s[3]}, new int[] {0, 3, 4, 1, 5, 2}, out, ws);
                return new Tensor[] {y};
            };
        }
    }
}
