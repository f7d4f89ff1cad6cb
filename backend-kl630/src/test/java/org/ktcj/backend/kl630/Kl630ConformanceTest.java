package org.ktcj.backend.kl630;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ktcj.backend.npu.ChipConformanceTest;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.Feature;

class Kl630ConformanceTest extends ChipConformanceTest {
    Kl630ConformanceTest() {
        super("630", Set.of(Feature.DEEP_SEARCH_TILING, Feature.COMMAND_NODE_PROFILE, Feature.TENSOR_SCALE));
    }

    /** The column is checked against operators.md by the inherited tests; the figures are the KL630's own. */
    @Test
    void hasItsOwnNameAndPerformanceFigures() {
        ChipTarget t = target();
        assertEquals("KL630", t.name());
        assertEquals(0.609, t.hardware().efficiency("Conv"));
    }
}
