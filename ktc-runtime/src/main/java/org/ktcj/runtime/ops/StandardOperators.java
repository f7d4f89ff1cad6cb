package org.ktcj.runtime.ops;

/**
 * The one list of operator families the float simulator implements. Each family registers its
 * operators (with their opset ranges) in its own {@code register} method.
 */
public final class StandardOperators {
    private StandardOperators() {
    }

    public static void registerAll(OperatorRegistry r) {
        NnOps.register(r);
        PoolOps.register(r);
        UnaryOps.register(r);
        Activations.register(r);
        ArithmeticOps.register(r);
        LogicOps.register(r);
        ElementwiseOps.register(r);
        NormalizationOps.register(r);
        ReduceOps.register(r);
        ShapeOps.register(r);
        TransposeOps.register(r);
        ConcatSplitOps.register(r);
        SliceOps.register(r);
        PadOps.register(r);
        ExpandOps.register(r);
        ConstantOps.register(r);
        GatherOps.register(r);
        TopKOps.register(r);
        ResizeOps.register(r);
    }
}
