package org.ktcj.backend.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.KtcException;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.ChipTargetFactory;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters.Parameter;
import org.ktcj.spi.chip.Placement;
import org.ktcj.spi.chip.Placement.Unit;
import org.ktcj.spi.chip.ShapedNode;
import org.ktcj.spi.chip.Violation;

/**
 * What every chip backend must pass against its own data: the plugin is found and creates its target;
 * every numbered condition of the chip's column accepts and rejects what it should, for every operator
 * it applies to; a few whole operators land where the table puts them; the column equals operators.md;
 * and the chip has exactly the features its test names. A backend's test extends this class and names
 * its chip and features.
 */
public abstract class ChipConformanceTest {
    /** The operators the default CPU list leaves out (see kneron-npu.json). */
    private static final Set<String> MAC_ARRAY_OPERATORS = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul");

    private final String chipId;
    private final Set<Feature> features;

    /** @param features the optional capabilities the chip has, and so lacks every other one */
    protected ChipConformanceTest(String chipId, Set<Feature> features) {
        this.chipId = chipId;
        this.features = Set.copyOf(features);
    }

    @Test
    void hasExactlyItsFeatures() {
        for (Feature f : Feature.values()) {
            assertEquals(features.contains(f), target().has(f), "chip " + chipId + " feature " + f);
        }
    }

    /** The chip's factory, found through {@link KtcPlugin} as a host application finds it. */
    protected ChipTargetFactory factory() {
        List<ChipTargetFactory> found = new ArrayList<>();
        for (KtcPlugin p : ServiceLoader.load(KtcPlugin.class)) {
            p.chipTargets().stream().filter(f -> f.id().equals(chipId)).forEach(found::add);
        }
        assertEquals(1, found.size(), "plugins providing chip " + chipId);
        return found.get(0);
    }

    protected ChipTarget target() {
        return factory().create(Map.of());
    }

    protected ChipSpec spec() {
        return ((JsonChipTarget) target()).spec();
    }

    protected Placement place(ShapedNode node) {
        return target().support().place(node);
    }

    @Test
    void pluginCreatesItsTarget() {
        ChipTarget t = target();
        assertEquals(chipId, t.id());
        assertEquals("KL" + chipId, t.name());
        assertFalse(t.support().npuOperators().isEmpty());
        assertTrue(t.bitWidths().supportsDatapath(BitWidth.INT8));
    }

    @Test
    void settingsReplaceHardwareFigures() {
        ChipTarget t = factory().create(Map.of("dram_bytes_per_second", "4000000000", "clock_mhz", "250"));
        assertEquals(4_000_000_000L, t.hardware().dramBytesPerSecond());
        assertEquals(250, t.hardware().clockMhz());
        assertFalse(t.hardware().isProvisional(Parameter.CLOCK_MHZ));
        assertEquals(target().hardware().macArray(), t.hardware().macArray());
        KtcException e = assertThrows(KtcException.class, () -> factory().create(Map.of("clock", "1")));
        assertTrue(e.getMessage().startsWith("unknown KL" + chipId + " setting 'clock'"), e.getMessage());
        assertThrows(KtcException.class, () -> factory().create(Map.of("clock_mhz", "-5")));
    }

    @TestFactory
    Stream<DynamicTest> everyConditionAcceptsAndRejects() {
        ChipSpec spec = spec();
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, OperatorEntry> e : new TreeMap<>(spec.operators()).entrySet()) {
            String op = e.getKey();
            for (int id : e.getValue().conditions()) {
                ConditionCases.Case c = ConditionCases.all().get(id);
                assertNotNull(c, "no test cases for condition " + id);
                assertTrue(c.operators().contains(op), "condition " + id + "'s cases are not for " + op);
                for (ConditionCases.Example ex : c.accept()) {
                    tests.add(DynamicTest.dynamicTest(op + " condition " + id + " accepts " + ex.label(),
                            () -> assertOnNpu(ex.node().apply(op))));
                }
                for (ConditionCases.Example ex : c.reject()) {
                    tests.add(DynamicTest.dynamicTest(op + " condition " + id + " rejects " + ex.label(),
                            () -> assertBreaks(ex.node().apply(op), id)));
                }
            }
        }
        return tests.stream();
    }

    private void assertOnNpu(ShapedNode node) {
        Placement p = place(node);
        assertEquals(Unit.NPU, p.unit(), p::message);
    }

    private void assertBreaks(ShapedNode node, int condition) {
        Placement p = place(node);
        assertNotEquals(Unit.NPU, p.unit(), p::message);
        assertTrue(p.violations().stream().anyMatch(v -> v.condition() == condition), p::message);
        Violation v = p.violations().get(0);
        assertFalse(v.values().isEmpty(), "a broken condition names the offending values: " + p.message());
        assertFalse(v.detail().isBlank(), p::message);
    }

    /** Whole nodes and where each chip runs them, as the table and the CPU list say. */
    private static final List<WholeOp> WHOLE_OPS = List.of(
            new WholeOp("Div", "CPU CPU NPU NPU",
                    op -> Nodes.op(op).in(1, 8, 16, 16).in(1, 8, 16, 16).out(1, 8, 16, 16).build()),
            new WholeOp("Conv", "UNSUPPORTED NPU NPU NPU", op -> Nodes.op(op).in(1, 3, 64, 64)
                    .in(Nodes.weights(8, 3, 13, 13)).out(1, 8, 52, 52).build()),
            new WholeOp("Softmax", "CPU CPU NPU NPU", op -> Nodes.op(op).in(1, 10).out(1, 10).build()),
            new WholeOp("Gemm", "NPU NPU NPU NPU", op -> Nodes.op(op).in(1, 64).in(Nodes.weights(10, 64))
                    .in(Nodes.weights(10)).out(1, 10).attr("transB", 1).build()),
            new WholeOp("Abs", "UNSUPPORTED UNSUPPORTED UNSUPPORTED UNSUPPORTED",
                    op -> Nodes.op(op).in(1, 10).out(1, 10).build()),
            new WholeOp("AveragePool", "CPU NPU NPU NPU", op -> Nodes.op(op).in(1, 8, 16, 16)
                    .attr("kernel_shape", 1, 3).attr("strides", 1, 3).out(1, 8, 16, 5).build()),
            new WholeOp("ConvTranspose", "UNSUPPORTED UNSUPPORTED NPU NPU", op -> Nodes.op(op).in(1, 8, 16, 16)
                    .in(Nodes.weights(8, 8, 3, 3)).out(1, 8, 18, 18).build()),
            new WholeOp("Relu", "UNSUPPORTED UNSUPPORTED UNSUPPORTED UNSUPPORTED",
                    op -> Nodes.op(op).domain("com.example").in(1, 10).out(1, 10).build()),
            new WholeOp("Sigmoid", "CPU NPU NPU NPU", op -> Nodes.op(op).in(1, 10).out(1, 10).build()),
            new WholeOp("Resize", "CPU CPU CPU CPU", op -> Nodes.op(op).in(1, 8, 16, 16).none()
                    .in(Nodes.floats(1, 1, 2, 2)).out(1, 8, 32, 32).attr("mode", "cubic").build()),
            new WholeOp("Upsample", "NPU CPU NPU NPU", op -> Nodes.op(op).in(1, 8, 16, 16)
                    .in(Nodes.floats(1, 1, 2, 2)).opset(9).out(1, 8, 32, 32).build()),
            new WholeOp("MatMul", "UNSUPPORTED UNSUPPORTED UNSUPPORTED UNSUPPORTED",
                    op -> Nodes.op(op).in(1, 8, 64).in(1, 64, 32).out(1, 8, 32).build()),
            new WholeOp("Transpose", "CPU NPU NPU NPU",
                    op -> Nodes.op(op).in(1, 8, 16, 4).attr("perm", 0, 2, 3, 1).out(1, 16, 4, 8).build()),
            new WholeOp("SpaceToDepth", "CPU CPU NPU NPU",
                    op -> Nodes.op(op).in(1, 8, 16, 16).attr("blocksize", 2).out(1, 32, 8, 8).build()));

    /**
     * A node and where it runs.
     *
     * @param units the units on the 520, 720, 530 and 630, space separated
     */
    private record WholeOp(String op, String units, Function<String, ShapedNode> node) {
        Unit on(String chip) {
            int column = List.of("520", "720", "530", "630").indexOf(chip);
            return Unit.valueOf(units.split(" ")[column]);
        }
    }

    @TestFactory
    Stream<DynamicTest> wholeOperatorsLandWhereTheTableSays() {
        return WHOLE_OPS.stream().map(w -> DynamicTest.dynamicTest(w.op() + " " + w.units(), () -> {
            Placement p = place(w.node().apply(w.op()));
            assertEquals(w.on(chipId), p.unit(), p::message);
            if (p.unit() == Unit.UNSUPPORTED) {
                assertTrue(p.message().startsWith("Invalid program input: undefined CPU op [" + w.op()
                        + "] of node [n]: "), p.message());
            }
        }));
    }

    @Test
    void theCpuListFollowsItsRule() {
        ChipTarget t = target();
        Set<String> expected = new TreeSet<>(t.support().npuOperators());
        expected.removeAll(MAC_ARRAY_OPERATORS);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(t.support().cpuOperators());
        assertTrue(missing.isEmpty(), "NPU operators the CPU list lacks: " + missing);
        Set<String> mac = new HashSet<>(t.support().cpuOperators());
        mac.retainAll(MAC_ARRAY_OPERATORS);
        assertTrue(mac.isEmpty(), "MAC-array operators on the CPU list: " + mac);
    }

    private Optional<OperatorsDoc> doc() {
        Optional<Path> file = OperatorsDoc.locate();
        assumeTrue(file.isPresent(), "operators.md not found (set -D" + OperatorsDoc.PROPERTY
                + "=<reference dir>); skipping the comparison with Kneron's table");
        return file.map(OperatorsDoc::parse);
    }

    @Test
    void everyOperatorOfTheTableIsInTheData() {
        OperatorsDoc doc = doc().orElseThrow();
        Set<String> missing = new TreeSet<>(doc.cells().keySet());
        missing.removeAll(spec().tableOperators());
        assertTrue(missing.isEmpty(), "operators of operators.md missing from the data: " + missing);
        Set<String> extra = new TreeSet<>(spec().tableOperators());
        extra.removeAll(doc.cells().keySet());
        assertTrue(extra.isEmpty(), "operators in the data that operators.md lacks: " + extra);
    }

    @TestFactory
    Stream<DynamicTest> theColumnEqualsOperatorsMd() {
        OperatorsDoc doc = doc().orElseThrow();
        ChipSpec spec = spec();
        return doc.cells().keySet().stream().map(op -> DynamicTest.dynamicTest(op, () -> {
            OperatorsDoc.Cell cell = doc.cell(op, chipId);
            OperatorEntry e = spec.operators().get(op);
            boolean npu = e != null && e.npu();
            assertEquals(cell.npu(), npu, op + " on the NPU");
            List<Integer> refs = new ArrayList<>();
            if (e != null) {
                refs.addAll(e.conditions());
                refs.addAll(e.notes());
            }
            assertEquals(cell.note() == 0 ? List.of() : List.of(cell.note()), refs, op + "'s numbered notes");
            if (cell.note() != 0) {
                assertNotEquals("-", doc.noteTexts().get(cell.note()), "note " + cell.note() + " is empty");
            }
        }));
    }
}
