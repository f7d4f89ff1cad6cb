package org.ktcj.runtime.quant;

/**
 * The bit widths and range method a model is quantized with (one per tensor role), and whether the
 * chip has scale registers (without them every scale is 1).
 *
 * @param datapath  activations between NPU nodes (8 or 16)
 * @param weights   Conv/Gemm weights and BatchNormalization factors (4, 8 or 16)
 * @param modelIn   the model's inputs
 * @param modelOut  the model's outputs
 * @param cpuNode   the outputs of CPU nodes
 */
public record QuantOptions(int datapath, int weights, int modelIn, int modelOut, int cpuNode, RangeMethod range,
                           boolean tensorScale) {
}
