package org.ktcj.backend.npu;

import java.util.Map;
import java.util.Set;
import org.ktcj.spi.chip.BitWidths;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters;

/**
 * A chip's description once read and resolved through its {@code inherits} chain: everything a
 * {@link JsonChipTarget} answers from.
 *
 * @param id             the platform id, "520"
 * @param name           the product name, "KL520"
 * @param bitWidths      datapath and weight widths
 * @param features       the optional capabilities it has
 * @param hardware       the performance model's figures
 * @param tableOperators every operator the operator table has a row for
 * @param cpuOperators   the operators the CPU runs when the NPU cannot
 * @param operators      the chip's cells of the table, for the operators it lists
 * @param conditions     the numbered conditions, by number
 * @param notes          the numbered remarks, by number
 */
public record ChipSpec(String id, String name, BitWidths bitWidths, Set<Feature> features,
                       HardwareParameters hardware, Set<String> tableOperators, Set<String> cpuOperators,
                       Map<String, OperatorEntry> operators, Map<Integer, Condition> conditions,
                       Map<Integer, String> notes) {
    public ChipSpec {
        features = Set.copyOf(features);
        tableOperators = Set.copyOf(tableOperators);
        cpuOperators = Set.copyOf(cpuOperators);
        operators = Map.copyOf(operators);
        conditions = Map.copyOf(conditions);
        notes = Map.copyOf(notes);
    }

    /** This description with other hardware figures. */
    public ChipSpec withHardware(HardwareParameters h) {
        return new ChipSpec(id, name, bitWidths, features, h, tableOperators, cpuOperators, operators, conditions,
                notes);
    }
}
