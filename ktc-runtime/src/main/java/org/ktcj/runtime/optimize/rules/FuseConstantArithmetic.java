package org.ktcj.runtime.optimize.rules;

import java.util.Locale;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Add(Add(x, a), b) -> Add(x, a + b)}, {@code Mul(Mul(x, a), b) -> Mul(x, a * b)} for constants
 * a and b (broadcasting is associative, so the result has the outer node's shape): the decoding tails
 * of detectors chain them. The constants combine by the simulator's own kernel. Only when the inner node
 * feeds the outer alone.
 */
public final class FuseConstantArithmetic extends Rule {
    public FuseConstantArithmetic() {
        super("fuse-constant-arithmetic", "Add(Add(x, a), b) -> Add(x, a+b), Mul(Mul(x, a), b) -> Mul(x, a*b)",
                "Add", "Mul");
    }

    @Override
    public boolean condition(Node outer, GraphEditor g) {
        int k = constantOperand(g, outer);
        if (k < 0) {
            return false;
        }
        Node inner = soleProducer(g, outer.input(1 - k), outer.opType());
        return inner != null && constantOperand(g, inner) >= 0;
    }

    @Override
    public boolean apply(Node outer, GraphEditor g) {
        int k = constantOperand(g, outer);
        Node inner = g.producer(outer.input(1 - k));
        int j = constantOperand(g, inner);
        Node sum = Node.builder(outer.opType()).name(outer.name()).inputs(inner.input(j), outer.input(k))
                .outputs(outer.output(0)).build();
        Tensor[] combined = g.evaluate(sum);
        if (combined == null) {
            return false;
        }
        String c = g.addInitializer(inner.input(j) + "_" + outer.opType().toLowerCase(Locale.ROOT), combined[0]);
        g.remove(outer);
        g.replace(inner, inner.toBuilder().inputs(inner.input(1 - j), c).outputs(outer.output(0)).build());
        return true;
    }
}
