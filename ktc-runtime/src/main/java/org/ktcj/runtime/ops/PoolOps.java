package org.ktcj.runtime.ops;

/** MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool, MaxRoiPool. */
public final class PoolOps {
    private PoolOps() {
    }

    public static void register(OperatorRegistry r) {
    }
}
