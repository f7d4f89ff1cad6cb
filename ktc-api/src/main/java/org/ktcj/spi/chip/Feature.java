package org.ktcj.spi.chip;

/**
 * Optional capabilities that not every chip has. Code asks {@code target.has(Feature.X)}, never which
 * chip it is. Bit widths are not features: see {@link BitWidths}.
 */
public enum Feature {
    /**
     * The compiler may search for a better feature-map cut ({@code --fm-cut deep_search}); without it
     * only the default cut exists (Kneron: "KDP520 always uses default").
     */
    DEEP_SEARCH_TILING,

    /**
     * The evaluator reports each command node (its index, bit widths, MAC cycles, DMA amounts and
     * times); Kneron's report leaves these columns out for the KL520.
     */
    COMMAND_NODE_PROFILE,

    /**
     * The NPU multiplies a tensor by a scale as well as shifting it by its radix, so fixed-point values
     * are {@code q / (scale * 2^radix)} with any positive scale; without it every scale is 1 (the KL520).
     */
    TENSOR_SCALE
}
