package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;

/**
 * {@code Min(Relu(x), c) -> Clip(x, 0, c)} for a float32 scalar {@code c >= 0}: ReLU6 as some exporters write it, one
 * operator for the NPU. Only when the Relu feeds the Min alone.
 */
public final class ReluMinToClip extends Rule {
    public ReluMinToClip() {
        super("relu-min-to-clip", "Min(Relu(x), c) -> Clip(x, 0, c)", "Min");
    }

    @Override
    public boolean condition(Node min, GraphEditor g) {
        int c = constantOperand(g, min);
        if (c < 0 || !g.opsetAtLeast(6)) {
            return false;
        }
        Node relu = soleProducer(g, min.input(1 - c), "Relu");
        Tensor bound = g.initializer(min.input(c));
        return relu != null && bound.size() == 1 && bound.getDouble(0) >= 0 && isFloat(g, min.input(c))
                && isFloat(g, relu.input(0))
                && NopRule.sameTypeAndShape(g, relu.output(0), min.output(0));
    }

    @Override
    public boolean apply(Node min, GraphEditor g) {
        int c = constantOperand(g, min);
        Node relu = g.producer(min.input(1 - c));
        float bound = (float) g.initializer(min.input(c)).getDouble(0);
        g.remove(min);
        g.replace(relu, NodeForms.clip(g, relu.name(), relu.input(0), 0f, bound, min.output(0)));
        return true;
    }
}
