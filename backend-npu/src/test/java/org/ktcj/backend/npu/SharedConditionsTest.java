package org.ktcj.backend.npu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.backend.npu.check.Outcome;

/** The shared numbered conditions, each evaluated directly on its cases, and checked against operators.md. */
class SharedConditionsTest {
    private static final ChipSpec SPEC = ChipSpecLoader.load(SharedConditionsTest.class, "test-chip.json");
    private static final List<String> CHIPS = List.of("520", "720", "530", "630");

    @Test
    void everyConditionHasCasesAndEveryCaseACondition() {
        assertEquals(new TreeSet<>(SPEC.conditions().keySet()), new TreeSet<>(ConditionCases.all().keySet()));
    }

    @TestFactory
    Stream<DynamicTest> everyCaseMeetsOrBreaksItsCondition() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ConditionCases.Case c : ConditionCases.all().values()) {
            Condition condition = SPEC.conditions().get(c.condition());
            for (String op : c.operators()) {
                for (ConditionCases.Example ex : c.accept()) {
                    tests.add(DynamicTest.dynamicTest(c.condition() + " " + op + " accepts " + ex.label(), () -> {
                        Outcome o = condition.check().evaluate(ex.node().apply(op));
                        assertEquals(Outcome.Status.PASS, o.status(), o.detail());
                    }));
                }
                for (ConditionCases.Example ex : c.reject()) {
                    tests.add(DynamicTest.dynamicTest(c.condition() + " " + op + " rejects " + ex.label(), () ->
                            assertNotEquals(Outcome.Status.PASS, condition.check().evaluate(ex.node().apply(op)).status())));
                }
            }
        }
        return tests.stream();
    }

    @Test
    void theNotesWithoutChecksAreTheDecompositions() {
        assertEquals(Set.of(14, 39, 40), SPEC.notes().keySet());
    }

    private static OperatorsDoc doc() {
        Optional<Path> file = OperatorsDoc.locate();
        assumeTrue(file.isPresent(), "operators.md not found (set -D" + OperatorsDoc.PROPERTY
                + "=<reference dir>); skipping the comparison with Kneron's table");
        return OperatorsDoc.parse(file.get());
    }

    @Test
    void theNumbersAreThoseTheFourChipsUse() {
        OperatorsDoc doc = doc();
        Set<Integer> used = new TreeSet<>();
        for (String op : doc.cells().keySet()) {
            for (String chip : CHIPS) {
                int note = doc.cell(op, chip).note();
                if (note != 0) {
                    used.add(note);
                }
            }
        }
        Set<Integer> encoded = new TreeSet<>(SPEC.conditions().keySet());
        encoded.addAll(SPEC.notes().keySet());
        assertEquals(used, encoded);
    }

    /** Each one-line note of the table, after its "conditions:" prefix, is the text of its condition or note. */
    @TestFactory
    Stream<DynamicTest> theTextsAreQuotedFromTheTable() {
        OperatorsDoc doc = doc();
        Map<Integer, String> texts = new TreeMap<>(SPEC.notes());
        SPEC.conditions().forEach((id, c) -> texts.put(id, c.text()));
        return texts.entrySet().stream()
                .filter(e -> !tail(doc.noteTexts().get(e.getKey())).isEmpty()) // the multi-line ones
                .map(e -> DynamicTest.dynamicTest("note " + e.getKey(),
                        () -> assertEquals(tail(doc.noteTexts().get(e.getKey())), e.getValue())));
    }

    private static String tail(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }
}
