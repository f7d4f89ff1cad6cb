package org.ktcj.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.bie.BieFile;
import org.ktcj.runtime.evaluate.EvaluationReport;
import org.ktcj.runtime.evaluate.Evaluator;
import org.ktcj.runtime.evaluate.NodeType;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.io.Npy;
import org.ktcj.runtime.optimize.Optimizer;
import org.ktcj.runtime.plugins.PluginRegistry;
import org.ktcj.runtime.quant.Analysis;
import org.ktcj.runtime.quant.AnalysisOptions;
import org.ktcj.runtime.quant.FixedPointRunner;
import org.ktcj.runtime.quant.Snr;
import org.ktcj.spi.chip.ChipTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ktc demo}: the flow on the bundled example model (made by {@code tools/make_demo_model.py}):
 * import it, run it on the bundled sample image, compare the result with PyTorch's, evaluate it for the
 * KL720, quantize it to int8 and run the fixed-point model, write the files.
 * It grows with the flow.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs the flow on a bundled example model: import, infer, compare with PyTorch,"
                + " evaluate, quantize and run the fixed-point model.")
final class DemoCommand implements Callable<Integer> {
    /** Largest accepted {@code max|ktc - PyTorch| / max|PyTorch|}: float rounding is orders of magnitude below. */
    static final double TOLERANCE = 1e-4;
    private static final int RUNS = 20;
    private static final String RESOURCES = "demo/";
    /** The chip the demo evaluates and quantizes for. */
    private static final String DEMO_CHIP = "720";

    @Spec
    CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT_DIR", defaultValue = "ktc-demo-out",
            description = "Where to write the imported model, the input and the outputs (default ${DEFAULT-VALUE}).")
    Path outDir;

    @Mixin
    ThreadsOption threads;

    @Override
    public Integer call() throws IOException {
        OutputDir.check(outDir);
        Properties about = new Properties();
        about.load(new StringReader(new String(resource("demo.properties"), StandardCharsets.UTF_8)));
        List<String> labels = new String(resource("labels.txt"), StandardCharsets.UTF_8).lines().toList();
        PrintWriter out = spec.commandLine().getOut();
        out.println("KTC-J demo: " + about.getProperty("model"));
        out.println();

        Model model = importBundled();
        out.println("[1/5] import  model.onnx: " + ModelSummary.count(model.graph().nodes().size(), "node") + ", opset "
                + model.opset() + ", " + ModelSummary.count(ModelSummary.parameters(model), "parameter"));
        model.graph().inputs().forEach(v -> out.println("              input   " + v));
        model.graph().outputs().forEach(v -> out.println("              output  " + v));
        out.flush();

        Tensor input = Npy.read(resource("input.npy"), RESOURCES + "input.npy");
        String inputName = model.graph().inputs().get(0).name();
        Map<String, Tensor> outputs;
        Timings timings;
        double first;
        try (Session session = Session.create(model, SessionOptions.defaults().withThreads(threads.value()))) {
            Map<String, Tensor> feeds = Map.of(inputName, input);
            long start = System.nanoTime();
            outputs = session.run(feeds);
            first = (System.nanoTime() - start) / 1e6;
            double[] millis = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                start = System.nanoTime();
                session.run(feeds);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            timings = Timings.of(millis);
        }
        String outputName = model.graph().outputs().get(0).name();
        Tensor logits = outputs.get(outputName);
        out.printf(Locale.ROOT, "[2/5] infer   the bundled sample image (a %s), %d threads%n", about.getProperty("sample"),
                threads.resolved());
        out.printf(Locale.ROOT, "              first run %.1f ms (plans and packs weights), then median %.2f ms"
                + " (p10 %.2f, p90 %.2f) over %d runs%n", first, timings.median(), timings.p10(), timings.p90(), RUNS);
        printTop5(out, logits, labels);
        out.flush();

        Tensor expected = Npy.read(resource("expected.npy"), RESOURCES + "expected.npy");
        double diff = Agreement.maxRelativeDifference(logits, expected);
        boolean ok = diff <= TOLERANCE;
        out.printf(Locale.ROOT, "[3/5] check   max relative difference vs PyTorch: %.2e (limit %.0e): %s%n", diff,
                TOLERANCE, ok ? "OK" : "FAILED");
        out.flush();
        if (!ok) {
            throw new KtcException(String.format(Locale.ROOT,
                    "demo: ktc's output differs from PyTorch's by %.2e relative, more than %.0e", diff, TOLERANCE));
        }

        ChipTarget chip;
        try (PluginRegistry plugins = PluginRegistry.fromClasspath()) {
            chip = plugins.chipTarget(DEMO_CHIP).create(Map.of());
        }
        EvaluationReport evaluation = Evaluator.evaluate(Optimizer.general().run(model).model(), chip);
        out.printf(Locale.ROOT, "[4/5] evaluate on the %s: %d nodes on the NPU, %d on the CPU; estimated %.3f ms"
                + " (%.0f FPS)%n", chip.name(), evaluation.nodes().stream().filter(n -> n.type() != NodeType.CPU).count(),
                evaluation.totals().cpuNodes().size(), evaluation.totals().timeMs(), evaluation.totals().fps());
        out.flush();

        List<Tensor> calibration = calibrationImages(input);
        Analysis.Result quantized = Analysis.run(model, chip, Map.of(inputName, calibration),
                AnalysisOptions.defaults().withThreads(threads.value()), done -> { });
        Tensor fixedLogits;
        try (FixedPointRunner runner = new FixedPointRunner(quantized.model(), threads.value())) {
            fixedLogits = runner.run(Map.of(inputName, input)).get(outputName);
        }
        Snr snr = new Snr();
        snr.add(logits.toFloatArray(), fixedLogits.toFloatArray(), logits.size());
        out.printf(Locale.ROOT, "[5/5] analysis int8 for the %s, calibrated on %d variants of the image: %d tensors"
                + " quantized; fixed-point logits vs float: SNR %.1f dB, top class %s%n", chip.name(),
                calibration.size(), quantized.model().params().size(), snr.db(),
                labels.get(argmax(fixedLogits)).equals(labels.get(argmax(logits))) ? "the same" : "DIFFERENT");
        out.flush();

        Map<String, Consumer<Path>> files = new LinkedHashMap<>();
        files.put("model.onnx", p -> ModelFiles.save(model, p));
        files.put("model.bie", p -> BieFile.write(quantized.model(), p));
        files.put("input.npy", p -> Npy.write(input, p));
        Map<String, String> names = OutputDir.fileNames(outputs.keySet(), ".npy");
        outputs.forEach((name, t) -> files.put(names.get(name), p -> Npy.write(t.castTo(DataType.FLOAT), p)));
        OutputDir.write(outDir, files);
        out.println("wrote " + outDir + ": " + String.join(", ", files.keySet()));
        out.println("not built yet: compile, the hardware simulator and combine");
        out.flush();
        return 0;
    }

    /**
     * Calibration data from the one bundled image: the image itself and its mirror images, shifts and
     * brightness changes (the model's classes keep their pattern under these), eight in all.
     */
    private static List<Tensor> calibrationImages(Tensor image) {
        int[] shape = image.shape();
        int h = shape[2];
        int w = shape[3];
        float[] src = image.toFloatArray();
        List<Tensor> out = new ArrayList<>();
        for (int variant = 0; variant < 8; variant++) {
            float[] v = new float[src.length];
            boolean mirror = (variant & 1) != 0;
            int shift = (variant & 2) != 0 ? 2 : 0;
            float gain = (variant & 4) != 0 ? 0.8f : 1f;
            for (int c = 0; c < src.length / (h * w); c++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int sx = Math.floorMod((mirror ? w - 1 - x : x) + shift, w);
                        v[(c * h + y) * w + x] = gain * src[(c * h + y) * w + sx];
                    }
                }
            }
            out.add(Tensor.of(v, shape));
        }
        return out;
    }

    private static int argmax(Tensor t) {
        int best = 0;
        for (int i = 1; i < t.size(); i++) {
            if (t.getDouble(i) > t.getDouble(best)) {
                best = i;
            }
        }
        return best;
    }

    /** Imports the bundled model the way {@code ktc import} does: from a file, through the frontend. */
    private static Model importBundled() throws IOException {
        Path dir = Files.createTempDirectory("ktc-demo");
        try {
            Path file = dir.resolve("model.onnx");
            Files.write(file, resource("model.onnx"));
            Model model = ModelFiles.load("onnx", List.of(file));
            ModelSummary.check(model);
            return model;
        } finally {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void printTop5(PrintWriter out, Tensor logits, List<String> labels) {
        int n = logits.size();
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits.getDouble(i));
        }
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.exp(logits.getDouble(i) - max);
            sum += p[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingDouble(i -> -p[i]));
        for (int k = 0; k < Math.min(5, n); k++) {
            int i = order.get(k);
            String label = i < labels.size() ? labels.get(i) : "class " + i;
            out.printf(Locale.ROOT, "              %s %-20s %6.2f%%%n", k == 0 ? "top-5:" : "      ", label, 100 * p[i] / sum);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoCommand.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new KtcException("the demo's " + name + " is missing from the ktc jar; rebuild it");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
