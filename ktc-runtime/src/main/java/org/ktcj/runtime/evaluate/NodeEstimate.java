package org.ktcj.runtime.evaluate;

import java.util.List;
import org.ktcj.spi.chip.Violation;

/**
 * One node of the model in the report: where it runs and, for an NPU layer, what it costs. Bytes are
 * int8 feature maps and weights; a fused node's figures are in its layer's row.
 *
 * @param name            the node's name
 * @param opType          its op type
 * @param type            where it runs
 * @param layer           the NPU layer it belongs to (its own name, or the layer it is fused into); empty off the NPU
 * @param kind            how it uses the NPU
 * @param macs            multiply-accumulates
 * @param weightBytes     weights read from DRAM
 * @param inputBytes      feature maps read
 * @param outputBytes     feature maps written
 * @param dramReadBytes   feature maps read from DRAM (the rest come from SRAM)
 * @param dramWriteBytes  feature maps written to DRAM (the rest stay in SRAM)
 * @param computeCycles   cycles of the MAC array or vector unit
 * @param memoryCycles    cycles of DRAM transfers (weights and feature maps)
 * @param cycles          the layer's cycles: the larger of the two, as they overlap
 * @param bound           which of the two it is
 * @param timeMs          the layer's time
 * @param violations      why the node is not on the NPU: the numbered conditions it breaks, with the values
 * @param notes           remarks of the operator table (decompositions) and of the estimate
 */
public record NodeEstimate(String name, String opType, NodeType type, String layer, LayerKind kind, long macs,
                           long weightBytes, long inputBytes, long outputBytes, long dramReadBytes,
                           long dramWriteBytes, long computeCycles, long memoryCycles, long cycles, Bound bound,
                           double timeMs, List<Violation> violations, List<String> notes) {
    public NodeEstimate {
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
    }
}
