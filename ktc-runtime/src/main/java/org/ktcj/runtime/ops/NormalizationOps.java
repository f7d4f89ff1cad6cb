package org.ktcj.runtime.ops;

/** BatchNormalization, InstanceNormalization, LRN, Softmax, LogSoftmax. */
public final class NormalizationOps {
    private NormalizationOps() {
    }

    public static void register(OperatorRegistry r) {
    }
}
