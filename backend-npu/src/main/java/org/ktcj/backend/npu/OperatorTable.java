package org.ktcj.backend.npu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ktcj.backend.npu.check.Outcome;
import org.ktcj.ir.Node;
import org.ktcj.spi.chip.OperatorSupport;
import org.ktcj.spi.chip.Placement;
import org.ktcj.spi.chip.ShapedNode;
import org.ktcj.spi.chip.Violation;

/**
 * Places nodes by a chip's column of the operator table: on the NPU when the chip lists the operator
 * and the node meets all its numbered conditions; otherwise on the CPU when the CPU runs the operator,
 * and nowhere when it does not.
 */
final class OperatorTable implements OperatorSupport {
    private final ChipSpec spec;
    private final Set<String> npuOperators;

    OperatorTable(ChipSpec spec) {
        this.spec = spec;
        this.npuOperators = spec.operators().entrySet().stream().filter(e -> e.getValue().npu())
                .map(Map.Entry::getKey).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Placement place(ShapedNode shaped) {
        Node node = shaped.node();
        // Only the default ONNX domain is in the table: a custom op of the same name is another operator.
        OperatorEntry entry = node.domain().isEmpty() ? spec.operators().get(node.opType()) : null;
        List<String> notes = entry == null ? List.of()
                : entry.notes().stream().map(id -> "note " + id + ": " + spec.notes().get(id)).toList();
        boolean cpu = node.domain().isEmpty() && spec.cpuOperators().contains(node.opType());
        if (entry == null || !entry.npu()) {
            return Placement.offNpu(node, cpu, List.of(Violation.notInTable(notOnNpu(node))), notes);
        }
        List<Violation> violations = new ArrayList<>();
        for (int id : entry.conditions()) {
            Condition c = spec.conditions().get(id);
            Outcome o = c.check().evaluate(shaped);
            if (!o.passed()) {
                violations.add(new Violation(id, c.text(), o.values(), o.detail()));
            }
        }
        return violations.isEmpty() ? Placement.npu(node, notes) : Placement.offNpu(node, cpu, violations, notes);
    }

    private String notOnNpu(Node node) {
        if (!node.domain().isEmpty()) {
            return node.opType() + " of domain '" + node.domain() + "' is not in the " + spec.name()
                    + " operator table";
        }
        return spec.tableOperators().contains(node.opType())
                ? "the " + spec.name() + " NPU does not run " + node.opType()
                : node.opType() + " is not in the " + spec.name() + " operator table";
    }

    @Override
    public Set<String> npuOperators() {
        return npuOperators;
    }

    @Override
    public Set<String> cpuOperators() {
        return spec.cpuOperators();
    }
}
