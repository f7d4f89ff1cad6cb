package org.ktcj.runtime.ops;

/** unary and broadcasting binary arithmetic, activations, comparisons, Cast, Identity, Dropout. */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    public static void register(OperatorRegistry r) {
    }
}
