package org.ktcj.runtime.optimize.rules;

import java.util.Set;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.RewriteRule;

/** A rewrite rule's name, summary and target op types, and checks many rules make. */
abstract class Rule implements RewriteRule {
    private final String name;
    private final String summary;
    private final Set<String> targets;

    Rule(String name, String summary, String... targetOpTypes) {
        this.name = name;
        this.summary = summary;
        this.targets = Set.of(targetOpTypes);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String summary() {
        return summary;
    }

    @Override
    public final Set<String> targetOpTypes() {
        return targets;
    }

    @Override
    public String toString() {
        return name;
    }

    /** True when the value is known to be float32 (the type the fusing rules compute weights in). */
    static boolean isFloat(GraphEditor g, String value) {
        return g.type(value) == DataType.FLOAT;
    }

    /**
     * The node that writes {@code value} when it is of {@code opType} and {@code value} has no other
     * reader (nor is a graph output): the producer a fusion may absorb. Else null.
     */
    static Node soleProducer(GraphEditor g, String value, String... opTypes) {
        Node p = g.producer(value);
        if (p == null || !p.domain().isEmpty() || g.soleConsumer(value) == null) {
            return null;
        }
        for (String t : opTypes) {
            if (p.opType().equals(t)) {
                return p;
            }
        }
        return null;
    }

    /** The index (0 or 1) of the binary node's input that is a constant, the other not; -1 otherwise. */
    static int constantOperand(GraphEditor g, Node n) {
        if (n.inputs().size() != 2) {
            return -1;
        }
        boolean a = g.isConstant(n.input(0));
        boolean b = g.isConstant(n.input(1));
        return a == b ? -1 : a ? 0 : 1;
    }
}
