package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.ktcj.ir.Model;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.evaluate.EvaluationReport;
import org.ktcj.runtime.evaluate.Evaluator;
import org.ktcj.runtime.evaluate.HtmlReport;
import org.ktcj.runtime.evaluate.JsonReport;
import org.ktcj.runtime.evaluate.TextReport;
import org.ktcj.runtime.evaluate.UnsupportedNodeException;
import org.ktcj.runtime.plugins.PluginRegistry;
import org.ktcj.spi.chip.ChipTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ktc evaluate}: places every node of a model on a chip's NPU or CPU and estimates the NPU time
 * (the IP evaluator). Prints a summary; with {@code -o} also writes {@code report.txt},
 * {@code report.json} and {@code report.html} there. A node that runs nowhere fails the command with
 * Kneron's error for it, after the reports are written.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Places every node of a model on the chip's NPU or CPU and estimates the NPU time; "
                + "with -o writes report.txt, report.json and report.html.")
final class EvaluateCommand implements Callable<Integer> {
    static final String TEXT = "report.txt";
    static final String JSON = "report.json";
    static final String HTML = "report.html";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "The model (.onnx).")
    Path model;

    @Option(names = "--platform", required = true, paramLabel = "520|720|530|630",
            description = "The chip, by its platform id.")
    String platform;

    @Option(names = {"-o", "--output"}, paramLabel = "REPORT_DIR",
            description = "The directory to write the reports to (created if absent).")
    Path reportDir;

    @Mixin
    PluginsDirOption plugins;

    @Override
    public Integer call() {
        if (reportDir != null) {
            OutputDir.check(reportDir);
        }
        EvaluationReport report;
        try {
            report = evaluate();
        } catch (UnsupportedNodeException e) {
            // The reports show every node, which helps to change the model; the error stays one line.
            write(e.report());
            throw e;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(TextReport.summary(report));
        if (write(report)) {
            out.println("wrote " + reportDir.resolve(TEXT) + ", " + JSON + ", " + HTML);
        }
        out.flush();
        return 0;
    }

    /**
     * Reads the model and finds the chip among the plugins (the class path's, then the plugins
     * directory's), and evaluates the model on it while the plugins are loaded.
     */
    private EvaluationReport evaluate() {
        try (PluginRegistry registry = plugins.load()) {
            Model m = ModelFiles.load(model, registry);
            ChipTarget chip = registry.chipTarget(platform).create(Map.of());
            return Evaluator.evaluate(m, chip);
        }
    }

    /** Writes the three reports when a directory was given; says whether it was. */
    private boolean write(EvaluationReport report) {
        if (reportDir == null) {
            return false;
        }
        Map<String, Consumer<Path>> files = new LinkedHashMap<>();
        files.put(TEXT, p -> OutputDir.writeString(p, TextReport.full(report)));
        files.put(JSON, p -> OutputDir.writeString(p, JsonReport.render(report)));
        files.put(HTML, p -> OutputDir.writeString(p, HtmlReport.render(report)));
        OutputDir.write(reportDir, files);
        return true;
    }
}
