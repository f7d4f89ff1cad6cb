package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;

/**
 * ktc.fx Quantize: float32 X to {@code clamp(roundHalfEven(X * scale * 2^radix))} in the {@code bits}
 * type (NaN to 0), {@code scale}/{@code radix} one entry or one per channel of axis 1. The product is
 * exact in double (24-bit by 24-bit significands, times a power of two).
 */
final class FxQuantize implements Operator {
    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        ctx.requireType(0);
        ctx.checkType(0, DataType.FLOAT);
        DataType out = FxAttrs.outputType(ctx);
        FxAttrs.factors(ctx);
        return ctx.single(out, ctx.inputShape(0));
    }

    @Override
    public Kernel kernel(NodeContext ctx) {
        DataType out = infer(ctx).get(0).type();
        double[] factors = FxAttrs.factors(ctx);
        double max = out == DataType.INT8 ? Byte.MAX_VALUE : Short.MAX_VALUE;
        return (inputs, ws) -> {
            Tensor x = inputs[0];
            Planes planes = Planes.of(x.shape());
            FxAttrs.checkChannels(NodeContext.ofTensors(ctx.node(), ctx.opset(), inputs), "scale/radix",
                    factors.length, planes.channels());
            float[] xf = x.floats();
            Tensor y = ws.allocate(0, out, x.shape());
            Object yc = y.carrier();
            planes.forEach(ws, (plane, ch, start, acc) -> {
                double f = factors[factors.length == 1 ? 0 : ch];
                for (int i = 0; i < planes.inner(); i++) {
                    double q = Math.rint(xf[start + i] * f);
                    acc[i] = q != q ? 0 : (long) Math.min(Math.max(q, -max - 1), max);
                }
                IntArrays.store(acc, planes.inner(), yc, start);
            });
            return new Tensor[] {y};
        };
    }
}
