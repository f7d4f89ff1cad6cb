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
        ElementwiseOps.register(r);
        NormalizationOps.register(r);
        ReduceOps.register(r);
        ShapeOps.register(r);
        ResizeOps.register(r);
    }
}
