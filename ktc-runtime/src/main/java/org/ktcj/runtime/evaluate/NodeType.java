package org.ktcj.runtime.evaluate;

/** Where a node runs, as the type column of Kneron's evaluator report names it. */
public enum NodeType {
    /** A layer of its own on the NPU. */
    NPU,
    /** On the NPU, folded into the layer before it (a BatchNormalization or an activation after a convolution). */
    FUSED,
    /** On the chip's CPU: the NPU cannot run it. */
    CPU,
    /** Nowhere: neither the NPU nor the CPU runs it. */
    UNSUPPORTED
}
