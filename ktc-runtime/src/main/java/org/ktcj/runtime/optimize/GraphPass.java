package org.ktcj.runtime.optimize;

/**
 * One step of an optimization flow over the whole graph: shape inference, a {@link RuleSet} run to a
 * fixed point, removing unused initializers, eliminating the tail. A flow is a declared list of them.
 */
public interface GraphPass {
    /** The name users skip it by ("infer-shapes"). */
    String name();

    /** One line saying what it does. */
    String summary();

    /** Runs the pass, recording what it changed in {@code log}. */
    void run(GraphEditor graph, PassLog log);
}
