package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Broadcast;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;

/**
 * ktc.fx Add, Sub ({@code acc = A * a_mult +- B * b_mult}) and Mul ({@code acc = A * B}), A and B
 * INT8/INT16 broadcast as ONNX, requantized per channel of the output's axis 1.
 */
final class FxBinary extends RequantOperator {
    /** Which of the three. */
    enum Kind { ADD, SUB, MUL }

    private final Kind kind;

    FxBinary(Kind kind) {
        this.kind = kind;
    }

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        FxAttrs.requireInt(ctx, 1);
        DataType out = FxAttrs.outputType(ctx);
        Requantizer.of(ctx, out);
        if (kind != Kind.MUL) {
            FxAttrs.intIn(ctx, "a_mult", -Integer.MAX_VALUE, Integer.MAX_VALUE);
            FxAttrs.intIn(ctx, "b_mult", -Integer.MAX_VALUE, Integer.MAX_VALUE);
        }
        return ctx.single(out, Broadcast.shape(ctx, ctx.inputShape(0), ctx.inputShape(1)));
    }

    @Override
    Kernel kernel(NodeContext ctx, DataType outType, Requantizer rq) {
        Node node = ctx.node();
        int opset = ctx.opset();
        long am = kind == Kind.MUL ? 0 : node.attrInt("a_mult", 0);
        long bm = kind == Kind.MUL ? 0 : kind == Kind.SUB ? -node.attrInt("b_mult", 0) : node.attrInt("b_mult", 0);
        return (inputs, ws) -> {
            NodeContext rc = NodeContext.ofTensors(node, opset, inputs);
            int[] ys = Broadcast.shape(rc, inputs[0].shape(), inputs[1].shape());
            Broadcast bc = Broadcast.of(ys, inputs[0].shape(), inputs[1].shape());
            Planes planes = Planes.of(ys);
            rq.checkChannels(rc, planes.channels());
            int[] a = IntArrays.widen(inputs[0]);
            int[] b = IntArrays.widen(inputs[1]);
            int sa = bc.innerStride(0);
            int sb = bc.innerStride(1);
            Tensor y = ws.allocate(0, outType, ys);
            Object yc = y.carrier();
            planes.forEach(ws, (plane, ch, start, acc) -> {
                bc.forEachRun(start, start + planes.inner(), (o, n, at) -> {
                    int ai = at[0];
                    int bi = at[1];
                    int d = o - start;
                    for (int i = 0; i < n; i++, ai += sa, bi += sb) {
                        acc[d + i] = kind == Kind.MUL ? (long) a[ai] * b[bi] : a[ai] * am + b[bi] * bm;
                    }
                });
                rq.store(acc, planes.inner(), ch, 0, yc, start);
            });
            return new Tensor[] {y};
        };
    }
}
