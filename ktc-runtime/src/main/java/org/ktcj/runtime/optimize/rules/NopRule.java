package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * A rule that removes an operator that does nothing, reconnecting its readers to the input it passes
 * through ({@link GraphEditor#bypass}): kept when its output is a graph output that cannot move to
 * the input (a graph input, say), so output names stay as they are.
 */
abstract class NopRule extends Rule {
    NopRule(String name, String summary, String... targetOpTypes) {
        super(name, summary, targetOpTypes);
    }

    /** The input the node passes through unchanged, or -1 when it does something. */
    abstract int passedInput(Node n, GraphEditor g);

    @Override
    public final boolean condition(Node n, GraphEditor g) {
        int i = passedInput(n, g);
        return i >= 0 && g.canBypass(n, i);
    }

    @Override
    public final boolean apply(Node n, GraphEditor g) {
        g.bypass(n, passedInput(n, g));
        return true;
    }

    /** True when the two values certainly have the same type and shape (every dimension known or named). */
    static boolean sameTypeAndShape(GraphEditor g, String a, String b) {
        var x = g.info(a);
        var y = g.info(b);
        if (x == null || y == null || x.type() == null || x.type() != y.type() || x.shape() == null
                || !x.shape().equals(y.shape())) {
            return false;
        }
        return x.shape().dims().stream().allMatch(d -> d.isKnown() || d.symbol() != null);
    }
}
