package org.ktcj.backend.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters.Parameter;

class ChipSpecLoaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void readsAChipThroughItsInheritance() {
        ChipSpec spec = ChipSpecLoader.load(getClass(), "test-chip.json");
        assertEquals("test", spec.id());
        assertEquals("KLTEST", spec.name());
        assertEquals(Set.of(BitWidth.INT8), spec.bitWidths().weights());
        assertEquals(Set.of(Feature.DEEP_SEARCH_TILING), spec.features());
        assertEquals(0.8, spec.hardware().efficiency("Conv"));
        assertEquals(0.5, spec.hardware().efficiency("Relu"));
        assertTrue(spec.hardware().isProvisional(Parameter.SRAM_BYTES));
        assertEquals(new OperatorEntry(true, List.of(6), List.of()), spec.operators().get("Conv"));
        assertEquals(177, spec.tableOperators().size());
        assertTrue(spec.conditions().containsKey(46));
    }

    @Test
    void aChildPatchesItsParent() {
        ChipSpec spec = ChipSpecLoader.load(getClass(), "test-chip-child.json");
        assertEquals("KLCHILD", spec.name());
        assertEquals(200, spec.hardware().clockMhz());
        assertEquals(256, spec.hardware().macArray(), "inherited");
        assertTrue(spec.hardware().provisional().isEmpty(), "removed by null");
        assertEquals(Set.of(), spec.features(), "a list is replaced whole");
        assertEquals(new OperatorEntry(true, List.of(8), List.of()), spec.operators().get("Conv"), "objects merge");
        assertFalse(spec.operators().containsKey("Relu"), "removed by null");
        assertTrue(spec.operators().get("Sigmoid").npu());
    }

    @Test
    void mergePatchFollowsRfc7396() throws Exception {
        assertEquals(json("{'a': {'b': 1, 'd': 3}, 'e': [9]}"), ChipSpecLoader.mergePatch(
                json("{'a': {'b': 0, 'c': 2}, 'e': [1, 2]}"), json("{'a': {'b': 1, 'c': null, 'd': 3}, 'e': [9]}")));
        assertEquals(json("[1]"), ChipSpecLoader.mergePatch(json("{'a': 1}"), json("[1]")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "cycle-a.json | chip descriptions inherit in a cycle: cycle-a.json < cycle-b.json < cycle-a.json",
        "orphan.json | chip description /org/ktcj/backend/npu/no-such-file.json not found (inherited by orphan.json)",
        "nothing.json | chip description nothing.json not found",
        "duplicate-key.json | duplicate-key.json: not valid JSON: Duplicate field 'id' for `ObjectNode`: not allowed when `DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY` enabled",
    })
    void brokenResourcesAreNamed(String resource, String message) {
        assertEquals(message, assertThrows(ChipSpecException.class,
                () -> ChipSpecLoader.load(getClass(), resource)).getMessage());
    }

    @Test
    void aTruncatedResourceIsNamed() {
        String m = assertThrows(ChipSpecException.class, () -> ChipSpecLoader.load(getClass(), "truncated.json"))
                .getMessage();
        assertTrue(m.startsWith("truncated.json: not valid JSON: "), m);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'nmae': 'x'} | t: the description: unknown key 'nmae'",
        "{'id': null} | t: 'id' is missing",
        "{'operators': {'Maxpool': {'npu': true}}} | t: operators: 'Maxpool' is not in table_operators",
        "{'operators': {'Conv': {'conditions': [99]}}} | t: operators.Conv.conditions: 99 is not defined",
        "{'operators': {'Softmax': {'notes': [6]}}} | t: operators.Softmax.notes: 6 is not defined",
        "{'operators': {'Conv': {'npu': false}}} | t: operators.Conv: conditions apply only to an operator on the NPU",
        "{'operators': {'Gemm': {}}} | t: operators.Gemm: 'npu' is missing",
        "{'conditions': {'99': {'text': 'x', 'check': {'rank': 'in0', 'eqq': 4}}}} | t: conditions.99.check: unknown key 'eqq'",
        "{'conditions': {'99': {'check': {'rank': 'in0', 'eq': 4}}}} | t: conditions.99: 'text' is missing",
        "{'conditions': {'x': {}}} | t: conditions: 'x' is not a number",
        "{'bit_widths': {'weights': ['int2']}} | t: bit_widths.weights: unknown bit width 'int2' (int4, int8 or int16)",
        "{'features': ['warp_drive']} | t: features: unknown value 'warp_drive'",
        "{'hardware': {'clock_mhz': 1.5}} | t: hardware.clock_mhz: expected a whole number up to 2147483647, found 1.5",
        "{'hardware': {'mac_array': 3000000000}} | t: hardware.mac_array: expected a whole number up to 2147483647, found 3000000000",
        "{'hardware': {'efficiency': {'default': null}}} | t: efficiency needs a 'default' entry",
        "{'cpu': {'operators': ['Relu', 'Relu']}} | t: cpu.operators: 'Relu' is listed twice",
    })
    void brokenDataIsNamedByItsKey(String patch, String message) throws Exception {
        JsonNode merged = ChipSpecLoader.mergePatch(ChipSpecLoader.read(getClass(), "test-chip.json"), json(patch));
        assertEquals(message, assertThrows(ChipSpecException.class, () -> ChipSpecLoader.parse(merged, "t"))
                .getMessage());
    }
}
