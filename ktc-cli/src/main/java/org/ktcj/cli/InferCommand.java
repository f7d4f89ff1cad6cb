package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
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
import org.ktcj.runtime.fx.FixedPointOperators;
import org.ktcj.runtime.io.Npy;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.plugins.PluginRegistry;
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

    @Override
    public Integer call() {
        OutputDir.check(outDir);
        boolean fixedPoint = model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bie");
        Model m;
        if (fixedPoint) {
            m = BieFile.read(model).fixedModel();
        } else {
            try (PluginRegistry registry = plugins.load()) {
                m = ModelFiles.load(model, registry);
            }
        }
        // A .bie runs in the fixed-point simulator: its integer operators join the standard ones.
        OperatorRegistry operators = fixedPoint ? FixedPointOperators.registry() : SessionOptions.standardRegistry();
        Map<String, Tensor> results;
        double millis;
        try (Session session = Session.create(m, new SessionOptions(threads.value(), operators))) {
            Map<String, Tensor> feeds = InputArgs.read(inputs, session.inputs(), layout);
            for (ValueInfo in : session.inputs()) {
                if (!feeds.containsKey(in.name())) {
                    throw new KtcException("input '" + in.name() + "' is missing: give --input " + in.name()
                            + "=PATH (the model's inputs are " + InputArgs.names(session.inputs()) + ")");
                }
            }
            long start = System.nanoTime();
            results = session.run(feeds);
            millis = (System.nanoTime() - start) / 1e6;
        }
        Map<String, String> fileNames = OutputDir.fileNames(results.keySet(), ".npy");
        Map<String, Consumer<Path>> files = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : results.entrySet()) {
            Tensor t = asFloat(e.getKey(), e.getValue());
            files.put(fileNames.get(e.getKey()), p -> Npy.write(t, p));
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

    private static Tensor asFloat(String name, Tensor t) {
        if (t.type() == DataType.STRING) {
            throw new KtcException("output '" + name + "' holds strings, which .npy output does not take");
        }
        return t.castTo(DataType.FLOAT);
    }
}
