package org.ktcj.runtime.optimize.rules;

import java.util.Arrays;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Add(MatMul(A, B), C) -> Gemm(A, B, C)} for a matrix A [M, K], constant weights B [K, N] and a
 * constant C that broadcasts to [M, N] without growing the result, all float32, when the MatMul feeds
 * the Add alone.
 */
public final class FuseMatMulAddIntoGemm extends Rule {
    public FuseMatMulAddIntoGemm() {
        super("fuse-matmul-add-into-gemm", "Add(MatMul(A, B), C) -> Gemm(A, B, C)", "Add");
    }

    @Override
    public boolean condition(Node add, GraphEditor g) {
        int c = constantOperand(g, add);
        if (c < 0 || !g.opsetAtLeast(9)) {
            return false;
        }
        Node mm = soleProducer(g, add.input(1 - c), "MatMul");
        if (mm == null || g.rank(mm.input(0)) != 2 || !isFloat(g, mm.input(0)) || !isFloat(g, add.input(c))) {
            return false;
        }
        Tensor b = g.initializer(mm.input(1));
        Tensor bias = g.initializer(add.input(c));
        int[] out = g.staticShape(add.output(0));
        int[] prod = g.staticShape(mm.output(0));
        return b != null && b.rank() == 2 && isFloat(g, mm.input(1)) && bias.rank() <= 2 && out != null
                && Arrays.equals(out, prod);
    }

    @Override
    public boolean apply(Node add, GraphEditor g) {
        int c = constantOperand(g, add);
        Node mm = g.producer(add.input(1 - c));
        Node gemm = Node.builder("Gemm").name(mm.name()).inputs(mm.input(0), mm.input(1), add.input(c))
                .outputs(add.output(0)).build();
        g.remove(add);
        g.replace(mm, gemm);
        return true;
    }
}
