package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.ConvGeometry;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.PlanCache;
import org.ktcj.runtime.ops.Workspace;

/**
 * ktc.fx Conv: {@code acc[m] = B[m] + sum X * W} over the window (ONNX Conv's attributes, zero padding),
 * requantized per output channel. X INT8/INT16, W INT8/INT16, B INT64 (optional).
 *
 * <p>Where the sums can be cut into passes that stay exact in float ({@link FloatExactConv}), the float
 * simulator's convolution kernels compute it. Otherwise columns of the input for a block of output
 * positions are gathered once ({@link Im2Col}) and multiplied by every output channel's weights
 * ({@link IntProduct}); blocks of positions and of output channels are split across threads.
 */
final class FxConv extends RequantOperator {
    /** Column blocks are sized to about this many ints, to stay in the L2 cache. */
    private static final int COLUMN_INTS = 1 << 16;

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        Requantizer rq = checkProduct(ctx);
        DataType out = FxAttrs.outputType(ctx);
        Shape w = ctx.inputShape(1);
        if (w != null && w.rank() > 0 && w.dim(0).isKnown()) {
            rq.checkChannels(ctx, Math.toIntExact(w.dim(0).size()));
        }
        return ctx.single(out, ConvGeometry.convOutputShape(ctx));
    }

    @Override
    Kernel kernel(NodeContext ctx, DataType outType, Requantizer rq) {
        Node node = ctx.node();
        int opset = ctx.opset();
        Weights constant = ctx.value(1) != null && (!ctx.hasInput(2) || ctx.value(2) != null)
                ? Weights.of(ctx, ctx.value(1), ctx.value(2)) : null;
        PlanCache<Plan> cache = new PlanCache<>();
        return (inputs, ws) -> {
            NodeContext rc = NodeContext.ofTensors(node, opset, inputs);
            Weights w = constant != null ? constant : Weights.of(rc, inputs[1], inputs.length > 2 ? inputs[2] : null);
            Tensor x = inputs[0];
            int[] xs = x.shape();
            Plan plan = cache.get(xs, constant != null, () -> Plan.of(rc, xs, x.type(), w));
            rq.checkChannels(rc, w.shape[0]);
            Tensor y = ws.allocate(0, outType, plan.geometry.outputShape(xs[0], w.shape[0]));
            if (y.size() == 0) {
                return new Tensor[] {y};
            }
            int[] xi = IntArrays.widen(x);
            if (plan.exact == null) {
                new Run(new Im2Col(plan.geometry), w, ConvGeometry.group(rc), xs, x.type(), rq).compute(xi, y.carrier(), ws);
                return new Tensor[] {y};
            }
            long[] acc = new long[y.size()];
            plan.exact.run(xi, xs[0], acc, ws);
            Object yc = y.carrier();
            Planes.of(y.shape()).forEach(ws, (plane, ch, start, buf) -> {
                System.arraycopy(acc, start, buf, 0, buf.length);
                addBias(buf, buf.length, w.bias == null ? 0 : w.bias[ch]);
                rq.store(buf, buf.length, ch, 0, yc, start);
            });
            return new Tensor[] {y};
        };
    }

    /** The geometry for one input shape, and the exact float passes when they apply (else null). */
    private record Plan(ConvGeometry geometry, FloatExactConv exact) {
        static Plan of(NodeContext ctx, int[] xs, DataType xType, Weights w) {
            ConvGeometry g = ConvGeometry.convAt(ctx, xs, w.shape, w.bias == null ? null : new int[] {w.bias.length});
            return new Plan(g, FloatExactConv.plan(g.window(), xs[1], ConvGeometry.group(ctx), w.w, w.shape[0], xType));
        }
    }

    /** The weights as ints ([M, C/group, taps...] flat), their shape, largest magnitude, and the bias. */
    private record Weights(int[] w, int[] shape, long maxMagnitude, long[] bias) {
        static Weights of(NodeContext ctx, Tensor w, Tensor b) {
            int[] wi = IntArrays.widen(w);
            return new Weights(wi, w.shape(), IntArrays.maxMagnitude(wi), FxAttrs.channelValues(ctx, b, "bias B"));
        }
    }

    /** One run's sizes and the split of the work into tasks of (batch, group, position block, channel block). */
    private static final class Run {
        final Im2Col cols;
        final Weights w;
        final Requantizer rq;
        final int groups;
        final int inChannels;
        final int outChannels;
        final int depth;
        final int positionBlock;
        final int positionBlocks;
        final int channelBlock;
        final int channelBlocks;
        final int batches;
        final int block;

        Run(Im2Col cols, Weights w, int groups, int[] xs, DataType xType, Requantizer rq) {
            this.cols = cols;
            this.w = w;
            this.rq = rq;
            this.groups = groups;
            this.batches = xs[0];
            this.inChannels = xs[1] / groups;
            this.outChannels = w.shape[0] / groups;
            this.depth = inChannels * cols.taps;
            int p = cols.outPlane;
            this.positionBlock = Math.min(p, Math.max(16, COLUMN_INTS / Math.max(1, depth)));
            this.positionBlocks = (p + positionBlock - 1) / positionBlock;
            this.channelBlock = Math.min(outChannels, 16);
            this.channelBlocks = (outChannels + channelBlock - 1) / channelBlock;
            this.block = IntProduct.intBlock(IntArrays.maxMagnitude(xType), w.maxMagnitude);
        }

        void compute(int[] x, Object y, Workspace ws) {
            int tasks = batches * groups * positionBlocks * channelBlocks;
            ws.parallel().forRange(tasks, 1, (start, end) -> {
                int[] col = new int[depth * positionBlock];
                int[] part = new int[positionBlock];
                long[] acc = new long[positionBlock];
                int gathered = -1;
                for (int t = start; t < end; t++) {
                    int columns = t / channelBlocks; // (batch, group, position block): the same columns
                    int pb = columns % positionBlocks;
                    int bg = columns / positionBlocks;
                    int p0 = pb * positionBlock;
                    int p1 = Math.min(cols.outPlane, p0 + positionBlock);
                    if (columns != gathered) {
                        cols.gather(x, bg * inChannels * cols.inPlane, inChannels, p0, p1, col);
                        gathered = columns;
                    }
                    int m0 = (bg % groups) * outChannels + (t % channelBlocks) * channelBlock;
                    int m1 = Math.min(m0 + channelBlock, (bg % groups + 1) * outChannels);
                    int batch = bg / groups;
                    for (int m = m0; m < m1; m++) {
                        IntProduct.row(w.w, m * depth, depth, col, 0, p1 - p0, p1 - p0, block, part, acc);
                        if (w.bias != null) {
                            addBias(acc, p1 - p0, w.bias[m]);
                        }
                        rq.store(acc, p1 - p0, m, 0, y, (batch * groups * outChannels + m) * cols.outPlane + p0);
                    }
                }
            });
        }
    }

    static void addBias(long[] acc, int n, long bias) {
        for (int j = 0; j < n; j++) {
            acc[j] += bias;
        }
    }
}
