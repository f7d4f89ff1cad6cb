package org.ktcj.runtime.evaluate;

/** What limits a layer's time on the NPU. */
public enum Bound {
    /** The MAC array or the vector unit: the layer's arithmetic or streaming takes longer than its DRAM transfers. */
    COMPUTE,
    /** DRAM: moving the layer's weights and spilled feature maps takes longer than computing. */
    MEMORY,
    /** Not costed: fused into another layer, a view, off the NPU, or of unknown shape. */
    NONE
}
