package org.ktcj.runtime.evaluate;

import java.util.List;

/**
 * The whole model on the NPU. Like Kneron's evaluator, the time is the NPU's alone: CPU nodes are
 * listed, not timed.
 *
 * @param timeMs           estimated NPU time of one inference
 * @param fps              inferences per second at that time
 * @param cycles           NPU cycles
 * @param macs             multiply-accumulates on the NPU
 * @param weightBytes      weights read from DRAM
 * @param dramReadBytes    feature maps read from DRAM (Kneron's RV)
 * @param dramWriteBytes   feature maps written to DRAM (Kneron's WV)
 * @param dramBytes        all DRAM traffic: weights, reads and writes
 * @param macUtilisation   MACs over what the MAC array could do in that time
 * @param cpuNodes         the nodes on the CPU
 * @param unsupportedNodes the nodes nothing runs
 * @param foldedNodes      nodes computed once from constants (shape arithmetic), not run at all
 */
public record Totals(double timeMs, double fps, long cycles, long macs, long weightBytes, long dramReadBytes,
                     long dramWriteBytes, long dramBytes, double macUtilisation, List<String> cpuNodes,
                     List<String> unsupportedNodes, int foldedNodes) {
    public Totals {
        cpuNodes = List.copyOf(cpuNodes);
        unsupportedNodes = List.copyOf(unsupportedNodes);
    }
}
