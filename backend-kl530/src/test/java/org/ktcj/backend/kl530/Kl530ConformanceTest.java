package org.ktcj.backend.kl530;

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

class Kl530ConformanceTest extends ChipConformanceTest {
    Kl530ConformanceTest() {
        super("530", Set.of(Feature.DEEP_SEARCH_TILING, Feature.COMMAND_NODE_PROFILE, Feature.TENSOR_SCALE));
    }

    @Test
    void computesInEveryWidth() {
        ChipTarget t = target();
        assertEquals(Set.of(BitWidth.INT8, BitWidth.INT16), t.bitWidths().datapath());
        assertEquals(Set.of(BitWidth.INT4, BitWidth.INT8, BitWidth.INT16), t.bitWidths().weights());
    }

    @Test
    void softmaxRunsOnTheNpuDecomposed() {
        Placement p = place(Nodes.op("Softmax").in(1, 10).out(1, 10).build());
        assertEquals(Placement.Unit.NPU, p.unit());
        assertEquals(List.of("note 40: will be decompose to ReduceSum + Div + Neg + Add + Exp"), p.notes());
    }
}
