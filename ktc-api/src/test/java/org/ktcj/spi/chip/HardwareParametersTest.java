package org.ktcj.spi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ktcj.spi.chip.HardwareParameters.Parameter;

class HardwareParametersTest {
    @Test
    void anOpWithoutItsOwnEfficiencyTakesTheDefault() {
        HardwareParameters h = new HardwareParameters(512, 300, 1 << 19, 1_000_000_000L,
                Map.of("default", 0.5, "Conv", 0.8), Set.of(Parameter.SRAM_BYTES));
        assertEquals(0.8, h.efficiency("Conv"));
        assertEquals(0.5, h.efficiency("Relu"));
        assertTrue(h.isProvisional(Parameter.SRAM_BYTES));
        assertFalse(h.isProvisional(Parameter.CLOCK_MHZ));
        assertEquals("dram_bytes_per_second", Parameter.DRAM_BYTES_PER_SECOND.key());
    }

    @Test
    void figuresMustBePlausible() {
        assertThrows(IllegalArgumentException.class,
                () -> new HardwareParameters(0, 300, 1, 1, Map.of("default", 0.5), Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new HardwareParameters(1, 300, 1, 1, Map.of("Conv", 0.5), Set.of()));
        assertThrows(IllegalArgumentException.class,
                () -> new HardwareParameters(1, 300, 1, 1, Map.of("default", 1.5), Set.of()));
    }

    @Test
    void bitWidthsAreNamedAsOnTheCommandLine() {
        assertEquals(BitWidth.INT16, BitWidth.of("int16"));
        assertEquals("int4", BitWidth.INT4.toString());
        assertEquals(8, BitWidth.INT8.bits());
        assertThrows(IllegalArgumentException.class, () -> BitWidth.of("INT8"));
        BitWidths w = new BitWidths(Set.of(BitWidth.INT8), Set.of(BitWidth.INT4, BitWidth.INT8));
        assertTrue(w.supportsWeights(BitWidth.INT4));
        assertFalse(w.supportsDatapath(BitWidth.INT16));
        assertThrows(IllegalArgumentException.class, () -> new BitWidths(Set.of(), Set.of(BitWidth.INT8)));
    }
}
