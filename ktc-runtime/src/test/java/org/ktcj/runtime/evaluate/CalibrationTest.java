package org.ktcj.runtime.evaluate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Model;
import org.ktcj.spi.chip.ChipTarget;

/**
 * The calibrated figures in the chips' JSON against Kneron's published times: MobileNet v2, ResNet50
 * v1.5 and Tiny YOLO v3 within 20% on every chip. Prints the table docs/performance-model.md shows.
 */
class CalibrationTest {
    private static final double BOUND = 0.20;
    private static final Map<Published, Model> MODELS = new LinkedHashMap<>();

    @BeforeAll
    static void build() {
        Published.CALIBRATION.forEach(p -> MODELS.put(p, p.model().get()));
    }

    @Test
    void estimatesAreWithinTwentyPercentOfKneronsTimes() {
        List<String> misses = new ArrayList<>();
        StringBuilder table = new StringBuilder("| model | chip | estimated ms | published ms | error |\n");
        for (String id : Chips.IDS) {
            ChipTarget chip = Chips.target(id);
            for (Map.Entry<Published, Model> e : MODELS.entrySet()) {
                double estimate = Evaluator.evaluate(e.getValue(), chip).totals().timeMs();
                double published = e.getKey().time(id);
                double error = estimate / published - 1;
                table.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %+.1f%% |%n", e.getKey().name(),
                        chip.name(), estimate, published, 100 * error));
                if (e.getKey().bounded() && Math.abs(error) > BOUND) {
                    misses.add(e.getKey().name() + " on " + chip.name());
                }
            }
        }
        System.out.print(table);
        assertTrue(misses.isEmpty(), "more than 20% off: " + misses + "\n" + table);
    }
}
