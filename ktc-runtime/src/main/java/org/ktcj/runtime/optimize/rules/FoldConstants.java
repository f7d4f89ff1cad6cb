package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code op(constants...) -> constant}: a node whose outputs are known before any input is given
 * becomes initializers under its output names. That covers Constant nodes, arithmetic on weights, and
 * the shape arithmetic exporters write ({@code Shape}, {@code Gather}, {@code Concat},
 * {@code Unsqueeze}...) once the shapes it reads are static or it only reads their known parts. The
 * node is computed by the simulator's own kernel.
 *
 * <p>It does not fold random operators, nodes with subgraphs, graph outputs (they stay computed), or
 * nodes whose outputs would be much larger than their inputs (an Expand of a scalar to a feature map
 * would bloat the model).
 */
public final class FoldConstants extends Rule {
    /** Outputs up to this many elements fold even when larger than the inputs. */
    static final long GROWTH_LIMIT = 1 << 16;

    public FoldConstants() {
        super("fold-constants", "op(constants...) -> constant");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        if (n.outputs().isEmpty() || GraphEditor.hasSubgraph(n) || isRandom(n.opType())) {
            return false;
        }
        for (String out : n.outputs()) {
            if (g.isGraphOutput(out)) {
                return false;
            }
        }
        if (g.allInputsConstant(n)) {
            return g.registry().find(n, g.opset()) != null && !tooLarge(n, g);
        }
        for (String out : n.outputs()) {
            if (!out.isEmpty() && g.knownValue(out) == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        Tensor[] values = g.allInputsConstant(n) ? g.evaluate(n) : known(n, g);
        if (values == null || outputSize(values) > Math.max(inputSize(n, g), GROWTH_LIMIT)) {
            return false;
        }
        g.remove(n);
        for (int i = 0; i < n.outputs().size(); i++) {
            if (!n.output(i).isEmpty()) {
                g.setInitializer(n.output(i), values[i]);
            }
        }
        return true;
    }

    private static boolean isRandom(String opType) {
        return opType.startsWith("Random") || opType.equals("Multinomial") || opType.equals("Bernoulli");
    }

    /** True when the outputs' static shapes already show the fold would grow the model too much. */
    private static boolean tooLarge(Node n, GraphEditor g) {
        long limit = Math.max(inputSize(n, g), GROWTH_LIMIT);
        if (limit == Long.MAX_VALUE) {
            return false;
        }
        long out = 0;
        for (String o : n.outputs()) {
            int[] s = o.isEmpty() ? new int[0] : g.staticShape(o);
            if (s == null) {
                return false;
            }
            long count = 1;
            for (int d : s) {
                count *= d;
            }
            out += count;
        }
        return out > limit;
    }

    private static long inputSize(Node n, GraphEditor g) {
        if (n.inputs().isEmpty()) {
            return Long.MAX_VALUE; // a Constant node's value is in the model already
        }
        long total = 0;
        for (String in : n.inputs()) {
            Tensor t = g.initializer(in);
            total += t == null ? 0 : t.size();
        }
        return total;
    }

    private static long outputSize(Tensor[] values) {
        long total = 0;
        for (Tensor t : values) {
            total += t == null ? 0 : t.size();
        }
        return total;
    }

    private static Tensor[] known(Node n, GraphEditor g) {
        Tensor[] out = new Tensor[n.outputs().size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.output(i).isEmpty() ? null : g.knownValue(n.output(i)).copy();
        }
        return out;
    }
}
