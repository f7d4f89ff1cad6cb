package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.bie.BieFile;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.exec.TensorRecorder;
import org.ktcj.runtime.fx.FixedPointOperators;
import org.ktcj.runtime.io.Npy;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.plugins.PluginRegistry;
import org.ktcj.runtime.quant.FixedPointModel;
import org.ktcj.runtime.quant.QuantParams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ktc infer}: runs a model on inputs from .npy files and writes each output as
 * {@code OUT_DIR/<output name>.npy}, float32. The outputs are written only once all are computed.
 */
@Command(name = "infer", mixinStandardHelpOptions = true,
        description = "Runs a model on .npy inputs and writes OUT_DIR/<output name>.npy (float32) per output.")
final class InferCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
            description = "The model: .onnx (the float simulator) or .bie (the fixed-point simulator; outputs"
                    + " dequantized to float32); .nef is not supported yet.")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "NAME=PATH",
            description = "A .npy file for the model's input NAME; repeat for each input. "
                    + "A model with one input also takes --input PATH.")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT_DIR",
            description = "The directory to write the outputs to (created if absent).")
    Path outDir;

    @Option(names = "--layout", defaultValue = "nchw", paramLabel = "nchw|nhwc",
            description = "The layout of 4-D inputs: nchw (default) or nhwc (channel last, transposed to NCHW).")
    Layout layout;

    @Mixin
    ThreadsOption threads;

    @Mixin
    PluginsDirOption plugins;

    @Option(names = "--raw", description = "With a .bie, also write each output's integers as OUT_DIR/<name>.raw.npy"
            + " and their bits, radix and scale (x = q / (scale * 2^radix)) as <name>.raw.json.")
    boolean raw;

    @Override
    public Integer call() {
        OutputDir.check(outDir);
        boolean fixedPoint = model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bie");
        if (raw && !fixedPoint) {
            throw new KtcException("--raw needs a fixed-point model (.bie): a float model has no integers");
        }
        Model m;
        FixedPointModel fx = null;
        if (fixedPoint) {
            fx = BieFile.read(model);
            m = fx.fixedModel();
        } else {
            try (PluginRegistry registry = plugins.load()) {
                m = ModelFiles.load(model, registry);
            }
        }
        // A .bie runs in the fixed-point simulator: its integer operators join the standard ones.
        OperatorRegistry operators = fixedPoint ? FixedPointOperators.registry() : SessionOptions.standardRegistry();
        Map<String, Tensor> results;
        double millis;
        TensorRecorder integers = null;
        if (raw) {
            List<String> names = new ArrayList<>();
            fx.floatModel().graph().outputs().forEach(o -> names.add(o.name()));
            integers = TensorRecorder.only(names.stream().map(fx::integerName).toList());
        }
        try (Session session = Session.create(m, new SessionOptions(threads.value(), operators))) {
            Map<String, Tensor> feeds = InputArgs.read(inputs, session.inputs(), layout);
            for (ValueInfo in : session.inputs()) {
                if (!feeds.containsKey(in.name())) {
                    throw new KtcException("input '" + in.name() + "' is missing: give --input " + in.name()
                            + "=PATH (the model's inputs are " + InputArgs.names(session.inputs()) + ")");
                }
            }
            long start = System.nanoTime();
            results = session.run(feeds, integers);
            millis = (System.nanoTime() - start) / 1e6;
        }
        Map<String, String> fileNames = OutputDir.fileNames(results.keySet(), ".npy");
        Map<String, Consumer<Path>> files = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : results.entrySet()) {
            Tensor t = asFloat(e.getKey(), e.getValue());
            files.put(fileNames.get(e.getKey()), p -> Npy.write(t, p));
        }
        if (raw) {
            addRaw(files, fx, integers, results.keySet());
        }
        List<Path> written = OutputDir.write(outDir, files);

        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "ran %s in %.1f ms (%d threads)%n", model, millis, threads.resolved());
        int i = 0;
        for (Map.Entry<String, Tensor> e : results.entrySet()) {
            out.printf(Locale.ROOT, "  %s: float%s -> %s%n", e.getKey(), Arrays.toString(e.getValue().shape()), written.get(i++));
        }
        out.flush();
        return 0;
    }

    /**
     * The integers of every output the NPU computes (an output a CPU node computes in float has none),
     * with their representation.
     */
    private static void addRaw(Map<String, Consumer<Path>> files, FixedPointModel fx, TensorRecorder integers,
                               Collection<String> outputs) {
        Map<String, String> npy = OutputDir.fileNames(outputs, ".raw.npy");
        Map<String, String> json = OutputDir.fileNames(outputs, ".raw.json");
        for (String name : outputs) {
            String integerName = fx.integerName(name);
            Tensor q = integers.get(integerName);
            QuantParams p = fx.params().get(integerName);
            if (q != null && p != null) {
                files.put(npy.get(name), f -> Npy.write(q, f));
                files.put(json.get(name), f -> OutputDir.writeString(f, String.format(Locale.ROOT,
                        "{\"bits\": %d, \"radix\": %d, \"scale\": %s}%n", p.bits(), p.radix(0), p.scale(0))));
            }
        }
    }

    private static Tensor asFloat(String name, Tensor t) {
        if (t.type() == DataType.STRING) {
            throw new KtcException("output '" + name + "' holds strings, which .npy output does not take");
        }
        return t.castTo(DataType.FLOAT);
    }
}
