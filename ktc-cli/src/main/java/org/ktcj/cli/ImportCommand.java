package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ktcj.ir.Model;
import org.ktcj.runtime.ModelFiles;
import picocli.CommandLine.Command;
import org.ktcj.runtime.plugins.PluginRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ktc import}: reads a model with a frontend, checks it, and writes it as ONNX. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Reads a model with the format's frontend, checks it, and writes it as ONNX.")
final class ImportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "The input's format: onnx (caffe, tflite and keras are not supported yet; a frontend plugin may add formats).")
    String format;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "The model file(s).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.onnx", description = "The ONNX file to write.")
    Path output;

    @Mixin
    PluginsDirOption plugins;

    @Override
    public Integer call() {
        Model model;
        try (PluginRegistry registry = plugins.load()) {
            model = ModelFiles.load(format, inputs, registry);
        }
        List<String> unsupported = ModelSummary.check(model);
        ModelFiles.save(model, output);
        PrintWriter out = spec.commandLine().getOut();
        out.println("wrote " + output + ": " + ModelSummary.oneLine(model));
        if (!unsupported.isEmpty()) {
            out.println("note: the simulator does not run these operators yet: " + String.join(", ", unsupported));
        }
        out.flush();
        return 0;
    }
}
