package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/** {@code Sum(a, b, c) -> Add(Add(a, b), c)}; {@code Sum(a) -> a}. */
public final class SumToAdd extends Rule {
    public SumToAdd() {
        super("sum-to-add", "Sum(a, b, c) -> Add(Add(a, b), c)", "Sum");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        return n.inputs().size() == 1 ? g.canBypass(n, 0) : g.opsetAtLeast(8) && !n.inputs().contains("");
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        int count = n.inputs().size();
        if (count == 1) {
            g.bypass(n, 0);
            return true;
        }
        Node[] adds = new Node[count - 1];
        String acc = n.input(0);
        for (int i = 1; i < count; i++) {
            boolean last = i == count - 1;
            String out = last ? n.output(0) : g.freshValueName(n.output(0) + "_partial");
            String name = i == 1 ? n.name() : g.freshNodeName(n.name() + "_add");
            adds[i - 1] = Node.builder("Add").name(name).inputs(acc, n.input(i)).outputs(out).build();
            acc = out;
        }
        g.replace(n, adds);
        return true;
    }
}
