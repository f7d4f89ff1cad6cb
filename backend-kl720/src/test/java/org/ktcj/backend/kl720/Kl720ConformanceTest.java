package org.ktcj.backend.kl720;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ktcj.backend.npu.ChipConformanceTest;
import org.ktcj.backend.npu.Nodes;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.Placement;

class Kl720ConformanceTest extends ChipConformanceTest {
    Kl720ConformanceTest() {
        super("720", Set.of(Feature.DEEP_SEARCH_TILING, Feature.COMMAND_NODE_PROFILE, Feature.TENSOR_SCALE));
    }

    @Test
    void computesInInt8OrInt16WithoutInt4Weights() {
        ChipTarget t = target();
        assertEquals(Set.of(BitWidth.INT8, BitWidth.INT16), t.bitWidths().datapath());
        assertEquals(Set.of(BitWidth.INT8, BitWidth.INT16), t.bitWidths().weights());
    }

    @Test
    void softmaxRunsOnTheCpuWithItsDecompositionNote() {
        Placement p = place(Nodes.op("Softmax").in(1, 10).out(1, 10).build());
        assertEquals(Placement.Unit.CPU, p.unit());
        assertEquals(List.of("note 39: will be decompose to ReduceSum + Div + Exp"), p.notes());
    }

    @Test
    void expRunsOnTheNpuDecomposed() {
        Placement p = place(Nodes.op("Exp").in(1, 10).out(1, 10).build());
        assertEquals(Placement.Unit.NPU, p.unit());
        assertEquals(List.of("note 14: decompose to constant + log2 + mul + pow2"), p.notes());
    }
}
