package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ktcj.KtcException;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Model;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.optimize.ModelEditor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ktc edit}: Kneron's model editor. The edits apply in its order: deletions, added nodes, shapes,
 * renames and pixel modification, then cuts.
 */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = {"Edits an ONNX model: deletes nodes, inputs or outputs; adds do-nothing Conv or"
                + " BatchNormalization nodes; changes input and output shapes (every other shape is inferred again);"
                + " renames outputs; folds a pixel scale and bias into the first layer; cuts the graph.",
            "Edits apply in this order: deletions, added nodes, shapes, renames, pixel modification, cuts."})
final class EditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL.onnx", description = "The model to edit.")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.onnx",
            description = "The edited model to write.")
    Path output;

    @Option(names = "--delete-node", paramLabel = "NODE",
            description = "Delete the node (only it): its readers read its first input.")
    List<String> deleteNodes = new ArrayList<>();

    @Option(names = "--delete-input", paramLabel = "NAME",
            description = "Delete the graph input and all that depends on it.")
    List<String> deleteInputs = new ArrayList<>();

    @Option(names = "--delete-output", paramLabel = "NAME",
            description = "Delete the graph output and what only it needed.")
    List<String> deleteOutputs = new ArrayList<>();

    @Option(names = "--add-conv-after", paramLabel = "VALUE",
            description = "Add a do-nothing 1x1 Conv after the value.")
    List<String> addConv = new ArrayList<>();

    @Option(names = "--add-bn-after", paramLabel = "VALUE",
            description = "Add a do-nothing BatchNormalization after the value.")
    List<String> addBn = new ArrayList<>();

    @Option(names = "--input-shape", paramLabel = "NAME=D0,D1,...", description = "Give an input a new shape"
            + " (a dimension may be a symbol, e.g. N); a model with one input also takes D0,D1,...")
    List<String> inputShapes = new ArrayList<>();

    @Option(names = "--output-shape", paramLabel = "NAME=D0,D1,...", description = "Declare an output's shape.")
    List<String> outputShapes = new ArrayList<>();

    @Option(names = "--rename-output", paramLabel = "OLD=NEW", description = "Rename a graph output.")
    List<String> renames = new ArrayList<>();

    @Option(names = "--pixel-scale", split = ",", paramLabel = "S", description = "Scale the input per channel (one"
            + " value, or one per channel) before the model, folded into the first layer where possible.")
    float[] pixelScale;

    @Option(names = "--pixel-bias", split = ",", paramLabel = "B",
            description = "Add to the input per channel after --pixel-scale.")
    float[] pixelBias;

    @Option(names = "--cut-after", paramLabel = "VALUE",
            description = "End the graph at the value: it becomes an output, and every node after it goes.")
    List<String> cutAfter = new ArrayList<>();

    @Option(names = "--cut-before", paramLabel = "VALUE", description = "Start the graph at the value: it becomes an"
            + " input, and the nodes that only computed it go.")
    List<String> cutBefore = new ArrayList<>();

    @Option(names = "--cut-from-node", paramLabel = "NODE",
            description = "Remove the node and everything after it; what it read becomes an output.")
    List<String> cutFromNodes = new ArrayList<>();

    @Option(names = "--cut-from-type", paramLabel = "OP",
            description = "As --cut-from-node, for every node of the op type.")
    List<String> cutFromTypes = new ArrayList<>();

    @Override
    public Integer call() {
        Model model = ModelFiles.load(input);
        ModelEditor e = ModelEditor.of(model);
        if (!deleteNodes.isEmpty()) {
            e.deleteNodes(deleteNodes);
        }
        if (!deleteInputs.isEmpty()) {
            e.deleteInputs(deleteInputs);
        }
        if (!deleteOutputs.isEmpty()) {
            e.deleteOutputs(deleteOutputs);
        }
        if (!addConv.isEmpty()) {
            e.addConvAfter(addConv);
        }
        if (!addBn.isEmpty()) {
            e.addBnAfter(addBn);
        }
        for (String s : inputShapes) {
            String[] nv = nameAndValue(s, model.graph().inputs(), "--input-shape");
            e.setInputShape(nv[0], shape(nv[1], s));
        }
        for (String s : outputShapes) {
            String[] nv = nameAndValue(s, model.graph().outputs(), "--output-shape");
            e.setOutputShape(nv[0], shape(nv[1], s));
        }
        for (String r : renames) {
            int eq = r.lastIndexOf('=');
            if (eq <= 0 || eq == r.length() - 1) {
                throw new KtcException("--rename-output takes OLD=NEW, got '" + r + "'");
            }
            e.renameOutput(r.substring(0, eq), r.substring(eq + 1));
        }
        if (pixelScale != null || pixelBias != null) {
            e.pixelModify(pixelScale == null ? new float[] {1f} : pixelScale,
                    pixelBias == null ? new float[] {0f} : pixelBias);
        }
        if (!cutAfter.isEmpty()) {
            e.cutAfter(cutAfter);
        }
        if (!cutBefore.isEmpty()) {
            e.cutBefore(cutBefore);
        }
        if (!cutFromNodes.isEmpty()) {
            e.cutFromNodes(cutFromNodes);
        }
        if (!cutFromTypes.isEmpty()) {
            e.cutFromTypes(cutFromTypes);
        }
        Model edited = e.model();
        ModelFiles.save(edited, output);
        PrintWriter out = spec.commandLine().getOut();
        e.changes().forEach(out::println);
        out.println("wrote " + output + ": " + ModelSummary.oneLine(edited));
        out.flush();
        return 0;
    }

    /** NAME=VALUE, the name one of {@code values}; a lone VALUE when there is one. */
    private static String[] nameAndValue(String arg, List<ValueInfo> values, String option) {
        // Names may hold '=': the name ends at the last '=' whose left side names a value.
        for (int eq = arg.lastIndexOf('='); eq > 0; eq = arg.lastIndexOf('=', eq - 1)) {
            String name = arg.substring(0, eq);
            if (values.stream().anyMatch(v -> v.name().equals(name))) {
                return new String[] {name, arg.substring(eq + 1)};
            }
        }
        if (values.size() == 1 && !arg.contains("=")) {
            return new String[] {values.get(0).name(), arg};
        }
        throw new KtcException(option + " '" + arg + "' names none of "
                + values.stream().map(ValueInfo::name).toList());
    }

    /** "1,3,224,224" or "N,3,224,224" as a shape. */
    private static Shape shape(String dims, String arg) {
        List<Dim> out = new ArrayList<>();
        for (String d : dims.split(",", -1)) {
            String t = d.strip();
            if (t.isEmpty()) {
                throw new KtcException("shape '" + arg + "' has an empty dimension");
            }
            if (t.chars().allMatch(Character::isDigit)) {
                out.add(Dim.of(Long.parseLong(t)));
            } else if (Character.isLetter(t.charAt(0))) {
                out.add(Dim.symbol(t));
            } else {
                throw new KtcException("shape '" + arg + "': '" + t + "' is neither a size nor a symbol");
            }
        }
        return Shape.of(out);
    }
}
