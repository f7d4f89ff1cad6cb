package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/** A node none of whose outputs is read (by a node, a subgraph or as a graph output) is removed. */
public final class EliminateDeadNodes extends Rule {
    public EliminateDeadNodes() {
        super("eliminate-dead-nodes", "op(...) with no reader -> nothing");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        for (String out : n.outputs()) {
            if (!out.isEmpty() && g.isUsed(out)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        g.remove(n);
        return true;
    }
}
