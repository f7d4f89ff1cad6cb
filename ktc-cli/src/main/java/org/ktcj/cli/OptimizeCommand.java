package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.ktcj.ir.Model;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.optimize.Optimizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ktc optimize}: the optimizer flows (general, or PyTorch's with {@code --pytorch}) with Kneron's
 * options, printing what each pass changed.
 */
@Command(name = "optimize", mixinStandardHelpOptions = true,
        description = {"Optimizes an ONNX model for the NPU: infers shapes, folds constants, removes operators that"
                + " do nothing, fuses BatchNormalization, Pad and MatMul+Add, replaces costly operators. The outputs"
                + " stay the same (unless --eliminate-tail). Prints nodes before and after each pass."})
final class OptimizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "MODEL.onnx", description = "The model to optimize.")
    Path input;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE.onnx", description = "The optimized model to write.")
    Path output;

    @Option(names = "--pytorch",
            description = "Use the flow for PyTorch exports (torch_exported_onnx_flow, then the general one).")
    boolean pytorch;

    @Option(names = "--eliminate-tail", description = "Remove trailing Reshape, Transpose, Flatten, Squeeze,"
            + " Unsqueeze and Softmax nodes: the outputs change, and the report says what post-processing must do.")
    boolean eliminateTail;

    @Option(names = "--no-fuse-bn", description = "Do not fuse BatchNormalization into convolutions.")
    boolean noFuseBn;

    @Option(names = "--upgrade-opset", arity = "0..1", fallbackValue = "" + Optimizer.DEFAULT_TARGET_OPSET,
            paramLabel = "OPSET", description = "First upgrade a model of an older opset (9, 10...) to OPSET"
                    + " (default ${FALLBACK-VALUE}).")
    Integer upgradeOpset;

    @Option(names = "--skip", split = ",", paramLabel = "PASS", description = "Skip a pass or rule by name; repeat or"
            + " separate names by commas (--list-passes shows them).")
    List<String> skip;

    @Option(names = "--list-passes", description = "Print the flow's passes and rules, and exit.")
    boolean listPasses;

    @Override
    public Integer call() {
        Optimizer optimizer = pytorch ? Optimizer.pytorch() : Optimizer.general();
        PrintWriter out = spec.commandLine().getOut();
        if (listPasses) {
            out.print(optimizer.describe());
            out.flush();
            return 0;
        }
        if (input == null || output == null) {
            throw new ParameterException(spec.commandLine(), "give the model to optimize and -o FILE.onnx");
        }
        if (eliminateTail) {
            optimizer = optimizer.eliminatingTail();
        }
        if (noFuseBn) {
            optimizer = optimizer.withoutBnFusion();
        }
        if (upgradeOpset != null) {
            optimizer = optimizer.upgradingOpset(upgradeOpset);
        }
        if (skip != null) {
            optimizer = optimizer.skipping(skip);
        }
        Model model = ModelFiles.load(input);
        Optimizer.Result result = optimizer.run(model);
        ModelFiles.save(result.model(), output);
        out.print(result.report().format());
        out.println("wrote " + output + ": " + ModelSummary.oneLine(result.model()));
        out.flush();
        return 0;
    }
}
