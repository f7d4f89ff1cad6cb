package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/** {@code Sub(x, c) -> Add(x, -c)} for a float32 constant c: the NPU adds, and Add fuses further. */
public final class SubConstantToAdd extends Rule {
    public SubConstantToAdd() {
        super("sub-constant-to-add", "Sub(x, c) -> Add(x, -c)", "Sub");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        return constantOperand(g, n) == 1 && isFloat(g, n.input(1)) && isFloat(g, n.input(0));
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        Tensor c = g.initializer(n.input(1));
        float[] v = c.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = -v[i];
        }
        String negated = g.addInitializer(n.input(1) + "_neg", Tensor.of(v, c.shape()));
        g.replace(n, Node.builder("Add").name(n.name()).inputs(n.input(0), negated).outputs(n.output(0)).build());
        return true;
    }
}
