package org.ktcj.runtime.evaluate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Model;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.HardwareParameters;

/**
 * The calibration procedure of docs/performance-model.md, run on demand:
 * {@code ./mvnw -o -pl ktc-runtime -am test -Dtest=ParameterFitTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dktc.calibrate=true}.
 *
 * <p>For each chip it fits the efficiencies in {@link #FITTED} to Kneron's published times
 * ({@link Published#CALIBRATION}), minimising the sum of squared log ratios of estimated to published
 * time by coordinate descent: golden-section searches, one parameter at a time, on a log scale within
 * [0.01, 1], the 1x1 and depthwise figures at most the dense one (neither can use the array better),
 * eight sweeps. Everything else in the chip's hardware block is held. It prints the figures to record
 * in the chip's JSON and the table of estimated against published times.
 */
class ParameterFitTest {
    /** The fitted efficiency keys: the three kinds of convolution the calibration models lean on. */
    static final List<String> FITTED = List.of("Conv", "Conv.1x1", "Conv.depthwise");

    private static final double LOW = Math.log(0.01);
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    private static final int SWEEPS = 8;

    @Test
    void fitEveryChip() {
        assumeTrue(Boolean.getBoolean("ktc.calibrate"), "the fit runs on demand: -Dktc.calibrate=true");
        Map<Published, Model> models = new LinkedHashMap<>();
        Published.CALIBRATION.forEach(p -> models.put(p, p.model().get()));
        for (String id : Chips.IDS) {
            ChipTarget chip = Chips.target(id);
            Map<String, Double> fitted = fit(chip, models);
            System.out.printf(Locale.ROOT, "%s: \"efficiency\": %s (loss %.5f)%n", chip.name(), fitted,
                    loss(chip, models, fitted));
            ChipTarget trial = Chips.withHardware(chip, hardware(chip.hardware(), fitted));
            models.forEach((p, m) -> row(p, m, trial));
        }
    }

    private static void row(Published p, Model m, ChipTarget chip) {
        double estimate = Evaluator.evaluate(m, chip).totals().timeMs();
        double published = p.time(chip.id());
        System.out.printf(Locale.ROOT, "  %-28s estimated %8.2f ms, published %8.2f ms, %+6.1f%%%n", p.name(),
                estimate, published, 100 * (estimate / published - 1));
    }

    private static Map<String, Double> fit(ChipTarget chip, Map<Published, Model> models) {
        Map<String, Double> x = new LinkedHashMap<>();
        FITTED.forEach(k -> x.put(k, chip.hardware().efficiency(k)));
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            for (String key : FITTED) {
                double a = LOW;
                double b = key.equals("Conv") ? 0 : Math.log(x.get("Conv"));
                while (b - a > 1e-4) {
                    double c = b - GOLDEN * (b - a);
                    double d = a + GOLDEN * (b - a);
                    if (loss(chip, models, with(x, key, Math.exp(c))) < loss(chip, models, with(x, key, Math.exp(d)))) {
                        b = d;
                    } else {
                        a = c;
                    }
                }
                x.put(key, round(Math.exp((a + b) / 2)));
            }
        }
        return x;
    }

    /** The sum over the models of the squared log ratio of estimated to published time. */
    private static double loss(ChipTarget chip, Map<Published, Model> models, Map<String, Double> efficiency) {
        ChipTarget trial = Chips.withHardware(chip, hardware(chip.hardware(), efficiency));
        double sum = 0;
        for (Map.Entry<Published, Model> e : models.entrySet()) {
            double r = Math.log(Evaluator.evaluate(e.getValue(), trial).totals().timeMs() / e.getKey().time(chip.id()));
            sum += r * r;
        }
        return sum;
    }

    private static HardwareParameters hardware(HardwareParameters h, Map<String, Double> efficiency) {
        Map<String, Double> all = new HashMap<>(h.efficiency());
        all.putAll(efficiency);
        return new HardwareParameters(h.macArray(), h.clockMhz(), h.sramBytes(), h.dramBytesPerSecond(), all,
                h.provisional());
    }

    private static Map<String, Double> with(Map<String, Double> x, String key, double value) {
        Map<String, Double> y = new LinkedHashMap<>(x);
        y.put(key, value);
        return y;
    }

    /** Three significant digits: what the JSON records. */
    private static double round(double v) {
        return Double.parseDouble(String.format(Locale.ROOT, "%.3g", v));
    }
}
