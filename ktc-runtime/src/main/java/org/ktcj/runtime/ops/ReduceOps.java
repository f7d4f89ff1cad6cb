package org.ktcj.runtime.ops;

/** ReduceMean, ReduceMax, ReduceSum and the other reductions, ArgMax, ArgMin. */
public final class ReduceOps {
    private ReduceOps() {
    }

    public static void register(OperatorRegistry r) {
    }
}
