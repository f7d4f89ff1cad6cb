package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.SessionOptions;

/**
 * Builds the small graphs of the rule tests: {@code new Tiny(13).input("x", 1, 3, 4, 4).op("Relu", "y",
 * "x").output("y").build()}. A node is named after its first output; {@link #attr} sets an attribute of
 * the node added last. Random weights come from a fixed seed.
 */
final class Tiny {
    private final int opset;
    private final Graph.Builder graph = Graph.builder().name("tiny");
    private final Random random = new Random(42);
    private Node.Builder pending;

    Tiny(int opset) {
        this.opset = opset;
    }

    /** A float input of a static shape. */
    Tiny input(String name, int... shape) {
        graph.input(ValueInfo.of(name, DataType.FLOAT, shape));
        return this;
    }

    /** A float input whose first dimension is the symbol "N" (a dynamic batch). */
    Tiny dynamicInput(String name, int... rest) {
        List<Dim> dims = new ArrayList<>();
        dims.add(Dim.symbol("N"));
        for (int d : rest) {
            dims.add(Dim.of(d));
        }
        graph.input(new ValueInfo(name, DataType.FLOAT, Shape.of(dims)));
        return this;
    }

    /** A float input of any shape (dimensions may be symbols). */
    Tiny input(String name, Shape shape) {
        graph.input(new ValueInfo(name, DataType.FLOAT, shape));
        return this;
    }

    Tiny initializer(String name, Tensor t) {
        graph.initializer(name, t);
        return this;
    }

    /** A float initializer of random normal values. */
    Tiny weight(String name, int... shape) {
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return initializer(name, Tensor.of(v, shape));
    }

    /** A float initializer of uniform values in [lo, hi). */
    Tiny uniform(String name, double lo, double hi, int... shape) {
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + random.nextDouble() * (hi - lo));
        }
        return initializer(name, Tensor.of(v, shape));
    }

    Tiny longs(String name, long... values) {
        return initializer(name, Tensor.ofLongs(values, values.length));
    }

    Tiny scalar(String name, float v) {
        return initializer(name, Tensor.wrap(DataType.FLOAT, new int[0], new float[] {v}));
    }

    /** A node of one output named {@code out} (the node's name too). */
    Tiny op(String opType, String out, String... inputs) {
        return node(opType, new String[] {out}, inputs);
    }

    Tiny node(String opType, String[] outputs, String... inputs) {
        flush();
        pending = Node.builder(opType).name(outputs[0]).inputs(inputs).outputs(outputs);
        return this;
    }

    Tiny attr(String name, long v) {
        pending.attr(name, v);
        return this;
    }

    /** An INTS attribute. */
    Tiny ints(String name, long... v) {
        pending.attr(Attribute.of(name, v));
        return this;
    }

    /** A FLOATS attribute. */
    Tiny floats(String name, float... v) {
        pending.attr(Attribute.of(name, v));
        return this;
    }

    Tiny attr(String name, float v) {
        pending.attr(name, v);
        return this;
    }

    Tiny attr(String name, Tensor v) {
        pending.attr(name, v);
        return this;
    }

    Tiny attr(String name, String v) {
        pending.attr(name, v);
        return this;
    }

    /** Graph outputs (type and shape left to inference). */
    Tiny output(String... names) {
        for (String n : names) {
            graph.output(n);
        }
        return this;
    }

    Model build() {
        flush();
        return Model.builder(graph.build()).opset(opset).build();
    }

    private void flush() {
        if (pending != null) {
            graph.node(pending.build());
            pending = null;
        }
    }

    // ---- running rules ----------------------------------------------------------------------------

    /** The model after the rules (and dead-node removal) ran to a fixed point, unused initializers dropped. */
    static Model apply(Model m, RewriteRule... rules) {
        List<RewriteRule> list = new ArrayList<>(List.of(rules));
        list.add(new org.ktcj.runtime.optimize.rules.EliminateDeadNodes());
        GraphEditor g = new GraphEditor(m, SessionOptions.standardRegistry());
        new RuleSet("test", "rules under test", list).run(g, new PassLog());
        g.removeUnusedInitializers();
        return m.withGraph(g.toGraph());
    }

    /** Op type counts, sorted by op type. */
    static Map<String, Integer> ops(Model m) {
        Map<String, Integer> h = new TreeMap<>();
        for (Node n : m.graph().nodes()) {
            h.merge(n.opType(), 1, Integer::sum);
        }
        return h;
    }

    /** Asserts the rewritten model computes what the original does on random inputs; returns the rewritten one. */
    static Model same(Model before, Model after) {
        SameOutputs.assertSame("rewrite", before, after, SameOutputs.randomInputs(before, 7));
        return after;
    }
}
