package org.ktcj.backend.kl520;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ktcj.backend.npu.ChipConformanceTest;
import org.ktcj.backend.npu.Nodes;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.Placement;

class Kl520ConformanceTest extends ChipConformanceTest {
    Kl520ConformanceTest() {
        super("520", Set.of());
    }

    @Test
    void computesInInt8WithInt4OrInt8Weights() {
        ChipTarget t = target();
        assertEquals(Set.of(BitWidth.INT8), t.bitWidths().datapath());
        assertEquals(Set.of(BitWidth.INT4, BitWidth.INT8), t.bitWidths().weights());
    }

    @Test
    void aConvWithTooLargeAKernelIsKneronsError() {
        Placement p = place(Nodes.op("Conv").name("conv1").in(1, 3, 64, 64).in(Nodes.weights(8, 3, 13, 13))
                .out(1, 8, 52, 52).build());
        assertEquals("Invalid program input: undefined CPU op [Conv] of node [conv1]: condition 6 (rank <= 4 && "
                + "kernel <= 12 && stride_w <= 16 && stride_h <= 4) failed: in1 dims[2:] = [13, 13], expected each "
                + "<= 12", p.message());
    }
}
