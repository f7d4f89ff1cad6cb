package org.ktcj.runtime.fx;

import org.ktcj.ir.DataType;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;

/** An integer operator that ends in a requantization: its kernel is made with the checked attributes. */
abstract class RequantOperator implements Operator {
    @Override
    public final Kernel kernel(NodeContext ctx) {
        DataType outType = infer(ctx).get(0).type();
        return kernel(ctx, outType, Requantizer.of(ctx, outType));
    }

    /** The kernel, for output type {@code outType} (INT8 or INT16) and the node's requantization. */
    abstract Kernel kernel(NodeContext ctx, DataType outType, Requantizer rq);

    /**
     * The checks of Conv's and Gemm's inputs and attributes: inputs 0 and 1 INT8/INT16, input 2 INT64
     * when present, {@code bits} and the requantization. Returns the requantization and output type.
     */
    static Requantizer checkProduct(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        FxAttrs.requireInt(ctx, 1);
        if (ctx.hasInput(2)) {
            ctx.checkType(2, DataType.INT64);
        }
        return Requantizer.of(ctx, FxAttrs.outputType(ctx));
    }
}
