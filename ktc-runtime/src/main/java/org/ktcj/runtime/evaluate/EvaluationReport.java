package org.ktcj.runtime.evaluate;

import java.util.List;
import java.util.Optional;
import org.ktcj.spi.chip.HardwareParameters;

/**
 * What the evaluator found for one model on one chip: where every node runs and the performance estimate.
 *
 * @param model     the model's graph name
 * @param chipId    the platform id, "520"
 * @param chipName  the chip, "KL520"
 * @param hardware  the figures the estimate was computed with
 * @param nodes     every node that runs, in model order (nodes folded from constants are only counted)
 * @param totals    the whole model
 */
public record EvaluationReport(String model, String chipId, String chipName, HardwareParameters hardware,
                               List<NodeEstimate> nodes, Totals totals) {
    public EvaluationReport {
        nodes = List.copyOf(nodes);
    }

    /** The node of that name. */
    public Optional<NodeEstimate> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }

    /** Whether every node runs somewhere. */
    public boolean isSupported() {
        return totals.unsupportedNodes().isEmpty();
    }
}
