package org.ktcj.backend.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ktcj.spi.chip.OperatorSupport;
import org.ktcj.spi.chip.Placement;
import org.ktcj.spi.chip.Placement.Unit;
import org.ktcj.spi.chip.Violation;

class OperatorTableTest {
    private static final OperatorSupport TABLE =
            new JsonChipTargetFactory(OperatorTableTest.class, "test-chip.json").create(Map.of()).support();

    @Test
    void aBrokenConditionNamesItselfAndTheValues() {
        Placement p = TABLE.place(Nodes.op("Conv").name("conv1").in(1, 3, 64, 64).in(Nodes.weights(8, 3, 13, 13))
                .out(1, 8, 52, 52).build());
        assertEquals(Unit.UNSUPPORTED, p.unit());
        Violation v = p.violations().get(0);
        assertEquals(6, v.condition());
        assertEquals(Map.of("in1 dims[2:]", "[13, 13]"), v.values());
        assertEquals("Invalid program input: undefined CPU op [Conv] of node [conv1]: condition 6 (rank <= 4 && "
                + "kernel <= 12 && stride_w <= 16 && stride_h <= 4) failed: in1 dims[2:] = [13, 13], expected each "
                + "<= 12", p.message());
    }

    @Test
    void everyBrokenClauseIsReported() {
        Placement p = TABLE.place(Nodes.op("Conv").in(1, 3, 64, 64).in(Nodes.weights(8, 3, 13, 13))
                .attr("strides", 5, 17).out(1, 8, 11, 3).build());
        Violation v = p.violations().get(0);
        assertEquals(Map.of("in1 dims[2:]", "[13, 13]", "strides[-1]", "17", "strides[-2]", "5"), v.values());
        assertEquals("in1 dims[2:] = [13, 13], expected each <= 12; strides[-1] = 17, expected <= 16; "
                + "strides[-2] = 5, expected <= 4", v.detail());
    }

    @Test
    void anUnknownShapeIsReportedAsSuch() {
        Placement p = TABLE.place(Nodes.op("Conv").inUnknown().in(Nodes.weights(8, 3, 3, 3)).out(1, 8, 62, 62).build());
        assertEquals(Unit.UNSUPPORTED, p.unit());
        assertEquals("rank(in0) cannot be checked: shape of in0 is not known", p.violations().get(0).detail());
    }

    @Test
    void operatorsOffTheNpuGoToTheCpuWhenItRunsThem() {
        Placement p = TABLE.place(Nodes.op("Softmax").in(1, 10).out(1, 10).build());
        assertEquals(Unit.CPU, p.unit());
        assertEquals(List.of(Violation.notInTable("the KLTEST NPU does not run Softmax")), p.violations());
        assertEquals(List.of("note 39: will be decompose to ReduceSum + Div + Exp"), p.notes());
        assertEquals("Softmax node 'n' runs on the CPU: the KLTEST NPU does not run Softmax", p.message());
    }

    @Test
    void notesComeWithNpuPlacements() {
        Placement p = TABLE.place(Nodes.op("Exp").in(1, 10).out(1, 10).build());
        assertEquals(Unit.NPU, p.unit());
        assertEquals(List.of("note 14: decompose to constant + log2 + mul + pow2"), p.notes());
        assertEquals(Unit.NPU, TABLE.place(Nodes.op("Relu").in(1, 10).out(1, 10).build()).unit());
    }

    @Test
    void unknownAndForeignOperatorsAreUnsupported() {
        Placement p = TABLE.place(Nodes.op("FooBar").in(1, 10).out(1, 10).build());
        assertEquals(Unit.UNSUPPORTED, p.unit());
        assertEquals("Invalid program input: undefined CPU op [FooBar] of node [n]: FooBar is not in the KLTEST "
                + "operator table", p.message());
        Placement custom = TABLE.place(Nodes.op("Relu").domain("com.example").in(1, 10).out(1, 10).build());
        assertEquals(Unit.UNSUPPORTED, custom.unit());
        assertTrue(custom.message().endsWith("Relu of domain 'com.example' is not in the KLTEST operator table"),
                custom.message());
    }

    @Test
    void answersWhatItsNpuAndCpuRun() {
        assertEquals(Set.of("Conv", "Relu", "Exp"), TABLE.npuOperators());
        assertTrue(TABLE.cpuOperators().containsAll(Set.of("Softmax", "Relu", "Resize")));
        assertTrue(!TABLE.cpuOperators().contains("Conv"));
    }
}
