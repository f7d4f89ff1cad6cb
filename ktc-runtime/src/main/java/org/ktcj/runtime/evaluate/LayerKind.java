package org.ktcj.runtime.evaluate;

import java.util.List;
import java.util.Map;
import org.ktcj.spi.chip.HardwareParameters;

/**
 * How a layer uses the NPU, which decides the efficiency figure it is costed with. Each kind names the
 * keys of {@link HardwareParameters#efficiency()} it looks up, most specific first; the first key the
 * chip defines wins, and {@value HardwareParameters#DEFAULT_OP} ends every chain.
 */
public enum LayerKind {
    /** A dense convolution with a kernel larger than 1x1: the MAC array's native work. */
    CONV("Conv"),
    /** A 1x1 convolution: no window to reuse each input over, so the array is fed differently. */
    POINTWISE("Conv.1x1", "Conv"),
    /** A convolution with one input channel per group: the array's input-channel lanes have one channel. */
    DEPTHWISE("Conv.depthwise", "Conv"),
    /** A transposed convolution. */
    TRANSPOSED("ConvTranspose", "Conv"),
    /** Gemm and MatMul: a 1x1 convolution over a 1x1 map, each weight used once. */
    DENSE("Gemm", "Conv.1x1", "Conv"),
    /** Everything else the NPU runs (pooling, element-wise, resizing, copies): streams bytes, no MACs. */
    VECTOR(),
    /** Reshape-like ops that only relabel a tensor held in memory: nothing to compute or move. */
    VIEW();

    private final List<String> keys;

    LayerKind(String... keys) {
        this.keys = List.of(keys);
    }

    /** Whether the kind runs on the MAC array. */
    public boolean usesMacArray() {
        return !keys.isEmpty();
    }

    /**
     * The efficiency this kind reaches on a chip; a {@link #VECTOR} op looks up its own op type first.
     *
     * @param opType the layer's op type
     */
    public double efficiency(HardwareParameters hardware, String opType) {
        Map<String, Double> figures = hardware.efficiency();
        for (String key : this == VECTOR ? List.of(opType) : keys) {
            Double e = figures.get(key);
            if (e != null) {
                return e;
            }
        }
        return figures.get(HardwareParameters.DEFAULT_OP);
    }
}
