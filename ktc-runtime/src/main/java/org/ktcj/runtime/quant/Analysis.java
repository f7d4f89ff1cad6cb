package org.ktcj.runtime.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntConsumer;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Model;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.evaluate.EvaluationReport;
import org.ktcj.runtime.evaluate.Evaluator;
import org.ktcj.runtime.evaluate.NodeType;
import org.ktcj.runtime.optimize.Optimizer;
import org.ktcj.spi.chip.ChipTarget;

/**
 * Kneron's {@code analysis}: optimizes a float model, places its nodes on the chip, calibrates it over
 * the user's inputs and quantizes it into a {@link FixedPointModel}.
 */
public final class Analysis {
    private Analysis() {
    }

    /** What an analysis made: the fixed-point model, the chip evaluation of the optimized model, the ranges. */
    public record Result(FixedPointModel model, EvaluationReport evaluation, Map<String, RangeHistogram> ranges) {
    }

    /**
     * @param inputs   per model input, its calibration samples: each one sample, or a batch on axis 0
     * @param progress told the number of samples calibrated so far, out of {@link #sampleCount}
     */
    public static Result run(Model model, ChipTarget chip, Map<String, List<Tensor>> inputs, AnalysisOptions options,
                             IntConsumer progress) {
        QuantOptions quant = options.quantOptions(chip);
        Model optimized = Optimizer.general().run(model).model();
        EvaluationReport evaluation = Evaluator.evaluate(optimized, chip);
        List<Map<String, Tensor>> samples = samples(optimized, inputs);
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        Map<String, RangeHistogram> ranges = Calibration.run(optimized, samples, threads, progress);
        Set<String> cpu = new HashSet<>();
        evaluation.nodes().stream().filter(n -> n.type() == NodeType.CPU).forEach(n -> cpu.add(n.name()));
        Map<String, String> recorded = new LinkedHashMap<>(options.asMap());
        recorded.put("calibration-samples", Integer.toString(samples.size()));
        FixedPointModel fx = new Lowering(optimized, cpu, ranges, quant).run(chip.id(), recorded);
        return new Result(fx, evaluation, ranges);
    }

    /**
     * The fixed-point report of an analysis; with samples to verify on, the outputs' and every layer's
     * SNR against float over them.
     */
    public static FxReport report(Result result, List<Map<String, Tensor>> verifyOn, int threads) {
        Map<String, Double> outputs = new LinkedHashMap<>();
        Map<String, Snr> layers = Map.of();
        if (!verifyOn.isEmpty()) {
            try (FixedPointRunner runner = new FixedPointRunner(result.model(), threads)) {
                runner.outputSnr(verifyOn).perOutput().forEach((name, snr) -> outputs.put(name, snr.db()));
            }
            layers = LayerSnr.entire(result.model(), verifyOn, threads);
        }
        return FxReport.of(result.model(), result.evaluation(), outputs, verifyOn.size(), layers);
    }

    /** How many samples the inputs hold (the first input's count; {@link #samples} checks the others). */
    public static int sampleCount(Map<String, List<Tensor>> inputs) {
        return inputs.values().stream().findFirst().map(l -> l.stream().mapToInt(t -> t.rank() == 0 ? 1
                : t.dim(0)).sum()).orElse(0);
    }

    /**
     * The calibration samples, one map per sample: every float input of the model has data, of its shape
     * (a batch on axis 0 is split), the same number of samples each, all finite.
     */
    public static List<Map<String, Tensor>> samples(Model model, Map<String, List<Tensor>> inputs) {
        Map<String, ValueInfo> declared = new LinkedHashMap<>();
        model.graph().inputs().forEach(v -> declared.put(v.name(), v));
        for (String name : inputs.keySet()) {
            if (!declared.containsKey(name)) {
                throw new KtcException("the model has no input '" + name + "' (its inputs are "
                        + declared.keySet() + ")");
            }
        }
        Map<String, List<Tensor>> split = new HashMap<>();
        int count = -1;
        String first = null;
        for (ValueInfo in : declared.values()) {
            List<Tensor> given = inputs.get(in.name());
            if (given == null || given.isEmpty()) {
                throw new KtcException("Cannot find the corresponding input image folder of model input "
                        + in.name() + ": give --input " + in.name() + "=PATH");
            }
            List<Tensor> samples = new ArrayList<>();
            for (Tensor t : given) {
                samples.addAll(split(in, t));
            }
            if (count >= 0 && samples.size() != count) {
                throw new KtcException("input '" + in.name() + "' has " + samples.size() + " samples but '" + first
                        + "' has " + count + ": every input needs as many");
            }
            count = samples.size();
            first = in.name();
            split.put(in.name(), samples);
        }
        List<Map<String, Tensor>> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Tensor> sample = new HashMap<>();
            for (String name : declared.keySet()) {
                sample.put(name, split.get(name).get(i));
            }
            out.add(sample);
        }
        return out;
    }

    /**
     * One tensor as the samples it holds: itself if it has the input's shape, else a batch on axis 0 (an
     * input with a batch of 1 or of unknown size is fed one sample at a time).
     */
    private static List<Tensor> split(ValueInfo in, Tensor t) {
        if (t.type() != in.type() && !(in.type() == DataType.FLOAT && t.type() == DataType.DOUBLE)) {
            throw new KtcException("input '" + in.name() + "' is " + in.type() + ", the data is " + t.type());
        }
        Tensor data = t.type() == in.type() ? t : t.castTo(in.type());
        checkFinite(in.name(), data);
        if (in.shape() == null) {
            return List.of(data);
        }
        int[] shape = data.shape();
        List<Dim> want = in.shape().dims();
        boolean sameRest = want.size() == shape.length && shape.length > 0;
        for (int d = 1; sameRest && d < shape.length; d++) {
            sameRest = !want.get(d).isKnown() || want.get(d).size() == shape[d];
        }
        Dim batch = sameRest ? want.get(0) : null;
        if (batch == null || (batch.isKnown() && batch.size() != 1 && batch.size() != shape[0])) {
            throw new KtcException("input '" + in.name() + "' has shape " + in.shape() + ", the data "
                    + Shape.of(shape) + " (one sample, or a batch of them on axis 0)");
        }
        if (batch.isKnown() && batch.size() == shape[0]) {
            return List.of(data);
        }
        int[] one = shape.clone();
        one[0] = 1;
        List<Tensor> samples = new ArrayList<>();
        int per = data.size() / shape[0];
        for (int i = 0; i < shape[0]; i++) {
            Tensor sample = Tensor.zeros(data.type(), one);
            System.arraycopy(data.carrier(), i * per, sample.carrier(), 0, per);
            samples.add(sample);
        }
        return samples;
    }

    private static void checkFinite(String name, Tensor t) {
        if (t.type() != DataType.FLOAT) {
            return;
        }
        float[] v = t.floats();
        for (int i = 0; i < t.size(); i++) {
            if (!Float.isFinite(v[i])) {
                throw new KtcException("calibration data for input '" + name + "' holds " + v[i] + " at element " + i);
            }
        }
    }
}
