package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;

/**
 * ktc.fx Dequantize: INT8/INT16 X to float32 {@code X / (scale * 2^radix)}, divided in double and
 * rounded once to float; {@code scale}/{@code radix} one entry or one per channel of axis 1.
 */
final class FxDequantize implements Operator {
    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        FxAttrs.factors(ctx);
        return ctx.single(DataType.FLOAT, ctx.inputShape(0));
    }

    @Override
    public Kernel kernel(NodeContext ctx) {
        infer(ctx);
        double[] factors = FxAttrs.factors(ctx);
        return (inputs, ws) -> {
            Tensor x = inputs[0];
            Planes planes = Planes.of(x.shape());
            FxAttrs.checkChannels(NodeContext.ofTensors(ctx.node(), ctx.opset(), inputs), "scale/radix",
                    factors.length, planes.channels());
            int[] xi = IntArrays.widen(x);
            Tensor y = ws.allocate(0, DataType.FLOAT, x.shape());
            float[] yf = y.floats();
            planes.forEach(ws, (plane, ch, start, acc) -> {
                double f = factors[factors.length == 1 ? 0 : ch];
                for (int i = 0; i < planes.inner(); i++) {
                    yf[start + i] = (float) (xi[start + i] / f);
                }
            });
            return new Tensor[] {y};
        };
    }
}
