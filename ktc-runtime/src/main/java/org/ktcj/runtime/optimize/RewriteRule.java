package org.ktcj.runtime.optimize;

import java.util.Set;
import org.ktcj.ir.Node;

/**
 * A local, semantics-preserving rewrite triggered on one node: removing an operator that does nothing,
 * fusing a node into its neighbour, replacing an operator by a cheaper equivalent. A {@link RuleSet}
 * applies its rules to every node of the op types they target until none applies any more.
 *
 * <p>{@link #condition} is cheap and never changes the graph; {@link #apply} does the rewrite and may make
 * checks too costly for the condition (computing folded weights), returning false when it changed
 * nothing after all. A rule must not change what any surviving value name denotes (see
 * {@link GraphEditor}).
 */
public interface RewriteRule {
    /** The name users skip it by ("fuse-bn-into-conv"). */
    String name();

    /** One line: the rewrite as an equation, e.g. {@code Identity(x) -> x}. */
    String summary();

    /** The op types the rule is tried on; empty for every node. */
    Set<String> targetOpTypes();

    /** True when the rule applies to the node. Cheap; no changes to the graph. */
    boolean condition(Node node, GraphEditor graph);

    /** Rewrites the graph at the node (after a true {@link #condition}); false when nothing changed. */
    boolean apply(Node node, GraphEditor graph);
}
