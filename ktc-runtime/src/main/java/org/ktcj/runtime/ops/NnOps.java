package org.ktcj.runtime.ops;

/** Conv, ConvTranspose, Gemm, MatMul. */
public final class NnOps {
    private NnOps() {
    }

    public static void register(OperatorRegistry r) {
    }
}
