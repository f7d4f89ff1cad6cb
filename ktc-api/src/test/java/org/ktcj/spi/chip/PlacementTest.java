package org.ktcj.spi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Node;

class PlacementTest {
    private static final Node CONV = Node.builder("Conv").name("conv1").inputs("x", "w").outputs("y").build();
    private static final Violation KERNEL = new Violation(6, "kernel <= 12", Map.of("kernel", "[13, 13]"),
            "kernel = [13, 13], expected each <= 12");

    @Test
    void anUnsupportedNodeGivesKneronsErrorAndTheBrokenCondition() {
        Placement p = Placement.offNpu(CONV, false, List.of(KERNEL), List.of());
        assertEquals(Placement.Unit.UNSUPPORTED, p.unit());
        assertEquals("Invalid program input: undefined CPU op [Conv] of node [conv1]: condition 6 (kernel <= 12) "
                + "failed: kernel = [13, 13], expected each <= 12", p.message());
    }

    @Test
    void aCpuNodeSaysWhyNotTheNpu() {
        Placement p = Placement.offNpu(CONV, true, List.of(Violation.notInTable("the KL520 NPU does not run Conv"),
                KERNEL), List.of());
        assertEquals("Conv node 'conv1' runs on the CPU: the KL520 NPU does not run Conv; condition 6 (kernel <= 12) "
                + "failed: kernel = [13, 13], expected each <= 12", p.message());
    }

    @Test
    void anNpuNodeHasNoViolationsAndOthersAtLeastOne() {
        assertEquals("Conv node 'conv1' runs on the NPU", Placement.npu(CONV, List.of("note 1")).message());
        assertThrows(IllegalArgumentException.class, () -> Placement.offNpu(CONV, true, List.of(), List.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new Placement(Placement.Unit.NPU, "Conv", "c", List.of(KERNEL), List.of()));
    }
}
