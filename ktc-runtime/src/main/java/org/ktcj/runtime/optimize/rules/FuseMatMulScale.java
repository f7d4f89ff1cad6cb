package org.ktcj.runtime.optimize.rules;

import java.util.List;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.ConstantTensors;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Mul(MatMul(x, W), c) -> MatMul(x, W * c)} for constant weights W [K, N] and a constant c that
 * is one value per output column (or one value): PyTorch's Linear as {@code MatMul, Mul, Add}. The Add
 * then fuses into a Gemm. Only when the MatMul feeds the Mul alone.
 */
public final class FuseMatMulScale extends Rule {
    public FuseMatMulScale() {
        super("fuse-matmul-scale", "Mul(MatMul(x, W), c) -> MatMul(x, W * c)", "Mul");
    }

    @Override
    public boolean condition(Node mul, GraphEditor g) {
        return columnScale(mul, g) != null;
    }

    @Override
    public boolean apply(Node mul, GraphEditor g) {
        float[] scale = columnScale(mul, g);
        Node mm = g.producer(mul.input(1 - constantOperand(g, mul)));
        Tensor w = g.initializer(mm.input(1));
        float[] v = w.toFloatArray();
        int cols = w.dim(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((double) v[i] * scale[i % cols]);
        }
        String scaled = g.addInitializer(mm.input(1) + "_scaled", Tensor.of(v, w.shape()));
        g.remove(mul);
        g.replace(mm, mm.toBuilder().inputs(List.of(mm.input(0), scaled)).outputs(mul.output(0)).build());
        return true;
    }

    private static float[] columnScale(Node mul, GraphEditor g) {
        int c = constantOperand(g, mul);
        if (c < 0) {
            return null;
        }
        Node mm = soleProducer(g, mul.input(1 - c), "MatMul");
        if (mm == null) {
            return null;
        }
        Tensor w = g.initializer(mm.input(1));
        int rank = g.rank(mm.output(0));
        if (w == null || w.rank() != 2 || rank < 1 || !isFloat(g, mm.input(1)) || !isFloat(g, mul.input(c))
                || !NopRule.sameTypeAndShape(g, mm.output(0), mul.output(0))) {
            return null;
        }
        return ConstantTensors.alongAxis(g.initializer(mul.input(c)), rank, rank - 1, w.dim(1));
    }
}
