package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;

/**
 * ktc.fx Gemm: {@code acc[i][j] = C[j] + sum_k A[i][k] * B'[k][j]} ({@code transA}, {@code transB} as
 * ONNX), requantized per output column {@code j}. A and B INT8/INT16 matrices, C INT64 of N entries (or
 * one), optional. Rows and blocks of columns are split across threads.
 */
final class FxGemm implements Operator {
    /** Columns per task, so that a single-row product still spreads over threads. */
    private static final int COLUMN_BLOCK = 256;

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        FxAttrs.requireInt(ctx, 0);
        FxAttrs.requireInt(ctx, 1);
        if (ctx.hasInput(2)) {
            ctx.checkType(2, DataType.INT64);
        }
        DataType out = FxAttrs.outputType(ctx);
        Requantizer.of(ctx, out);
        Shape a = ctx.inputShape(0);
        Shape b = ctx.inputShape(1);
        if (a != null && a.rank() != 2 || b != null && b.rank() != 2) {
            throw ctx.fail("A and B must be matrices, got " + a + " and " + b);
        }
        if (a == null || b == null) {
            return ctx.single(out, null);
        }
        boolean ta = ctx.node().attrInt("transA", 0) != 0;
        boolean tb = ctx.node().attrInt("transB", 0) != 0;
        Dim ka = a.dim(ta ? 0 : 1);
        Dim kb = b.dim(tb ? 1 : 0);
        if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
            throw ctx.fail("A has " + ka + " columns but B " + kb + " rows (after transA/transB)");
        }
        return ctx.single(out, Shape.of(List.of(a.dim(ta ? 1 : 0), b.dim(tb ? 0 : 1))));
    }

    @Override
    public Kernel kernel(NodeContext ctx) {
        DataType outType = infer(ctx).get(0).type();
        Requantizer rq = Requantizer.of(ctx, outType);
        Node node = ctx.node();
        int opset = ctx.opset();
        boolean ta = node.attrInt("transA", 0) != 0;
        boolean tb = node.attrInt("transB", 0) != 0;
        Tensor bConst = ctx.value(1);
        Matrix bPrepared = bConst == null ? null : Matrix.of(bConst, tb);
        return (inputs, ws) -> {
            NodeContext rc = NodeContext.ofTensors(node, opset, inputs);
            infer(rc);
            Matrix a = Matrix.of(inputs[0], ta);
            Matrix b = bPrepared != null ? bPrepared : Matrix.of(inputs[1], tb);
            long[] c = FxAttrs.channelValues(rc, inputs.length > 2 ? inputs[2] : null, "C");
            if (c != null) {
                FxAttrs.checkChannels(rc, "C", c.length, b.cols);
            }
            rq.checkChannels(rc, b.cols);
            Tensor y = ws.allocate(0, outType, new int[] {a.rows, b.cols});
            int block = IntProduct.intBlock(IntArrays.maxMagnitude(inputs[0].type()), b.maxMagnitude());
            int colBlocks = Math.max(1, (b.cols + COLUMN_BLOCK - 1) / COLUMN_BLOCK);
            Object yc = y.carrier();
            ws.parallel().forRange(a.rows * colBlocks, 1, (s, e) -> {
                int[] part = new int[COLUMN_BLOCK];
                long[] acc = new long[COLUMN_BLOCK];
                for (int t = s; t < e; t++) {
                    int i = t / colBlocks;
                    int j0 = (t % colBlocks) * COLUMN_BLOCK;
                    int n = Math.min(COLUMN_BLOCK, b.cols - j0);
                    IntProduct.row(a.v, i * a.cols, a.cols, b.v, j0, b.cols, n, block, part, acc);
                    for (int j = 0; c != null && j < n; j++) {
                        acc[j] += c[c.length == 1 ? 0 : j0 + j];
                    }
                    rq.store(acc, n, j0, 1, yc, i * b.cols + j0);
                }
            });
            return new Tensor[] {y};
        };
    }

    /** A matrix as row-major ints, transposed first when asked. */
    private record Matrix(int[] v, int rows, int cols, long maxMagnitude) {
        static Matrix of(Tensor t, boolean transpose) {
            int[] v = IntArrays.widen(t);
            int r = t.dim(0);
            int c = t.dim(1);
            if (!transpose) {
                return new Matrix(v, r, c, IntArrays.maxMagnitude(v));
            }
            int[] tv = new int[v.length];
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    tv[j * r + i] = v[i * c + j];
                }
            }
            return new Matrix(tv, c, r, IntArrays.maxMagnitude(v));
        }
    }
}
