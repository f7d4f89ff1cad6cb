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
 * Pad in modes constant, reflect (numpy's, the edge not repeated) and edge. Pads are
 * [x1_begin, x2_begin, ..., x1_end, x2_end]; a negative pad crops. Opset 1 names the attribute
 * {@code paddings}, opset 2 {@code pads}; from opset 11 pads and the constant are inputs (and an
 * optional axes input, as opset 18 has, says which axes the pads are for).
 */
public final class PadOps {
    /** Elements a parallel chunk should move at least. */
    private static final int GRAIN = 1 << 15;

    private PadOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Pad", 1, new Pad(1));
        r.register("Pad", 2, new Pad(2));
        r.register("Pad", 11, new Pad(11));
    }

    private enum Mode { CONSTANT, REFLECT, EDGE }

    static final class Pad implements Operator {
        private final int version;

        Pad(int version) {
            this.version = version;
        }

        /** Pads for every axis, [begin..., end...]; null when the pads input is not known yet. */
        private long[] pads(NodeContext ctx, int rank) {
            long[] given = switch (version) {
                case 1 -> ctx.node().attrInts("paddings", null);
                case 2 -> ctx.node().attrInts("pads", null);
                default -> ctx.longValues(1);
            };
            if (given == null) {
                if (version < 11 || !ctx.hasInput(1)) {
                    throw ctx.fail("pads are missing");
                }
                return null;
            }
            long[] axes = null;
            if (version >= 11 && ctx.hasInput(3)) {
                axes = ctx.longValues(3);
                if (axes == null) {
                    return null;
                }
            }
            int n = axes == null ? rank : axes.length;
            if (given.length != 2 * n) {
                throw ctx.fail("pads " + Arrays.toString(given) + " should have " + 2 * n + " values");
            }
            long[] pads = new long[2 * rank];
            for (int i = 0; i < n; i++) {
                int a = axes == null ? i : ShapeOps.axis(ctx, axes[i], rank);
                pads[a] = given[i];
                pads[a + rank] = given[i + n];
            }
            return pads;
        }

        private static Mode mode(NodeContext ctx) {
            String m = ctx.node().attrString("mode", "constant");
            return switch (m) {
                case "constant" -> Mode.CONSTANT;
                case "reflect" -> Mode.REFLECT;
                case "edge" -> Mode.EDGE;
                case "wrap" -> throw ctx.fail("unsupported: mode 'wrap'");
                default -> throw ctx.fail("unknown mode '" + m + "'");
            };
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            mode(ctx);
            Shape in = ctx.inputShape(0);
            long[] pads = in == null ? null : pads(ctx, in.rank());
            if (pads == null) {
                return ctx.single(ctx.inputType(0), null);
            }
            int rank = in.rank();
            List<Dim> out = new ArrayList<>(rank);
            for (int d = 0; d < rank; d++) {
                Dim dim = in.dim(d);
                long grow = pads[d] + pads[d + rank];
                if (!dim.isKnown()) {
                    out.add(grow == 0 ? dim : Dim.unknown());
                } else if (dim.size() + grow < 0) {
                    throw ctx.fail("pads " + Arrays.toString(pads) + " crop axis " + d + " of size " + dim.size() + " below 0");
                } else {
                    out.add(Dim.of(dim.size() + grow));
                }
            }
            return ctx.single(ctx.inputType(0), Shape.of(out));
        }

        /** The fill value as a one-element carrier of the data's type. */
        private Tensor constant(Tensor[] in, DataType type, NodeContext ctx) {
            if (version < 11) {
                return Tensor.scalar(ctx.node().attrFloat("value", 0f)).castTo(type);
            }
            if (in.length > 2 && in[2] != null) {
                if (in[2].size() != 1) {
                    throw ctx.fail("constant_value must hold one value, has " + in[2].size());
                }
                return in[2].castTo(type);
            }
            return Tensor.zeros(type, 1);
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Mode mode = mode(ctx);
            return (in, ws) -> {
                Tensor x = in[0];
                int[] inShape = x.shape();
                int rank = inShape.length;
                long[] pads = pads(NodeContext.ofTensors(ctx.node(), ctx.opset(), in), rank);
                int[] outShape = ShapeOps.runtimeShape(this, ctx, in, 0);
                int last = rank - 1;
                while (last >= 0 && pads[last] == 0 && pads[last + rank] == 0) {
                    last--;
                }
                if (last < 0) {
                    return new Tensor[] {x};
                }
                Tensor y = ws.allocate(0, x.type(), outShape);
                if (y.size() == 0) {
                    return new Tensor[] {y};
                }
                int[] begin = new int[rank];
                for (int d = 0; d < rank; d++) {
                    begin[d] = (int) pads[d];
                }
                if (mode == Mode.CONSTANT) {
                    Tensor value = constant(in, x.type(), ctx);
                    if (value.type() == DataType.STRING || value.getDouble(0) != 0) {
                        CarrierCopy.fill(y.carrier(), 0, y.size(), value.carrier());
                    }
                    copyInterior(x.carrier(), inShape, begin, last, y.carrier(), outShape, ws);
                } else {
                    for (int d = 0; d < rank; d++) {
                        if (inShape[d] == 0) {
                            throw ctx.fail("cannot pad empty axis " + d + " in mode " + mode.name().toLowerCase());
                        }
                    }
                    copyReplicated(x.carrier(), inShape, begin, mode, y.carrier(), outShape, ws);
                }
                return new Tensor[] {y};
            };
        }

        /**
         * Copies the part of the input that lands inside the output. Axes after {@code last} are not
         * padded, so they merge into the copy runs of axis {@code last}.
         */
        private static void copyInterior(Object src, int[] inShape, int[] begin, int last, Object dst, int[] outShape,
                Workspace ws) {
            int inner = ShapeOps.product(inShape, last + 1, inShape.length);
            int[] inStride = ShapeOps.strides(inShape);
            int[] outStride = ShapeOps.strides(outShape);
            int[] lo = new int[last + 1];
            int[] extent = new int[last + 1];
            for (int d = 0; d <= last; d++) {
                lo[d] = Math.max(0, begin[d]);
                extent[d] = Math.min(outShape[d], inShape[d] + begin[d]) - lo[d];
                if (extent[d] <= 0) {
                    return;
                }
            }
            int run = extent[last] * inner;
            ws.parallel().forRange(ShapeOps.product(extent, 0, last), Math.max(1, GRAIN / run), (from, to) -> {
                for (int row = from; row < to; row++) {
                    int s = (lo[last] - begin[last]) * inner;
                    int t = lo[last] * inner;
                    for (int d = last - 1, q = row; d >= 0; d--) {
                        int o = lo[d] + q % extent[d];
                        q /= extent[d];
                        s += (o - begin[d]) * inStride[d];
                        t += o * outStride[d];
                    }
                    System.arraycopy(src, s, dst, t, run);
                }
            });
        }

        /** Edge and reflect: every output element takes the input element its coordinates map to. */
        private static void copyReplicated(Object src, int[] inShape, int[] begin, Mode mode, Object dst, int[] outShape,
                Workspace ws) {
            int rank = inShape.length;
            int[] inStride = ShapeOps.strides(inShape);
            int width = outShape[rank - 1];
            int n = inShape[rank - 1];
            int b = begin[rank - 1];
            int[] lastMap = new int[width];
            for (int o = 0; o < width; o++) {
                lastMap[o] = source(o - b, n, mode);
            }
            int lo = Math.max(0, b);
            int hi = Math.min(width, n + b);
            ws.parallel().forRange(ShapeOps.product(outShape, 0, rank - 1), Math.max(1, GRAIN / width), (from, to) -> {
                for (int row = from; row < to; row++) {
                    int base = 0;
                    for (int d = rank - 2, q = row; d >= 0; d--) {
                        base += source(q % outShape[d] - begin[d], inShape[d], mode) * inStride[d];
                        q /= outShape[d];
                    }
                    int at = row * width;
                    if (hi > lo) {
                        CarrierCopy.gather(src, base, lastMap, 0, dst, at, lo);
                        System.arraycopy(src, base + lo - b, dst, at + lo, hi - lo);
                        CarrierCopy.gather(src, base, lastMap, hi, dst, at + hi, width - hi);
                    } else {
                        CarrierCopy.gather(src, base, lastMap, 0, dst, at, width);
                    }
                }
            });
        }

        /** The input index an out-of-range index {@code i} reads on an axis of size {@code n}. */
        private static int source(int i, int n, Mode mode) {
            if (i >= 0 && i < n) {
                return i;
            }
            if (mode == Mode.EDGE || n == 1) {
                return i < 0 ? 0 : n - 1;
            }
            int period = 2 * (n - 1);
            int r = Math.floorMod(i, period);
            return r < n ? r : period - r;
        }
    }
}
