package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;

/**
 * ktc.fx Lookup: {@code Y = table[X - min(X's type)]}, {@code table} an INT16 tensor attribute with an
 * entry for every value of X's type (256 for INT8, 65536 for INT16), each within the output type
 * ({@code bits}).
 */
final class FxLookup implements Operator {
    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        DataType out = FxAttrs.outputType(ctx);
        table(ctx, ctx.inputType(0), out);
        return ctx.single(out, ctx.inputShape(0));
    }

    /** The checked table; its length is checked only when X's type is known. */
    private static short[] table(NodeContext ctx, DataType in, DataType out) {
        if (!ctx.node().hasAttribute("table")) {
            throw ctx.fail("attribute 'table' is missing");
        }
        Tensor t = ctx.node().attrTensor("table");
        if (t.type() != DataType.INT16) {
            throw ctx.fail("table is " + t.type().displayName() + ", expected int16");
        }
        int need = in == DataType.INT8 ? 256 : 65536;
        if (in != null && t.size() != need) {
            throw ctx.fail("table has " + t.size() + " entries; a " + in.displayName() + " input needs " + need);
        }
        short[] v = t.shorts();
        if (out == DataType.INT8) {
            for (int i = 0; i < t.size(); i++) {
                if (v[i] != (byte) v[i]) {
                    throw ctx.fail("table entry " + i + " = " + v[i] + " does not fit the int8 output");
                }
            }
        }
        return v;
    }

    @Override
    public Kernel kernel(NodeContext ctx) {
        DataType out = infer(ctx).get(0).type();
        return (inputs, ws) -> {
            Tensor x = inputs[0];
            short[] table = table(NodeContext.ofTensors(ctx.node(), ctx.opset(), inputs), x.type(), out);
            int offset = x.type() == DataType.INT8 ? 128 : 32768;
            int[] xi = IntArrays.widen(x);
            Tensor y = ws.allocate(0, out, x.shape());
            Planes planes = Planes.of(x.shape());
            Object yc = y.carrier();
            planes.forEach(ws, (plane, ch, start, acc) -> {
                for (int i = 0; i < planes.inner(); i++) {
                    acc[i] = table[xi[start + i] + offset];
                }
                IntArrays.store(acc, planes.inner(), yc, start);
            });
            return new Tensor[] {y};
        };
    }
}
