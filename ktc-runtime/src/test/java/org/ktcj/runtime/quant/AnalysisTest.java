package org.ktcj.runtime.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.models.ReferenceModels;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The whole analysis on models built in code: calibration, quantization and the fixed-point simulator,
 * judged by the SNR of the outputs against the float model, and the errors of bad options and data.
 */
class AnalysisTest {
    private static final AnalysisOptions INT8 = AnalysisOptions.defaults().withThreads(2);
    private static final AnalysisOptions INT16 = INT8.withBitwidths("int16", "int16")
            .withBorderBitwidths("int16", "int16", "int16");

    @TestFactory
    Stream<DynamicTest> int8KeepsTheOutputsAndInt16IsFarCloser() {
        record Case(String name, IntFunction<Model> model, int size, double int8Floor) {
        }
        return Stream.of(
                new Case("resnet", s -> ReferenceModels.resNetSmall(s, 13), 64, 20),
                new Case("mobilenet_v2", s -> ReferenceModels.mobileNetV2Small(s, 13), 64, 15),
                new Case("detector", s -> ReferenceModels.detectorSmall(s, 13), 64, 15))
                .map(c -> DynamicTest.dynamicTest(c.name(), () -> {
                    Model model = c.model().apply(c.size());
                    List<Tensor> data = images(8, c.size(), 5);
                    double int8 = outputSnr(model, "720", data, INT8);
                    double int16 = outputSnr(model, "720", data, INT16);
                    assertTrue(int8 >= c.int8Floor(), c.name() + " int8 SNR " + int8);
                    assertTrue(int16 >= int8 + 20, c.name() + " int16 SNR " + int16 + " vs int8 " + int8);
                }));
    }

    @Test
    void theFixedPointSimulatorGivesTheSameBitsOnAnyThreadCount() {
        Model model = ReferenceModels.resNetSmall(48, 13);
        List<Tensor> data = images(4, 48, 7);
        FixedPointModel fx = Analysis.run(model, chip("530"), Map.of("input", data), INT8, i -> { }).model();
        Map<String, Tensor> one;
        Map<String, Tensor> four;
        try (FixedPointRunner r = new FixedPointRunner(fx, 1)) {
            one = r.run(Map.of("input", data.get(0)));
        }
        try (FixedPointRunner r = new FixedPointRunner(fx, 4)) {
            four = r.run(Map.of("input", data.get(0)));
        }
        assertEquals(one.keySet(), four.keySet());
        one.forEach((name, t) -> assertTrue(t.contentEquals(four.get(name)), name));
    }

    @Test
    void aBitWidthTheChipLacksIsAnErrorNamingOptionAndChip() {
        Model model = ReferenceModels.resNetSmall(32, 13);
        Map<String, List<Tensor>> data = Map.of("input", images(1, 32, 1));
        KtcException e = assertThrows(KtcException.class, () -> Analysis.run(model, chip("520"), data,
                INT8.withBitwidths("int16", "int8"), i -> { }));
        assertEquals("--datapath-bitwidth int16: the KL520 (platform 520) has no int16 datapath", e.getMessage());
        e = assertThrows(KtcException.class, () -> Analysis.run(model, chip("720"), data,
                INT8.withBitwidths("int8", "int4"), i -> { }));
        assertEquals("--weight-bitwidth int4: the KL720 (platform 720) has no int4 weights", e.getMessage());
    }

    @Test
    void badCalibrationDataIsAClearError() {
        Model model = ReferenceModels.resNetSmall(32, 13);
        ChipTarget chip = chip("720");
        Tensor nan = images(1, 32, 1).get(0);
        nan.floats()[17] = Float.NaN;
        assertEquals("calibration data for input 'input' holds NaN at element 17",
                error(model, chip, Map.of("input", List.of(nan))));
        assertEquals("Cannot find the corresponding input image folder of model input input: give --input"
                + " input=PATH", error(model, chip, Map.of()));
        assertEquals("the model has no input 'image' (its inputs are [input])",
                error(model, chip, Map.of("input", images(1, 32, 1), "image", images(1, 32, 1))));
        assertEquals("input 'input' has shape [1, 3, 32, 32], the data [1, 3, 16, 16] (one sample, or a batch of them"
                + " on axis 0)", error(model, chip, Map.of("input", images(1, 16, 1))));
    }

    private static String error(Model model, ChipTarget chip, Map<String, List<Tensor>> data) {
        return assertThrows(KtcException.class, () -> Analysis.run(model, chip, data, INT8, i -> { })).getMessage();
    }

    /** The output SNR of the model quantized on the chip with the options, over the calibration data. */
    static double outputSnr(Model model, String chip, List<Tensor> data, AnalysisOptions options) {
        Map<String, List<Tensor>> inputs = Map.of(model.graph().inputs().get(0).name(), data);
        Analysis.Result result = Analysis.run(model, chip(chip), inputs, options, i -> { });
        try (FixedPointRunner runner = new FixedPointRunner(result.model(), 2)) {
            return runner.outputSnr(Analysis.samples(result.model().floatModel(), inputs)).total().db();
        }
    }

    /** Smooth image-like inputs [1, 3, size, size]: low-frequency patterns plus a little noise. */
    static List<Tensor> images(int count, int size, long seed) {
        Random r = new Random(seed);
        List<Tensor> out = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            float[] v = new float[3 * size * size];
            for (int c = 0; c < 3; c++) {
                double fx = 1 + r.nextInt(4);
                double fy = 1 + r.nextInt(4);
                double phase = r.nextDouble() * Math.PI;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        v[(c * size + y) * size + x] = (float) (Math.sin(fx * x / size * Math.PI + phase)
                                * Math.cos(fy * y / size * Math.PI) + 0.1 * r.nextGaussian());
                    }
                }
            }
            out.add(Tensor.of(v, 1, 3, size, size));
        }
        return out;
    }

    static ChipTarget chip(String id) {
        for (KtcPlugin p : java.util.ServiceLoader.load(KtcPlugin.class)) {
            for (ChipTargetFactory f : p.chipTargets()) {
                if (f.id().equals(id)) {
                    return f.create(Map.of());
                }
            }
        }
        throw new IllegalStateException("no backend for chip " + id + " on the test class path");
    }
}
