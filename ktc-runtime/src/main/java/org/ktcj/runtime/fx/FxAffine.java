package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;

/**
 * ktc.fx Affine: {@code requant(X * K[c] + C[c])} per channel {@code c} of axis 1, K and C INT64 vectors
 * of one entry or one per channel. {@code |K| <= 2^47} and {@code |C| <= 2^62}, so that the accumulator
 * cannot overflow 64 bits.
 */
final class FxAffine extends RequantOperator {
    private static final long MAX_K = 1L << 47;
    private static final long MAX_C = 1L << 62;

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        ctx.requireType(1);
        ctx.requireType(2);
        ctx.checkType(1, DataType.INT64);
        ctx.checkType(2, DataType.INT64);
        DataType out = FxAttrs.outputType(ctx);
        Requantizer.of(ctx, out);
        return ctx.single(out, ctx.inputShape(0));
    }

    @Override
    Kernel kernel(NodeContext ctx, DataType outType, Requantizer rq) {
        Node node = ctx.node();
        int opset = ctx.opset();
        return (inputs, ws) -> {
            NodeContext rc = NodeContext.ofTensors(node, opset, inputs);
            Tensor x = inputs[0];
            Planes planes = Planes.of(x.shape());
            long[] k = bounded(rc, inputs[1], "K", MAX_K, planes.channels());
            long[] c = bounded(rc, inputs[2], "C", MAX_C, planes.channels());
            rq.checkChannels(rc, planes.channels());
            int[] xi = IntArrays.widen(x);
            Tensor y = ws.allocate(0, outType, x.shape());
            Object yc = y.carrier();
            planes.forEach(ws, (plane, ch, start, acc) -> {
                long kc = k[k.length == 1 ? 0 : ch];
                long cc = c[c.length == 1 ? 0 : ch];
                for (int i = 0; i < planes.inner(); i++) {
                    acc[i] = xi[start + i] * kc + cc;
                }
                rq.store(acc, planes.inner(), ch, 0, yc, start);
            });
            return new Tensor[] {y};
        };
    }

    private static long[] bounded(NodeContext ctx, Tensor t, String what, long max, int channels) {
        long[] v = FxAttrs.channelValues(ctx, t, what);
        FxAttrs.checkChannels(ctx, what, v.length, channels);
        for (long e : v) {
            if (e > max || e < -max) {
                throw ctx.fail(what + " value " + e + " is beyond +-" + max + ": the accumulator could overflow");
            }
        }
        return v;
    }
}
