package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.bie.BieFile;
import org.ktcj.runtime.fx.FixedPointOperators;
import org.ktcj.runtime.quant.Calibration;
import org.ktcj.runtime.quant.FixedPointModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ktc bench}: times the float simulator and ONNX Runtime on the same model and inputs in the same
 * run, and checks that their outputs agree. ONNX Runtime is optional at run time: without its jar only
 * ktc is timed. Also reports the Java heap ktc holds with the model loaded and run, against
 * {@link HeapFigures}' goal.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times ktc and ONNX Runtime on the same model and inputs, and compares their outputs.")
final class BenchCommand implements Callable<Integer> {
    /** Random inputs are the same on every run. */
    static final long SEED = 42;
    private static final String ORT_CLASS = "ai.onnxruntime.OrtEnvironment";

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE", description = "The .onnx model.")
    Path model;

    @Option(names = "--input", paramLabel = "NAME=PATH",
            description = "A .npy file for input NAME; inputs not given are made up from the declared shapes "
                    + "(symbolic dimensions 1; floats random normal with a fixed seed, integers zero).")
    List<String> inputs = new ArrayList<>();

    @Mixin
    ThreadsOption threads;

    private int repeat;
    private int warmup;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "30", description = "Timed runs per engine (default 30).")
    void repeat(int n) {
        if (n < 1) {
            throw new ParameterException(spec.commandLine(), "--repeat must be 1 or more, not " + n);
        }
        repeat = n;
    }

    @Option(names = "--warmup", paramLabel = "N", defaultValue = "5", description = "Untimed runs first (default 5).")
    void warmup(int n) {
        if (n < 0) {
            throw new ParameterException(spec.commandLine(), "--warmup must be 0 or more, not " + n);
        }
        warmup = n;
    }

    @Override
    public Integer call() {
        if (model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bie")) {
            return benchFixedPoint(BieFile.read(model));
        }
        Model m = ModelFiles.load(model);
        int n = threads.resolved();
        Map<String, Tensor> feeds = feeds(m);
        PrintWriter out = spec.commandLine().getOut();
        KtcResult ktcResult = timeKtc(m, n, feeds);
        Timings ktc = ktcResult.timings();
        Map<String, Tensor> ktcOut = ktcResult.outputs();
        // What the session holds beyond the model: measured as a difference, which leaves out what a
        // collector does not compact away.
        long sessionHeap = ktcResult.heapWithSession() - HeapFigures.usedHeap();
        Timings ort = null;
        Map<String, Tensor> ortOut = null;
        String note = null;
        if (!ortOnClassPath()) {
            note = "note: ONNX Runtime's jar is absent from the class path, so only ktc was timed"
                    + " (the ktc launcher adds ktc-cli/target/bench-lib for bench)";
        } else {
            try (BenchEngine engine = openOrt(model, n, feeds)) {
                ort = time(engine);
                ortOut = engine.outputs();
            } catch (KtcException | LinkageError e) {
                note = "note: ONNX Runtime could not run the model, so only ktc was timed: " + e.getMessage();
            }
        }

        out.printf(Locale.ROOT, "%-14s %10s %10s %10s%n", "engine", "median ms", "p10 ms", "p90 ms");
        row(out, "ktc", ktc);
        if (ort != null) {
            row(out, "ONNX Runtime", ort);
            out.printf(Locale.ROOT, "ratio ktc/ORT (medians): %.2f%n", ktc.median() / ort.median());
            out.println(agreement(ktcOut, ortOut));
        } else {
            out.println(note);
        }
        HeapFigures goal = HeapFigures.of(m, feeds);
        out.printf(Locale.ROOT, "ktc heap: weights %.1f MB + session %.1f MB = %.1f MB; goal %.1f MB"
                + " (weights + 2 x largest activation pair of %.1f MB)%n", goal.weightBytes() / 1e6,
                sessionHeap / 1e6, (goal.weightBytes() + sessionHeap) / 1e6, goal.goalBytes() / 1e6,
                goal.pairBytes() / 1e6);
        out.flush();
        return 0;
    }

    /** The inputs: from --input files, else random with a fixed seed; says which on the terminal. */
    private Map<String, Tensor> feeds(Model m) {
        Map<String, Tensor> given = InputArgs.read(inputs, m.graph().inputs(), Layout.NCHW);
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        List<String> described = new ArrayList<>();
        Random random = new Random(SEED);
        for (ValueInfo in : m.graph().inputs()) {
            Tensor t = given.get(in.name());
            String how = "from file";
            if (t == null) {
                t = RandomInputs.make(in, random);
                how = RandomInputs.describe(in.type()) + ", seed " + SEED;
            }
            feeds.put(in.name(), t);
            described.add(in.name() + " " + t.type().displayName() + Arrays.toString(t.shape()) + " (" + how + ")");
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model %s: %d threads, %d warmup and %d timed runs per engine%n", model,
                threads.resolved(), warmup, repeat);
        out.println("inputs: " + String.join(", ", described));
        out.flush();
        return feeds;
    }

    /**
     * A .bie: the fixed-point simulator against the float simulator on the optimized float model it was
     * made from, and the cost of calibrating on one input (the float run observed by the histograms).
     */
    private int benchFixedPoint(FixedPointModel fx) {
        Map<String, Tensor> feeds = feeds(fx.floatModel());
        int n = threads.resolved();
        Timings fixed;
        Timings floating;
        try (KtcEngine e = new KtcEngine(fx.fixedModel(), FixedPointOperators.sessionOptions(n), feeds,
                "ktc fixed-point")) {
            fixed = time(e);
        }
        try (KtcEngine e = new KtcEngine(fx.floatModel(), n, feeds)) {
            floating = time(e);
        }
        Timings calibration = time(new BenchEngine() {
            @Override
            public String name() {
                return "calibration";
            }

            @Override
            public void run() {
                Calibration.run(fx.floatModel(), List.of(feeds), 1, done -> { });
            }

            @Override
            public Map<String, Tensor> outputs() {
                return Map.of();
            }

            @Override
            public void close() {
            }
        });
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%-22s %10s %10s %10s%n", "engine", "median ms", "p10 ms", "p90 ms");
        out.printf(Locale.ROOT, "%-22s %10.3f %10.3f %10.3f%n", "ktc fixed-point", fixed.median(), fixed.p10(),
                fixed.p90());
        out.printf(Locale.ROOT, "%-22s %10.3f %10.3f %10.3f%n", "ktc float", floating.median(), floating.p10(),
                floating.p90());
        out.printf(Locale.ROOT, "%-22s %10.3f %10.3f %10.3f%n", "calibration, 1 input", calibration.median(),
                calibration.p10(), calibration.p90());
        out.printf(Locale.ROOT, "ratio fixed-point/float (medians): %.2f; calibration: %.1f inputs/s on one"
                + " thread%n", fixed.median() / floating.median(), 1000 / calibration.median());
        out.flush();
        return 0;
    }

    private record KtcResult(Timings timings, Map<String, Tensor> outputs, long heapWithSession) {
    }

    /** ktc's timings and outputs, and the heap in use while its session is open. */
    private KtcResult timeKtc(Model m, int threads, Map<String, Tensor> feeds) {
        try (KtcEngine engine = new KtcEngine(m, threads, feeds)) {
            Timings t = time(engine);
            Map<String, Tensor> outputs = engine.outputs();
            return new KtcResult(t, outputs, HeapFigures.usedHeap());
        }
    }

    private Timings time(BenchEngine engine) {
        for (int i = 0; i < warmup; i++) {
            engine.run();
        }
        double[] millis = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            engine.run();
            millis[i] = (System.nanoTime() - start) / 1e6;
        }
        return Timings.of(millis);
    }

    private static void row(PrintWriter out, String engine, Timings t) {
        out.printf(Locale.ROOT, "%-14s %10.3f %10.3f %10.3f%n", engine, t.median(), t.p10(), t.p90());
    }

    /** The largest difference over the outputs both engines give, or what prevents comparing them. */
    private static String agreement(Map<String, Tensor> ktc, Map<String, Tensor> ort) {
        double worst = -1;
        String worstName = null;
        for (Map.Entry<String, Tensor> e : ktc.entrySet()) {
            Tensor reference = ort.get(e.getKey());
            if (reference == null) {
                continue;
            }
            if (!Arrays.equals(e.getValue().shape(), reference.shape())) {
                return "outputs DISAGREE: '" + e.getKey() + "' has shape " + Arrays.toString(e.getValue().shape())
                        + " in ktc and " + Arrays.toString(reference.shape()) + " in ONNX Runtime";
            }
            double d = Agreement.maxRelativeDifference(e.getValue(), reference);
            if (d > worst) {
                worst = d;
                worstName = e.getKey();
            }
        }
        return worstName == null ? "outputs: none to compare"
                : String.format(Locale.ROOT, "outputs: max relative difference ktc vs ONNX Runtime %.2e (output '%s')", worst, worstName);
    }

    private static boolean ortOnClassPath() {
        try {
            Class.forName(ORT_CLASS, false, BenchCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Kept apart so that {@link OrtEngine}, which needs ONNX Runtime's classes, loads only when called. */
    private static BenchEngine openOrt(Path model, int threads, Map<String, Tensor> feeds) {
        return new OrtEngine(model, threads, feeds);
    }
}
