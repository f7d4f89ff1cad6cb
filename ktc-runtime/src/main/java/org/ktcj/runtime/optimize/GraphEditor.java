package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ktcj.KtcException;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;
import org.ktcj.runtime.ops.OperatorRegistry;

/**
 * A graph being rewritten: the working copy every pass and rule edits, with the indexes they query
 * (producer and consumers of each value) kept up to date, and what is known of each value
 * ({@link ValueFacts}: type, shape, constant or symbolic elements).
 *
 * <p>The invariant that keeps the facts valid across edits: <em>a value name always denotes the same
 * tensor</em>. A rewrite may produce an existing value another way, or make new values under fresh names
 * ({@link #freshValueName}), but never gives an existing name a different meaning. So facts computed
 * once stay true; they are recomputed when asked about a value they do not know yet, or when the caller
 * wants them complete again ({@link #invalidateFacts()}: a rewrite can make a shape downstream known,
 * and the model editor's new input shapes do change meanings).
 *
 * <p>Two helpers are the one home of their idea: {@link #replaceAllUses} (readers of one value read
 * another) and {@link #bypass} (a node is removed and its readers reconnected to one of its inputs),
 * both keeping the graph's output names.
 */
public final class GraphEditor {
    private final int opset;
    private final OperatorRegistry registry;
    private final String name;
    private final String docString;
    private final Set<String> outerScope;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final Map<String, Tensor> initializers;
    private final Map<String, ValueInfo> declared;
    private final List<Node> nodes;
    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, List<Node>> readers = new HashMap<>();
    /** Values some node reads from inside a subgraph attribute: they cannot be renamed. */
    private final Map<String, Integer> subgraphReads = new HashMap<>();
    /** The nodes of the graph, by identity (nodes are immutable values without equals). */
    private final Set<Node> live = new HashSet<>();
    private final Set<String> nodeNames = new HashSet<>();
    /** Every value name ever seen, so that fresh names never reuse one (see the class comment). */
    private final Set<String> valueNames = new HashSet<>();
    private ValueFacts facts;

    /** A working copy of the model's graph. */
    public GraphEditor(Model model, OperatorRegistry registry) {
        Graph g = model.graph();
        this.opset = model.opset();
        this.registry = registry;
        this.name = g.name();
        this.docString = g.docString();
        this.outerScope = g.outerScope();
        this.inputs = new ArrayList<>(g.inputs());
        this.outputs = new ArrayList<>(g.outputs());
        this.initializers = new LinkedHashMap<>(g.initializers());
        this.declared = new LinkedHashMap<>(g.valueInfo());
        this.nodes = new ArrayList<>(g.nodes().size());
        inputs.forEach(v -> valueNames.add(v.name()));
        valueNames.addAll(initializers.keySet());
        for (Node n : g.nodes()) {
            add(n);
        }
    }

    // ---- the model around the graph ---------------------------------------------------------------

    /** The default-domain opset of the model (0 when it declares none). */
    public int opset() {
        return opset;
    }

    /** True when the model's opset is at least {@code version}, or the model declares none. */
    public boolean opsetAtLeast(int version) {
        return opset <= 0 || opset >= version;
    }

    /** The operators that infer shapes and compute folded constants. */
    public OperatorRegistry registry() {
        return registry;
    }

    /** The edited graph, validated and topologically sorted, with the declared value_info of live values. */
    public Graph toGraph() {
        Graph.Builder b = Graph.builder().name(name).docString(docString).outerScope(outerScope);
        inputs.forEach(b::input);
        outputs.forEach(b::output);
        initializers.forEach(b::initializer);
        nodes.forEach(b::node);
        for (ValueInfo v : declared.values()) {
            if (producers.containsKey(v.name()) || initializers.containsKey(v.name())) {
                b.valueInfo(v);
            }
        }
        return b.build();
    }

    /** Puts the nodes in topological order (stable), so that one sweep sees producers before readers. */
    public void sortNodes() {
        List<Node> sorted = toGraph().nodes();
        nodes.clear();
        nodes.addAll(sorted);
    }

    // ---- queries ----------------------------------------------------------------------------------

    /** The nodes, in their current order (a copy: edits do not disturb a loop over it). */
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** How many nodes the graph has now. */
    public int nodeCount() {
        return nodes.size();
    }

    /** True while the node is part of the graph (rules replace nodes, so a loop checks this). */
    public boolean contains(Node n) {
        return live.contains(n);
    }

    /** The node that writes the value, or null for inputs, initializers and unknown names. */
    public Node producer(String value) {
        return producers.get(value);
    }

    /** The nodes that read the value as an input, each once. */
    public List<Node> consumers(String value) {
        return List.copyOf(readers.getOrDefault(value, List.of()));
    }

    /** The one node that reads the value, or null when it has no reader, several, or is a graph output. */
    public Node soleConsumer(String value) {
        List<Node> r = readers.getOrDefault(value, List.of());
        return r.size() == 1 && !isGraphOutput(value) && !subgraphReads.containsKey(value) ? r.get(0) : null;
    }

    /** True when anything reads the value: a node, a subgraph, or the caller as a graph output. */
    public boolean isUsed(String value) {
        return readers.containsKey(value) || subgraphReads.containsKey(value) || isGraphOutput(value);
    }

    public boolean isGraphOutput(String value) {
        for (ValueInfo v : outputs) {
            if (v.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    public boolean isGraphInput(String value) {
        for (ValueInfo v : inputs) {
            if (v.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** The graph inputs, as declared (a copy). */
    public List<ValueInfo> inputs() {
        return List.copyOf(inputs);
    }

    /** The graph outputs, as declared (a copy). */
    public List<ValueInfo> outputs() {
        return List.copyOf(outputs);
    }

    /** The initializers by name (read-only view). */
    public Map<String, Tensor> initializers() {
        return Collections.unmodifiableMap(initializers);
    }

    /** The initializer's value, or null when the value is not an initializer (absent inputs included). */
    public Tensor initializer(String value) {
        return value.isEmpty() ? null : initializers.get(value);
    }

    /** True when the value is an initializer. */
    public boolean isConstant(String value) {
        return !value.isEmpty() && initializers.containsKey(value);
    }

    /** True when every value the node reads (absent optional inputs aside) is an initializer. */
    public boolean allInputsConstant(Node n) {
        for (String in : n.inputs()) {
            if (!in.isEmpty() && !initializers.containsKey(in)) {
                return false;
            }
        }
        return true;
    }

    /** True when some node reads the value from inside a subgraph. */
    public boolean readBySubgraph(String value) {
        return subgraphReads.containsKey(value);
    }

    // ---- facts ------------------------------------------------------------------------------------

    /** What is known of the value (type and shape, either possibly null), or null for an unknown name. */
    public ValueInfo info(String value) {
        return facts(value).info(value);
    }

    /** The value's shape, or null when not even its rank is known. */
    public Shape shape(String value) {
        ValueInfo v = info(value);
        return v == null ? null : v.shape();
    }

    /** The value's sizes when all are known, else null. */
    public int[] staticShape(String value) {
        Shape s = shape(value);
        return s != null && s.isStatic() ? s.toIntArray() : null;
    }

    /** The value's rank, or -1 when unknown. */
    public int rank(String value) {
        Shape s = shape(value);
        return s == null ? -1 : s.rank();
    }

    /** The value's element type, or null when unknown. */
    public DataType type(String value) {
        ValueInfo v = info(value);
        return v == null ? null : v.type();
    }

    /**
     * The value as a constant when it is one: an initializer, or a value known before any input is given
     * (shape arithmetic over static shapes, see {@link ValueFacts}); else null.
     */
    public Tensor knownValue(String value) {
        Tensor t = initializer(value);
        return t != null ? t : value.isEmpty() ? null : facts(value).constant(value);
    }

    /**
     * The elements of a small integer tensor of rank 0 or 1 (a shape, indices) as far as they are known
     * before the model runs; null when it is not such a tensor or nothing is known of it.
     */
    public List<ShapeElement> elements(String value) {
        return value.isEmpty() ? null : facts(value).elements(value);
    }

    /**
     * The node's outputs computed by the registry's kernel from its inputs, which must all be
     * initializers (or absent); null when the registry has no such operator or its kernel rejects the
     * inputs. The tensors are the node's own copies.
     */
    public Tensor[] evaluate(Node n) {
        Operator op = registry.find(n, opset);
        if (op == null) {
            return null;
        }
        int count = n.inputs().size();
        Tensor[] in = new Tensor[count];
        ValueInfo[] infos = new ValueInfo[count];
        for (int i = 0; i < count; i++) {
            in[i] = initializer(n.input(i));
            if (in[i] != null) {
                infos[i] = ValueInfo.of(n.input(i), in[i].type(), in[i].shape());
            }
        }
        try {
            Tensor[] out = op.kernel(new NodeContext(n, opset, infos, in)).run(in, new HeapWorkspace());
            Tensor[] copies = new Tensor[n.outputs().size()];
            for (int i = 0; i < copies.length; i++) {
                // Kernels may return views of their inputs or pooled, longer arrays: keep exact copies.
                copies[i] = i < out.length && out[i] != null ? out[i].copy() : null;
                if (copies[i] == null && !n.output(i).isEmpty()) {
                    return null;
                }
            }
            return copies;
        } catch (KtcException | IllegalArgumentException | IllegalStateException e) {
            return null; // the model fails here at run time too; the node stays to say so
        }
    }

    /**
     * Forgets what is known of values, to recompute it on the next question: after rewrites that may
     * have made more known, or edits that change what a name means (new input shapes).
     */
    public void invalidateFacts() {
        facts = null;
    }

    private ValueFacts facts(String value) {
        if (facts == null || (!facts.knows(value) && exists(value))) {
            facts = ValueFacts.of(toGraph(), opset, registry);
        }
        return facts;
    }

    private boolean exists(String value) {
        return producers.containsKey(value) || initializers.containsKey(value) || isGraphInput(value);
    }

    // ---- names ------------------------------------------------------------------------------------

    /** A value name based on {@code hint} that no value has or had. */
    public String freshValueName(String hint) {
        return fresh(hint, valueNames);
    }

    /** A node name based on {@code hint} that no node has. */
    public String freshNodeName(String hint) {
        return fresh(hint, nodeNames);
    }

    private static String fresh(String hint, Set<String> taken) {
        String base = hint == null || hint.isEmpty() ? "v" : hint;
        String candidate = base;
        for (int i = 1; taken.contains(candidate); i++) {
            candidate = base + "_" + i;
        }
        taken.add(candidate);
        return candidate;
    }

    // ---- edits ------------------------------------------------------------------------------------

    /** Adds a new initializer under a fresh name based on {@code hint}; returns the name. */
    public String addInitializer(String hint, Tensor value) {
        String n = freshValueName(hint);
        initializers.put(n, value);
        return n;
    }

    /**
     * Makes the value an initializer. The name must not be produced by a node any more (the folded node
     * is removed first) and the tensor must be what the name always denoted.
     */
    public void setInitializer(String value, Tensor t) {
        if (producers.containsKey(value)) {
            throw new IllegalStateException("'" + value + "' is still written by " + producers.get(value).describe());
        }
        valueNames.add(value);
        initializers.put(value, t);
    }

    /** Removes initializers nothing reads; returns how many. */
    public int removeUnusedInitializers() {
        List<String> unused = new ArrayList<>();
        for (String v : initializers.keySet()) {
            if (!isUsed(v)) {
                unused.add(v);
            }
        }
        unused.forEach(initializers::remove);
        return unused.size();
    }

    /** Adds a node at the end of the node list. */
    public void add(Node n) {
        nodes.add(n);
        index(n);
    }

    /** Removes the node; what read its outputs must have been reconnected (or be removed too). */
    public void remove(Node n) {
        int i = indexOf(n);
        nodes.remove(i);
        unindex(n);
    }

    /** Replaces the node by others, at its place in the node order. */
    public void replace(Node old, Node... replacements) {
        int i = indexOf(old);
        nodes.remove(i);
        unindex(old);
        for (int k = 0; k < replacements.length; k++) {
            nodes.add(i + k, replacements[k]);
            index(replacements[k]);
        }
    }

    /**
     * True when every reader of the value reads it as a node input, so that {@link #replaceAllUses}
     * can move them (a subgraph reads outer values by name, which cannot be rewired).
     */
    public boolean canRewire(String value) {
        return !subgraphReads.containsKey(value);
    }

    /**
     * Makes every node that reads {@code from} read {@code to} instead. Graph outputs are not readers:
     * their names never change here.
     */
    public void replaceAllUses(String from, String to) {
        if (from.equals(to)) {
            return;
        }
        if (!canRewire(from)) {
            throw new IllegalStateException("'" + from + "' is read by a subgraph and cannot be rewired");
        }
        for (Node r : consumers(from)) {
            List<String> ins = new ArrayList<>(r.inputs());
            ins.replaceAll(v -> v.equals(from) ? to : v);
            replace(r, r.toBuilder().inputs(ins).build());
        }
    }

    /**
     * True when {@link #bypass} may remove the node and reconnect its readers to input {@code input}:
     * its other outputs are unused, and if its output 0 is a graph output, the input can take that name
     * (it is written by a node, and is neither a graph output nor read by a subgraph).
     */
    public boolean canBypass(Node n, int input) {
        if (!n.hasInput(input) || n.outputs().isEmpty()) {
            return false;
        }
        for (int i = 1; i < n.outputs().size(); i++) {
            if (!n.output(i).isEmpty() && isUsed(n.output(i))) {
                return false;
            }
        }
        String in = n.input(input);
        String out = n.output(0);
        if (!canRewire(out)) {
            return false;
        }
        if (!isGraphOutput(out)) {
            return true;
        }
        return producers.containsKey(in) && !isGraphOutput(in) && canRewire(in);
    }

    /**
     * Removes a node that passes input {@code input} through unchanged, reconnecting its readers to that
     * input. When the node's output is a graph output, the input's producer writes that output name
     * instead (its readers follow), so the graph's output names never change. Check
     * {@link #canBypass} first.
     */
    public void bypass(Node n, int input) {
        String in = n.input(input);
        String out = n.output(0);
        remove(n);
        if (isGraphOutput(out)) {
            renameValue(in, out);
        } else {
            replaceAllUses(out, in);
        }
    }

    /**
     * Removes a node that is not a no-op, exposing its input 0 in its place: readers of its output 0 read
     * the input instead, and a graph output that was its output 0 becomes the input (dropped when the
     * input is already a graph output). The graph's results change: this is for tail elimination and
     * the model editor, which say so. Its other outputs must be unused.
     */
    public void removeExposingInput(Node n) {
        String in = n.input(0);
        String out = n.output(0);
        ValueInfo info = info(in);
        remove(n);
        replaceAllUses(out, in);
        boolean exposed = isGraphOutput(in);
        for (int i = outputs.size() - 1; i >= 0; i--) {
            if (outputs.get(i).name().equals(out)) {
                if (exposed) {
                    outputs.remove(i);
                } else {
                    outputs.set(i, info == null ? new ValueInfo(in, null, null) : info.withName(in));
                    exposed = true;
                }
            }
        }
    }

    /**
     * Gives the value written by a node a new name that denotes the same tensor: the producer writes
     * {@code to} and every reader reads it.
     */
    public void renameValue(String from, String to) {
        Node p = producers.get(from);
        if (p == null) {
            throw new IllegalStateException("'" + from + "' is not written by a node");
        }
        List<String> outs = new ArrayList<>(p.outputs());
        outs.replaceAll(v -> v.equals(from) ? to : v);
        replace(p, p.toBuilder().outputs(outs).build());
        replaceAllUses(from, to);
        ValueInfo d = declared.remove(from);
        if (d != null) {
            declared.put(to, d.withName(to));
        }
    }

    // ---- graph ends (for the passes that may change them) ------------------------------------------

    /** Replaces graph output {@code i}'s description (tail elimination and the model editor). */
    public void setOutput(int i, ValueInfo v) {
        outputs.set(i, v);
    }

    /** Removes graph output {@code i} (the value stays, for the nodes that read it). */
    public void removeOutput(int i) {
        outputs.remove(i);
    }

    /** Makes a value a graph output. */
    public void addOutput(ValueInfo v) {
        outputs.add(v);
    }

    /** Replaces graph input {@code i}'s description (a new shape; see {@link #invalidateFacts()}). */
    public void setInput(int i, ValueInfo v) {
        inputs.set(i, v);
        valueNames.add(v.name());
    }

    /** Removes graph input {@code i}; nothing may read it any more. */
    public void removeInput(int i) {
        inputs.remove(i);
    }

    /** Makes a value a graph input; no node may write it. */
    public void addInput(ValueInfo v) {
        inputs.add(v);
        valueNames.add(v.name());
    }

    /** Replaces the declared value_info, e.g. by freshly inferred shapes. */
    public void setDeclaredInfo(Collection<ValueInfo> infos) {
        declared.clear();
        infos.forEach(v -> declared.put(v.name(), v));
    }

    // ---- indexes ----------------------------------------------------------------------------------

    private int indexOf(Node n) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i) == n) {
                return i;
            }
        }
        throw new IllegalStateException(n.describe() + " is not in the graph");
    }

    private void index(Node n) {
        live.add(n);
        nodeNames.add(n.name());
        for (String out : n.outputs()) {
            if (!out.isEmpty()) {
                producers.put(out, n);
                valueNames.add(out);
            }
        }
        for (String in : new LinkedHashSet<>(n.inputs())) {
            if (!in.isEmpty()) {
                readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
            }
        }
        for (String outer : subgraphNames(n)) {
            subgraphReads.merge(outer, 1, Integer::sum);
        }
    }

    private void unindex(Node n) {
        live.remove(n);
        nodeNames.remove(n.name());
        for (String out : n.outputs()) {
            if (!out.isEmpty() && producers.get(out) == n) {
                producers.remove(out);
            }
        }
        for (String in : new LinkedHashSet<>(n.inputs())) {
            List<Node> r = readers.get(in);
            if (r != null) {
                r.remove(n);
                if (r.isEmpty()) {
                    readers.remove(in);
                }
            }
        }
        for (String outer : subgraphNames(n)) {
            subgraphReads.computeIfPresent(outer, (k, c) -> c == 1 ? null : c - 1);
        }
    }

    private static Set<String> subgraphNames(Node n) {
        Set<String> s = new HashSet<>();
        for (Attribute a : n.attributes().values()) {
            if (a.kind() == Attribute.Kind.GRAPH) {
                s.addAll(a.graphValue().outerScope());
            } else if (a.kind() == Attribute.Kind.GRAPHS) {
                a.graphs().forEach(g -> s.addAll(g.outerScope()));
            }
        }
        return s;
    }

    /** True when the node carries a subgraph (If, Loop, Scan): rules leave such nodes alone. */
    public static boolean hasSubgraph(Node n) {
        for (Attribute a : n.attributes().values()) {
            if (a.kind() == Attribute.Kind.GRAPH || a.kind() == Attribute.Kind.GRAPHS) {
                return true;
            }
        }
        return false;
    }
}
