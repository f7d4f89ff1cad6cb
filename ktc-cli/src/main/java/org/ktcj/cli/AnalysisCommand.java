package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.bie.BieFile;
import org.ktcj.runtime.evaluate.Evaluator;
import org.ktcj.runtime.evaluate.TextReport;
import org.ktcj.runtime.plugins.PluginRegistry;
import org.ktcj.runtime.quant.Analysis;
import org.ktcj.runtime.quant.AnalysisOptions;
import org.ktcj.runtime.quant.FxReport;
import org.ktcj.runtime.quant.FxReportFiles;
import org.ktcj.spi.chip.ChipTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ktc analysis}: quantizes a float model for a chip after calibrating it over the user's inputs,
 * and writes the fixed-point model as a {@code .bie} (with the optimized float model beside it as
 * {@code .decomposed.onnx}). Mode 0 only evaluates; 2 and 3 also check the fixed-point model against the
 * float one on one or all inputs.
 */
@Command(name = "analysis", mixinStandardHelpOptions = true,
        description = "Calibrates a float model over inputs and quantizes it for the chip: writes the .bie"
                + " (and the optimized float model as .decomposed.onnx beside it).")
final class AnalysisCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The float model (.onnx).")
    Path model;

    @Option(names = "--platform", required = true, paramLabel = "520|720|530|630", description = "The chip.")
    String platform;

    @Option(names = "--input", required = true, paramLabel = "NAME=PATH",
            description = "Calibration data for input NAME: a .npy file (one sample, or a batch on axis 0) or a"
                    + " directory of .npy files; repeat for each input (or to add more).")
    List<String> inputs;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.bie", description = "The .bie to write (not with --mode 0).")
    Path output;

    @Option(names = "--datapath-range-method", defaultValue = "percentage", paramLabel = "percentage|mmse",
            description = "How activation ranges follow from the data (default percentage).")
    String rangeMethod;

    @Option(names = "--percentage", defaultValue = "0.999", paramLabel = "F",
            description = "percentage: the fraction of |x| the range covers (default 0.999; 1 for detection).")
    double percentage;

    @Option(names = "--percentage-16b", defaultValue = "0.999999", paramLabel = "F",
            description = "percentage: the same for 16-bit tensors, at least --percentage (default 0.999999).")
    double percentage16;

    @Option(names = "--percentile", defaultValue = "0.001", paramLabel = "F",
            description = "mmse: how far below the maximum the range search goes, as a quantile (default 0.001).")
    double percentile;

    @Option(names = "--outlier-factor", defaultValue = "1.0", paramLabel = "F",
            description = "mmse: the weight of clipping error against rounding error (default 1; higher keeps more range).")
    double outlierFactor;

    @Option(names = "--datapath-bitwidth", defaultValue = "int8", paramLabel = "int8|int16",
            description = "Activations (default int8).")
    String datapathBitwidth;

    @Option(names = "--weight-bitwidth", defaultValue = "int8", paramLabel = "int4|int8|int16",
            description = "Weights (default int8).")
    String weightBitwidth;

    @Option(names = "--model-in-bitwidth", defaultValue = "int8", paramLabel = "int8|int16", description = "The model's inputs.")
    String modelInBitwidth;

    @Option(names = "--model-out-bitwidth", defaultValue = "int8", paramLabel = "int8|int16", description = "The model's outputs.")
    String modelOutBitwidth;

    @Option(names = "--cpu-node-bitwidth", defaultValue = "int8", paramLabel = "int8|int16", description = "CPU nodes' outputs.")
    String cpuNodeBitwidth;

    @Option(names = "--mode", defaultValue = "1", paramLabel = "0..3", description = "0: evaluate only; 1: quantize"
            + " (default); 2: and check against float on one input; 3: on every input.")
    int mode;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where to write model_fx_report.html and"
            + " .json (default: beside the .bie).")
    Path reportDir;

    @Option(names = "--layout", defaultValue = "nchw", paramLabel = "nchw|nhwc", description = "The layout of 4-D inputs.")
    Layout layout;

    @Mixin
    ThreadsOption threads;

    @Mixin
    PluginsDirOption plugins;

    @Override
    public Integer call() {
        if (mode < 0 || mode > 3) {
            throw new KtcException("--mode must be 0, 1, 2 or 3, not " + mode);
        }
        if (mode > 0 && output == null) {
            throw new KtcException("give -o FILE.bie (only --mode 0 writes nothing)");
        }
        if (output != null && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bie")) {
            throw new KtcException("-o " + output + ": the fixed-point model is written as a .bie file");
        }
        if (output != null) {
            OutputDir.check(output.toAbsolutePath().getParent()); // before the long calibration, not after
        }
        PrintWriter out = spec.commandLine().getOut();
        try (PluginRegistry registry = plugins.load()) {
            Model m = ModelFiles.load(model, registry);
            ChipTarget chip = registry.chipTarget(platform).create(Map.of());
            AnalysisOptions options = AnalysisOptions.defaults()
                    .withBitwidths(datapathBitwidth, weightBitwidth)
                    .withBorderBitwidths(modelInBitwidth, modelOutBitwidth, cpuNodeBitwidth)
                    .withRange(rangeMethod, percentage, percentage16, percentile, outlierFactor)
                    .withThreads(threads.value());
            options.quantOptions(chip); // option errors before any work
            if (mode == 0) {
                out.print(TextReport.summary(Evaluator.evaluate(m, chip)));
                out.flush();
                return 0;
            }
            Map<String, List<Tensor>> data = InputArgs.readSamples(inputs, m.graph().inputs(), layout);
            Analysis.Result result = Analysis.run(m, chip, data, options,
                    Progress.of("calibration", Analysis.sampleCount(data)));
            OutputDir.create(output.toAbsolutePath().getParent());
            BieFile.write(result.model(), output);
            Path decomposed = output.resolveSibling(baseName(output) + ".decomposed.onnx");
            ModelFiles.save(result.model().floatModel(), decomposed, registry);
            out.println("wrote " + output + " (" + chip.name() + ", " + result.model().params().size()
                    + " quantized tensors) and " + decomposed.getFileName());
            List<Map<String, Tensor>> verifyOn = mode < 2 ? List.of()
                    : Analysis.samples(result.model().floatModel(), data);
            FxReport report = Analysis.report(result, mode == 2 ? verifyOn.subList(0, 1) : verifyOn,
                    threads.value());
            Path dir = reportDir != null ? reportDir : output.toAbsolutePath().getParent();
            OutputDir.write(dir, Map.of(FxReportFiles.JSON_FILE, p -> OutputDir.writeString(p, FxReportFiles.json(report)),
                    FxReportFiles.HTML_FILE, p -> OutputDir.writeString(p, FxReportFiles.html(report))));
            for (Map.Entry<String, Double> e : report.outputSnrDb().entrySet()) {
                out.printf(Locale.ROOT, "SNR of output %s on %d input%s: %.2f dB%n", e.getKey(), report.verifiedOn(),
                        report.verifiedOn() == 1 ? "" : "s", e.getValue());
            }
            out.println("wrote " + dir.resolve(FxReportFiles.HTML_FILE) + " and " + FxReportFiles.JSON_FILE);
        }
        out.flush();
        return 0;
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".bie".length());
    }
}
