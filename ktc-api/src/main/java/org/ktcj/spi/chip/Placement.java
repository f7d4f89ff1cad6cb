package org.ktcj.spi.chip;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.ktcj.ir.Node;

/**
 * Where one node runs, and why not on the NPU when it does not.
 *
 * @param unit       where it runs
 * @param opType     the node's op type
 * @param nodeName   the node's name
 * @param violations for CPU and UNSUPPORTED, why the NPU cannot run it (at least one); empty for NPU
 * @param notes      remarks of the operator table that apply, such as how the node is decomposed
 */
public record Placement(Unit unit, String opType, String nodeName, List<Violation> violations,
                        List<String> notes) {
    /** Where a node runs. */
    public enum Unit {
        /** On the NPU. */
        NPU,
        /** On the chip's CPU, because the NPU cannot run it and the CPU can. */
        CPU,
        /** Nowhere: neither the NPU nor the CPU can run it. */
        UNSUPPORTED
    }

    public Placement {
        Objects.requireNonNull(unit, "unit");
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
        if ((unit == Unit.NPU) != violations.isEmpty()) {
            throw new IllegalArgumentException(unit == Unit.NPU
                    ? "an NPU placement has no violations" : "a " + unit + " placement needs a reason");
        }
    }

    public static Placement npu(Node node, List<String> notes) {
        return new Placement(Unit.NPU, node.opType(), node.name(), List.of(), notes);
    }

    /** The node on the CPU, or UNSUPPORTED when the CPU cannot run it either. */
    public static Placement offNpu(Node node, boolean cpuRunsIt, List<Violation> violations, List<String> notes) {
        return new Placement(cpuRunsIt ? Unit.CPU : Unit.UNSUPPORTED, node.opType(), node.name(), violations,
                notes);
    }

    /**
     * One line for a report or an error. UNSUPPORTED gives Kneron's error, "Invalid program input:
     * undefined CPU op [Conv] of node [conv1]", followed by the violations.
     */
    public String message() {
        String why = violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        return switch (unit) {
            case NPU -> opType + " node '" + nodeName + "' runs on the NPU";
            case CPU -> opType + " node '" + nodeName + "' runs on the CPU: " + why;
            case UNSUPPORTED -> "Invalid program input: undefined CPU op [" + opType + "] of node [" + nodeName
                    + "]: " + why;
        };
    }
}
