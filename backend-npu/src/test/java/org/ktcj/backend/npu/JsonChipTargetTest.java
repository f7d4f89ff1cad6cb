package org.ktcj.backend.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters.Parameter;

class JsonChipTargetTest {
    private final JsonChipTargetFactory factory = new JsonChipTargetFactory(getClass(), "test-chip.json");

    @Test
    void answersFromItsDescription() {
        ChipTarget t = factory.create(Map.of());
        assertEquals("test", factory.id());
        assertEquals("test", t.id());
        assertEquals("KLTEST", t.name());
        assertTrue(t.has(Feature.DEEP_SEARCH_TILING));
        assertFalse(t.has(Feature.COMMAND_NODE_PROFILE));
        assertTrue(t.bitWidths().supportsWeights(BitWidth.INT8));
        assertFalse(t.bitWidths().supportsDatapath(BitWidth.INT16));
        assertEquals(256, t.hardware().macArray());
        assertEquals("KLTEST (test)", t.toString());
    }

    @Test
    void settingsReplaceHardwareFiguresAndAreNoLongerProvisional() {
        ChipTarget t = factory.create(Map.of("sram_bytes", "1048576", "mac_array", " 512 "));
        assertEquals(1_048_576, t.hardware().sramBytes());
        assertEquals(512, t.hardware().macArray());
        assertEquals(100, t.hardware().clockMhz());
        assertFalse(t.hardware().isProvisional(Parameter.SRAM_BYTES));
        assertEquals(0.8, t.hardware().efficiency("Conv"));
    }

    @Test
    void badSettingsAreNamed() {
        assertEquals("unknown KLTEST setting 'efficiency' (settings: mac_array, clock_mhz, sram_bytes, "
                        + "dram_bytes_per_second)",
                assertThrows(KtcException.class, () -> factory.create(Map.of("efficiency", "1"))).getMessage());
        assertEquals("KLTEST setting clock_mhz=3000000000 is not a whole number from 1 to 2147483647",
                assertThrows(KtcException.class, () -> factory.create(Map.of("clock_mhz", "3000000000"))).getMessage());
        assertEquals("KLTEST setting sram_bytes=lots is not a whole number from 1 to 9223372036854775807",
                assertThrows(KtcException.class, () -> factory.create(Map.of("sram_bytes", "lots"))).getMessage());
    }
}
