package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;

/**
 * {@code BN2(BN1(x)) -> BN(x)}: two per-channel affine maps {@code s1*x+t1} then {@code s2*y+t2} are one,
 * {@code (s1*s2)*x + (s2*t1+t2)}, written as a BN with mean 0, variance 1 and epsilon 0.
 */
public final class FuseConsecutiveBn extends Rule {
    public FuseConsecutiveBn() {
        super("fuse-consecutive-bn", "BN(BN(x)) -> BN(x)", "BatchNormalization");
    }

    @Override
    public boolean condition(Node outer, GraphEditor g) {
        Node inner = soleProducer(g, outer.input(0), "BatchNormalization");
        int c = BatchNormParams.channels(outer, g);
        return inner != null && c > 0 && isFloat(g, outer.input(0)) && g.opsetAtLeast(9)
                && BatchNormParams.of(inner, g, c) != null && BatchNormParams.of(outer, g, c) != null;
    }

    @Override
    public boolean apply(Node outer, GraphEditor g) {
        Node inner = g.producer(outer.input(0));
        int c = BatchNormParams.channels(outer, g);
        BatchNormParams p1 = BatchNormParams.of(inner, g, c);
        BatchNormParams p2 = BatchNormParams.of(outer, g, c);
        float[] scale = new float[c];
        float[] bias = new float[c];
        for (int i = 0; i < c; i++) {
            scale[i] = (float) (p1.scale()[i] * p2.scale()[i]);
            bias[i] = (float) (p2.scale()[i] * p1.shift()[i] + p2.shift()[i]);
        }
        g.remove(outer);
        g.replace(inner, NodeForms.affine(g, inner.name(), inner.input(0), scale, bias, outer.output(0)));
        return true;
    }
}
