package org.ktcj.ir;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dataflow graph: inputs, outputs, initializers (constant tensors) and nodes. Immutable; validated
 * when built: every input of a node is produced exactly once (by a graph input, an initializer, another
 * node, or an enclosing graph's scope for a subgraph), there are no cycles, node names are unique, and
 * a value's declared type agrees with its initializer. Nodes are kept in topological order.
 *
 * <p>Rewrites make a new graph with {@link #toBuilder()}.
 */
public final class Graph {
    private final String name;
    private final List<ValueInfo> inputs;
    private final List<ValueInfo> outputs;
    private final Map<String, Tensor> initializers;
    private final List<Node> nodes;
    private final Map<String, ValueInfo> valueInfo;
    private final String docString;
    private final Set<String> outerScope;

    private final Map<String, Node> producers = new HashMap<>();
    private final Map<String, Node> nodesByName = new HashMap<>();
    private volatile Map<String, List<Node>> consumers;

    private Graph(Builder b) {
        this.name = b.name == null ? "" : b.name;
        this.inputs = List.copyOf(b.inputs);
        this.outputs = List.copyOf(b.outputs);
        this.initializers = Collections.unmodifiableMap(new LinkedHashMap<>(b.initializers));
        this.valueInfo = Collections.unmodifiableMap(new LinkedHashMap<>(b.valueInfo));
        this.docString = b.docString == null ? "" : b.docString;
        this.outerScope = Set.copyOf(b.outerScope);
        this.nodes = List.copyOf(validateAndSort(b.nodes));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().name(name).docString(docString);
        b.inputs.addAll(inputs);
        b.outputs.addAll(outputs);
        b.initializers.putAll(initializers);
        b.nodes.addAll(nodes);
        b.valueInfo.putAll(valueInfo);
        b.outerScope.addAll(outerScope);
        return b;
    }

    public String name() {
        return name;
    }

    public String docString() {
        return docString;
    }

    /** Inputs the caller feeds (initializers are not among them). */
    public List<ValueInfo> inputs() {
        return inputs;
    }

    public List<ValueInfo> outputs() {
        return outputs;
    }

    public Map<String, Tensor> initializers() {
        return initializers;
    }

    public Tensor initializer(String value) {
        return initializers.get(value);
    }

    public boolean isInitializer(String value) {
        return initializers.containsKey(value);
    }

    /** Nodes in topological order. */
    public List<Node> nodes() {
        return nodes;
    }

    public Node node(String nodeName) {
        return nodesByName.get(nodeName);
    }

    /** Type and shape annotations of intermediate values (as ONNX's {@code value_info}). */
    public Map<String, ValueInfo> valueInfo() {
        return valueInfo;
    }

    /** Names from an enclosing graph that a subgraph may read. */
    public Set<String> outerScope() {
        return outerScope;
    }

    /** What is known of a value: from the inputs, outputs, annotations or its initializer; else null. */
    public ValueInfo info(String value) {
        for (ValueInfo v : inputs) {
            if (v.name().equals(value)) {
                return v;
            }
        }
        for (ValueInfo v : outputs) {
            if (v.name().equals(value)) {
                return v;
            }
        }
        ValueInfo v = valueInfo.get(value);
        if (v != null) {
            return v;
        }
        Tensor t = initializers.get(value);
        return t == null ? null : ValueInfo.of(value, t.type(), t.shape());
    }

    /** The node that produces the value, or null for inputs, initializers and outer-scope names. */
    public Node producer(String value) {
        return producers.get(value);
    }

    /** The nodes that read the value (each once, in topological order). */
    public List<Node> consumers(String value) {
        Map<String, List<Node>> c = consumers;
        if (c == null) {
            c = new HashMap<>();
            for (Node n : nodes) {
                Set<String> seen = new HashSet<>();
                for (String in : n.inputs()) {
                    if (!in.isEmpty() && seen.add(in)) {
                        c.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                    }
                }
                for (Attribute a : n.attributes().values()) {
                    for (String outer : subgraphReads(a)) {
                        if (seen.add(outer)) {
                            c.computeIfAbsent(outer, k -> new ArrayList<>()).add(n);
                        }
                    }
                }
            }
            consumers = c;
        }
        return c.getOrDefault(value, List.of());
    }

    /** True when the value is one of the graph's outputs. */
    public boolean isOutput(String value) {
        for (ValueInfo v : outputs) {
            if (v.name().equals(value)) {
                return true;
            }
        }
        return false;
    }

    private List<Node> validateAndSort(List<Node> unsorted) {
        Set<String> available = new HashSet<>(outerScope);
        Set<String> declared = new HashSet<>();
        for (ValueInfo in : inputs) {
            if (!declared.add(in.name())) {
                throw new InvalidGraphException("graph input '" + in.name() + "' is declared twice");
            }
        }
        for (Map.Entry<String, Tensor> e : initializers.entrySet()) {
            if (declared.contains(e.getKey())) {
                throw new InvalidGraphException("'" + e.getKey() + "' is both a graph input and an initializer");
            }
            declared.add(e.getKey());
            ValueInfo vi = valueInfo.get(e.getKey());
            if (vi != null && vi.type() != null && vi.type() != e.getValue().type()) {
                throw new InvalidGraphException("initializer '" + e.getKey() + "' is " + e.getValue().type().displayName()
                        + " but its value_info says " + vi.type().displayName());
            }
        }
        available.addAll(declared);

        for (Node n : unsorted) {
            if (n.name().isEmpty()) {
                throw new InvalidGraphException("a " + n.opType() + " node has no name");
            }
            if (nodesByName.put(n.name(), n) != null) {
                throw new InvalidGraphException("two nodes are named '" + n.name() + "'");
            }
            for (String out : n.outputs()) {
                if (out.isEmpty()) {
                    continue;
                }
                if (declared.contains(out)) {
                    throw new InvalidGraphException(n.describe() + " writes '" + out
                            + "', which is already a graph input or initializer");
                }
                Node other = producers.put(out, n);
                if (other != null) {
                    throw new InvalidGraphException(n.describe() + " and " + other.describe()
                            + " both write '" + out + "'");
                }
            }
        }

        // Kahn's algorithm, stable with respect to the given order.
        Map<Node, Integer> pending = new LinkedHashMap<>();
        Map<String, List<Node>> readers = new HashMap<>();
        for (Node n : unsorted) {
            int count = 0;
            Set<String> reads = new HashSet<>();
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    reads.add(in);
                }
            }
            for (Attribute a : n.attributes().values()) {
                reads.addAll(subgraphReads(a));
            }
            for (String in : reads) {
                if (producers.containsKey(in)) {
                    count++;
                    readers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                } else if (!available.contains(in)) {
                    throw new InvalidGraphException(n.describe() + " reads '" + in
                            + "', which no node, input or initializer provides");
                }
            }
            pending.put(n, count);
        }
        Deque<Node> ready = new ArrayDeque<>();
        for (Map.Entry<Node, Integer> e : pending.entrySet()) {
            if (e.getValue() == 0) {
                ready.add(e.getKey());
            }
        }
        List<Node> sorted = new ArrayList<>(unsorted.size());
        while (!ready.isEmpty()) {
            Node n = ready.poll();
            sorted.add(n);
            for (String out : n.outputs()) {
                for (Node r : readers.getOrDefault(out, List.of())) {
                    if (pending.merge(r, -1, Integer::sum) == 0) {
                        ready.add(r);
                    }
                }
            }
        }
        if (sorted.size() != unsorted.size()) {
            for (Node n : unsorted) {
                if (pending.get(n) > 0) {
                    throw new InvalidGraphException(n.describe() + " is part of a cycle");
                }
            }
        }
        for (ValueInfo out : outputs) {
            if (!producers.containsKey(out.name()) && !available.contains(out.name())) {
                throw new InvalidGraphException("graph output '" + out.name() + "' is not produced by any node");
            }
        }
        return sorted;
    }

    /** Names a subgraph attribute reads from the enclosing scope. */
    private static Collection<String> subgraphReads(Attribute a) {
        if (a.kind() == Attribute.Kind.GRAPH) {
            return a.graphValue().outerScope();
        }
        if (a.kind() == Attribute.Kind.GRAPHS) {
            Set<String> s = new HashSet<>();
            for (Graph g : a.graphs()) {
                s.addAll(g.outerScope());
            }
            return s;
        }
        return List.of();
    }

    /** Builds a {@link Graph}. */
    public static final class Builder {
        private String name = "";
        private final List<ValueInfo> inputs = new ArrayList<>();
        private final List<ValueInfo> outputs = new ArrayList<>();
        private final Map<String, Tensor> initializers = new LinkedHashMap<>();
        private final List<Node> nodes = new ArrayList<>();
        private final Map<String, ValueInfo> valueInfo = new LinkedHashMap<>();
        private final Set<String> outerScope = new HashSet<>();
        private String docString = "";

        private Builder() {
        }

        public Builder name(String n) {
            this.name = n;
            return this;
        }

        public Builder docString(String d) {
            this.docString = d;
            return this;
        }

        public Builder input(ValueInfo v) {
            inputs.add(v);
            return this;
        }

        public Builder output(ValueInfo v) {
            outputs.add(v);
            return this;
        }

        public Builder output(String value) {
            return output(new ValueInfo(value, null, null));
        }

        public Builder initializer(String value, Tensor t) {
            initializers.put(value, t);
            return this;
        }

        public Builder node(Node n) {
            nodes.add(n);
            return this;
        }

        public Builder valueInfo(ValueInfo v) {
            valueInfo.put(v.name(), v);
            return this;
        }

        public Builder outerScope(Collection<String> names) {
            outerScope.addAll(names);
            return this;
        }

        /** The lists, live: passes edit them before {@link #build()}. */
        public List<ValueInfo> inputs() {
            return inputs;
        }

        public List<ValueInfo> outputs() {
            return outputs;
        }

        public Map<String, Tensor> initializers() {
            return initializers;
        }

        public List<Node> nodes() {
            return nodes;
        }

        public Map<String, ValueInfo> valueInfo() {
            return valueInfo;
        }

        /** Validates (see the class comment) and builds. */
        public Graph build() {
            return new Graph(this);
        }
    }
}
