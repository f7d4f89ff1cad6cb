package org.ktcj.runtime.ops;

/** Resize, Upsample. */
public final class ResizeOps {
    private ResizeOps() {
    }

    public static void register(OperatorRegistry r) {
    }
}
