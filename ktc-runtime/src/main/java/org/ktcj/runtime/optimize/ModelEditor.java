package org.ktcj.runtime.optimize;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.optimize.passes.InferShapes;
import org.ktcj.runtime.optimize.rules.EliminateDeadNodes;
import org.ktcj.runtime.optimize.rules.FuseBnIntoNextConv;

/**
 * Edits a model by hand, as Kneron's editor does ({@code editor.py} and the {@code ktc.onnx_optimizer}
 * functions): delete nodes, inputs or outputs; cut the graph after or before values, from nodes, or
 * between named values; change input and output shapes; add a do-nothing Conv or BatchNormalization after a value;
 * rename an output; fold a pixel scale and bias into the first layer. Unlike the optimizer, these edits
 * change what the model computes, as asked.
 *
 * <pre>{@code
 * Model cut = ModelEditor.of(model).cutAfter(List.of("features"))
 *         .setInputShape("input", Shape.of(1, 3, 224, 224)).model();
 * }</pre>
 *
 * <p>Edits apply in call order (the {@code ktc edit} command orders them as Kneron's editor: deletions,
 * added nodes, shapes, then cuts). {@link #model()} infers every shape again and drops what nothing
 * reads any more. One editor edits one model.
 */
public final class ModelEditor {
    private final Model model;
    private final GraphEditor graph;
    private final Set<String> fixedOutputShapes = new HashSet<>();
    private final List<String> changes = new ArrayList<>();

    private ModelEditor(Model model) {
        this.model = model;
        this.graph = new GraphEditor(model, SessionOptions.standardRegistry());
    }

    /** An editor of the model (which itself never changes). */
    public static ModelEditor of(Model model) {
        return new ModelEditor(model);
    }

    /** What each edit did, one line each, in order. */
    public List<String> changes() {
        return List.copyOf(changes);
    }

    // ---- deleting ---------------------------------------------------------------------------------

    /**
     * Deletes the named nodes and only them: the readers of a node's output read its input 0 instead,
     * and a graph output it wrote becomes that input.
     *
     * @throws KtcException for an unknown name, a node without inputs whose output is read, or one whose
     *                      other outputs are read
     */
    public ModelEditor deleteNodes(Collection<String> names) {
        for (String name : names) {
            Node n = node(name);
            for (int i = 1; i < n.outputs().size(); i++) {
                if (!n.output(i).isEmpty() && graph.isUsed(n.output(i))) {
                    throw new KtcException("cannot delete " + n.describe() + ": its output '" + n.output(i)
                            + "' is read, and only output 0 can be reconnected");
                }
            }
            if (!n.outputs().isEmpty() && graph.readBySubgraph(n.output(0))) {
                throw new KtcException("cannot delete " + n.describe() + ": a subgraph reads its output '"
                        + n.output(0) + "'");
            }
            if (!n.hasInput(0) && !n.outputs().isEmpty() && graph.isUsed(n.output(0))) {
                throw new KtcException("cannot delete " + n.describe() + ": it has no input to connect its readers to");
            }
            if (n.outputs().isEmpty() || !n.hasInput(0)) {
                graph.remove(n);
            } else {
                graph.removeExposingInput(n);
            }
            changes.add("deleted " + n.describe());
        }
        graph.invalidateFacts();
        return this;
    }

    /** Deletes graph inputs and every node that depends on them, with the outputs those nodes wrote. */
    public ModelEditor deleteInputs(Collection<String> names) {
        for (String name : names) {
            int i = indexOf(graph.inputs(), name, "input");
            removeDownstream(graph.consumers(name));
            graph.removeInput(i);
            removeOutputsNamed(name);
            changes.add("deleted input '" + name + "' and what depends on it");
        }
        removeDeadNodes();
        return this;
    }

    /** Deletes graph outputs, and the nodes that only computed them. */
    public ModelEditor deleteOutputs(Collection<String> names) {
        for (String name : names) {
            graph.removeOutput(indexOf(graph.outputs(), name, "output"));
            changes.add("deleted output '" + name + "'");
        }
        removeDeadNodes();
        return this;
    }

    // ---- cutting ----------------------------------------------------------------------------------

    /**
     * Ends the graph at the named values: each becomes a graph output, and every node that reads it
     * (directly or not) is removed, with the outputs those nodes wrote.
     */
    public ModelEditor cutAfter(Collection<String> values) {
        for (String v : values) {
            requireValue(v);
            removeDownstream(graph.consumers(v));
            if (!graph.isGraphOutput(v)) {
                graph.addOutput(info(v));
            }
            changes.add("cut after '" + v + "'");
        }
        removeDeadNodes();
        return this;
    }

    /**
     * Removes the named nodes and everything after them; what they read from the rest of the graph
     * becomes graph outputs (Kneron's {@code cut_graph_from_nodes}).
     */
    public ModelEditor cutFromNodes(Collection<String> names) {
        List<Node> roots = new ArrayList<>();
        for (String name : names) {
            roots.add(node(name));
        }
        cutFrom(roots);
        changes.add("cut from nodes " + names);
        return this;
    }

    /** As {@link #cutFromNodes}, from every node of the given op types ({@code remove_nodes_with_types}). */
    public ModelEditor cutFromTypes(Collection<String> opTypes) {
        List<Node> roots = graph.nodes().stream().filter(n -> opTypes.contains(n.opType())).toList();
        cutFrom(roots);
        changes.add("cut from " + roots.size() + " nodes of types " + opTypes);
        return this;
    }

    /**
     * Starts the graph at the named values: each becomes a graph input (of its inferred type and shape),
     * and the nodes that only computed them go. The outputs stay.
     */
    public ModelEditor cutBefore(Collection<String> values) {
        keepBetween(List.copyOf(values), graph.outputs().stream().map(ValueInfo::name).toList());
        changes.add("cut before " + values);
        return this;
    }

    /**
     * Keeps the part of the graph between named values ({@code onnx.utils.extract_model}): they become
     * the inputs and outputs; nodes not needed to compute the outputs from them go. Graph inputs the
     * outputs still need stay inputs.
     */
    public ModelEditor extract(List<String> inputs, List<String> outputs) {
        keepBetween(inputs, outputs);
        changes.add("extracted the graph from " + inputs + " to " + outputs);
        return this;
    }

    // ---- shapes -----------------------------------------------------------------------------------

    /** Gives a graph input a new shape; every other shape is inferred again from it. */
    public ModelEditor setInputShape(String name, Shape shape) {
        int i = indexOf(graph.inputs(), name, "input");
        ValueInfo old = graph.inputs().get(i);
        graph.setInput(i, old.withShape(shape));
        graph.setDeclaredInfo(List.of()); // the intermediate shapes it declared are stale now
        graph.invalidateFacts();
        changes.add("input '" + name + "' shape " + old.shape() + " -> " + shape);
        return this;
    }

    /** Declares a graph output's shape (where inference does not know it better). */
    public ModelEditor setOutputShape(String name, Shape shape) {
        int i = indexOf(graph.outputs(), name, "output");
        ValueInfo old = graph.outputs().get(i);
        graph.setOutput(i, old.withShape(shape));
        fixedOutputShapes.add(name);
        changes.add("output '" + name + "' shape " + old.shape() + " -> " + shape);
        return this;
    }

    // ---- adding -----------------------------------------------------------------------------------

    /** Adds after each value a 1x1 Conv that does nothing (identity weights, zero bias). */
    public ModelEditor addConvAfter(Collection<String> values) {
        for (String v : values) {
            int c = channels(v, "a Conv");
            int rank = graph.rank(v);
            int[] wShape = new int[rank];
            wShape[0] = c;
            wShape[1] = c;
            for (int i = 2; i < rank; i++) {
                wShape[i] = 1;
            }
            float[] eye = new float[c * c];
            for (int i = 0; i < c; i++) {
                eye[i * c + i] = 1;
            }
            insertAfter(v, "conv", (in, out) -> {
                String name = graph.freshNodeName(v + "_nop_conv");
                String w = graph.addInitializer(name + "_weight", Tensor.of(eye, wShape));
                String b = graph.addInitializer(name + "_bias", Tensor.of(new float[c], c));
                return Node.builder("Conv").name(name).inputs(in, w, b).outputs(out)
                        .attr("kernel_shape", ones(rank - 2)).build();
            });
            changes.add("added a do-nothing Conv after '" + v + "'");
        }
        return this;
    }

    /** Adds after each value a BatchNormalization that does nothing (scale 1, bias 0, mean 0, variance 1). */
    public ModelEditor addBnAfter(Collection<String> values) {
        for (String v : values) {
            int c = channels(v, "a BatchNormalization");
            insertAfter(v, "bn", (in, out) -> NodeForms.affine(graph, graph.freshNodeName(v + "_nop_bn"), in,
                    NodeForms.filled(c, 1f), new float[c], out));
            changes.add("added a do-nothing BatchNormalization after '" + v + "'");
        }
        return this;
    }

    /**
     * Scales and shifts the model's one input per channel ({@code x * scale + bias}) before the model
     * sees it (Kneron's {@code pixel_modify}), folded into the first layer when that is a Conv without
     * padding (or the bias is zero); otherwise kept as a BatchNormalization.
     *
     * @param scale one value per channel, or one for all
     * @param bias  one value per channel, or one for all
     */
    public ModelEditor pixelModify(float[] scale, float[] bias) {
        if (graph.inputs().size() != 1) {
            throw new KtcException("pixel modification needs a model with one input; this one has "
                    + graph.inputs().size());
        }
        String input = graph.inputs().get(0).name();
        int c = channels(input, "a pixel scale and bias");
        float[] s = perChannel(scale, c, "scale");
        float[] b = perChannel(bias, c, "bias");
        String[] made = new String[1];
        insertAfter(input, "pixel", (in, out) -> {
            made[0] = out;
            return NodeForms.affine(graph, graph.freshNodeName(input + "_pixel_modify"), in, s, b, out);
        });
        Node first = graph.soleConsumer(made[0]);
        FuseBnIntoNextConv fold = new FuseBnIntoNextConv();
        if (first != null && fold.condition(first, graph) && fold.apply(first, graph)) {
            changes.add("folded pixel scale " + Arrays.toString(s) + " and bias " + Arrays.toString(b) + " into "
                    + first.describe());
        } else {
            changes.add("added pixel scale and bias after input '" + input + "' as a BatchNormalization (the first"
                    + " layer is not a Conv it folds into)");
        }
        graph.invalidateFacts();
        return this;
    }

    /** Renames a graph output (the value keeps its producer). */
    public ModelEditor renameOutput(String from, String to) {
        int i = indexOf(graph.outputs(), from, "output");
        if (graph.producer(from) == null) {
            throw new KtcException("output '" + from + "' is not written by a node (it is a graph input or a"
                    + " constant), so it cannot be renamed");
        }
        if (graph.producer(to) != null || graph.isConstant(to) || graph.isGraphInput(to)) {
            throw new KtcException("cannot rename output '" + from + "' to '" + to + "': the graph already has a"
                    + " value of that name");
        }
        ValueInfo old = graph.outputs().get(i);
        graph.renameValue(from, to);
        graph.setOutput(i, old.withName(to));
        changes.add("renamed output '" + from + "' to '" + to + "'");
        return this;
    }

    // ---- result -----------------------------------------------------------------------------------

    /** The edited model, every shape inferred again, unused initializers removed. */
    public Model model() {
        graph.removeUnusedInitializers();
        InferShapes.annotate(graph);
        List<ValueInfo> outs = graph.outputs();
        for (int i = 0; i < outs.size(); i++) {
            ValueInfo inferred = graph.info(outs.get(i).name());
            if (!fixedOutputShapes.contains(outs.get(i).name()) && inferred != null && inferred.shape() != null) {
                graph.setOutput(i, inferred.withName(outs.get(i).name()));
            }
        }
        return model.withGraph(graph.toGraph());
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private Node node(String name) {
        for (Node n : graph.nodes()) {
            if (n.name().equals(name)) {
                return n;
            }
        }
        throw new KtcException("the graph has no node named '" + name + "'");
    }

    private void requireValue(String v) {
        if (graph.producer(v) == null && !graph.isGraphInput(v) && !graph.isConstant(v)) {
            throw new KtcException("the graph has no value named '" + v + "'");
        }
    }

    private static int indexOf(List<ValueInfo> list, String name, String what) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new KtcException("the graph has no " + what + " named '" + name + "'; its " + what + "s are "
                + list.stream().map(ValueInfo::name).toList());
    }

    private ValueInfo info(String v) {
        ValueInfo i = graph.info(v);
        return i == null ? new ValueInfo(v, null, null) : i.withName(v);
    }

    private int channels(String v, String what) {
        requireValue(v);
        Shape s = graph.shape(v);
        if (graph.type(v) != DataType.FLOAT || s == null || s.rank() < 3 || !s.dim(1).isKnown()) {
            throw new KtcException("cannot add " + what + " after '" + v + "': it is not a float feature map"
                    + " [N, C, ...] with a known channel count (" + graph.info(v) + ")");
        }
        return (int) s.dim(1).size();
    }

    private static float[] perChannel(float[] values, int channels, String what) {
        if (values.length == channels) {
            return values.clone();
        }
        if (values.length == 1) {
            return NodeForms.filled(channels, values[0]);
        }
        throw new KtcException("the pixel " + what + " has " + values.length + " values; the input has " + channels
                + " channels");
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        Arrays.fill(a, 1);
        return a;
    }

    /**
     * Puts the node {@code make(in, out)} after value {@code v}: every reader of {@code v}, and the graph
     * output {@code v}, then see the node's result. A value written by a node keeps its name for the
     * result (the producer writes a fresh one); a graph input keeps its name and the result gets one.
     */
    private void insertAfter(String v, String suffix, BiFunction<String, String, Node> namesToNode) {
        Node p = graph.producer(v);
        if (p != null && graph.canRewire(v)) {
            String before = graph.freshValueName(v + "_before_" + suffix);
            List<String> outs = new ArrayList<>(p.outputs());
            outs.replaceAll(o -> o.equals(v) ? before : o);
            graph.replace(p, p.toBuilder().outputs(outs).build());
            graph.add(namesToNode.apply(before, v));
        } else {
            String after = graph.freshValueName(v + "_" + suffix);
            graph.replaceAllUses(v, after);
            graph.add(namesToNode.apply(v, after));
        }
        graph.invalidateFacts();
    }

    private void cutFrom(List<Node> roots) {
        Set<Node> removed = removeDownstream(roots);
        Set<String> cutPoints = new LinkedHashSet<>();
        for (Node n : removed) {
            for (String in : n.inputs()) {
                if (!in.isEmpty() && !graph.isConstant(in) && (graph.producer(in) != null || graph.isGraphInput(in))) {
                    cutPoints.add(in);
                }
            }
        }
        for (String v : cutPoints) {
            if (!graph.isGraphOutput(v)) {
                graph.addOutput(info(v));
            }
        }
        removeDeadNodes();
    }

    /** Removes the nodes and all that read their results, directly or not, and the graph outputs they wrote. */
    private Set<Node> removeDownstream(Collection<Node> roots) {
        Set<Node> doomed = new LinkedHashSet<>();
        Deque<Node> todo = new ArrayDeque<>(roots);
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (doomed.add(n)) {
                for (String out : n.outputs()) {
                    if (!out.isEmpty()) {
                        todo.addAll(graph.consumers(out));
                    }
                }
            }
        }
        for (Node n : doomed) {
            graph.remove(n);
            n.outputs().forEach(this::removeOutputsNamed);
        }
        graph.invalidateFacts();
        return doomed;
    }

    private void removeOutputsNamed(String value) {
        List<ValueInfo> outs = graph.outputs();
        for (int i = outs.size() - 1; i >= 0; i--) {
            if (outs.get(i).name().equals(value)) {
                graph.removeOutput(i);
            }
        }
    }

    private void removeDeadNodes() {
        new RuleSet("remove-dead-nodes", "remove nodes nothing reads", List.of(new EliminateDeadNodes()))
                .run(graph, new PassLog());
    }

    /** The nodes between the named values become the graph, the values its inputs and outputs. */
    private void keepBetween(List<String> inputs, List<String> outputs) {
        inputs.forEach(this::requireValue);
        outputs.forEach(this::requireValue);
        for (String v : inputs) {
            if (graph.isConstant(v)) {
                throw new KtcException("'" + v + "' is a constant; it cannot become a graph input");
            }
        }
        Set<Node> keep = new HashSet<>();
        Set<String> originalInputs = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(outputs);
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (!seen.add(v) || inputs.contains(v) || graph.isConstant(v)) {
                continue;
            }
            Node p = graph.producer(v);
            if (p == null) {
                originalInputs.add(v);
            } else if (keep.add(p)) {
                p.inputs().stream().filter(s -> !s.isEmpty()).forEach(todo::push);
            }
        }
        for (String v : inputs) {
            Node p = graph.producer(v);
            if (p != null && keep.contains(p)) {
                throw new KtcException("'" + v + "' cannot become an input: " + p.describe()
                        + ", which writes it, is needed for another of its outputs");
            }
        }
        List<ValueInfo> newInputs = new ArrayList<>();
        inputs.forEach(v -> newInputs.add(info(v)));
        for (ValueInfo in : graph.inputs()) {
            if (originalInputs.contains(in.name()) && !inputs.contains(in.name())) {
                newInputs.add(in);
            }
        }
        List<ValueInfo> newOutputs = new ArrayList<>();
        outputs.forEach(v -> newOutputs.add(info(v)));
        for (Node n : graph.nodes()) {
            if (!keep.contains(n)) {
                graph.remove(n);
            }
        }
        replaceEnds(newInputs, newOutputs);
    }

    private void replaceEnds(List<ValueInfo> inputs, List<ValueInfo> outputs) {
        while (!graph.inputs().isEmpty()) {
            graph.removeInput(0);
        }
        while (!graph.outputs().isEmpty()) {
            graph.removeOutput(0);
        }
        inputs.forEach(graph::addInput);
        outputs.forEach(graph::addOutput);
        graph.invalidateFacts();
    }
}
