package org.ktcj.runtime.fx;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.kernels.Window;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.PlanCache;

/**
 * ktc.fx Gemm: {@code acc[i][j] = C[j] + sum_k A[i][k] * B'[k][j]} ({@code transA}, {@code transB} as
 * ONNX), requantized per output column {@code j}. A and B INT8/INT16 matrices, C INT64 of N entries (or
 * one), optional. Computed as a pointwise convolution of B' over the rows of A, exactly on the float
 * kernels ({@link FloatExactConv}).
 */
final class FxGemm extends RequantOperator {
    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        checkProduct(ctx);
        DataType out = FxAttrs.outputType(ctx);
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
    Kernel kernel(NodeContext ctx, DataType outType, Requantizer rq) {
        Node node = ctx.node();
        int opset = ctx.opset();
        boolean ta = node.attrInt("transA", 0) != 0;
        boolean tb = node.attrInt("transB", 0) != 0;
        Tensor bConst = ctx.value(1);
        // B' as [N][K]: the weights of a pointwise convolution over the M rows of A.
        int[] bPrepared = bConst == null ? null : transposed(bConst, !tb);
        PlanCache<FloatExactConv> cache = new PlanCache<>();
        return (inputs, ws) -> {
            NodeContext rc = NodeContext.ofTensors(node, opset, inputs);
            infer(rc);
            Tensor a = inputs[0];
            int m = a.dim(ta ? 1 : 0);
            int k = a.dim(ta ? 0 : 1);
            int n = inputs[1].dim(tb ? 0 : 1);
            int[] b = bPrepared != null ? bPrepared : transposed(inputs[1], !tb);
            long[] c = FxAttrs.channelValues(rc, inputs.length > 2 ? inputs[2] : null, "C");
            if (c != null) {
                FxAttrs.checkChannels(rc, "C", c.length, n);
            }
            rq.checkChannels(rc, n);
            Tensor y = ws.allocate(0, outType, new int[] {m, n});
            if (y.size() == 0) {
                return new Tensor[] {y};
            }
            int[] rows = {m};
            Window win = new Window(rows, rows, new int[] {1}, new int[] {1}, new int[] {1}, new int[] {0});
            FloatExactConv conv = cache.get(new int[] {m, k, n}, bPrepared != null,
                    () -> FloatExactConv.plan(win, k, 1, b, n, a.type()));
            long[] acc = new long[m * n];
            conv.run(transposed(a, !ta), 1, acc, ws); // A' as [K][M]: K channels of M positions
            Object yc = y.carrier();
            new Planes(m, 1, n).forEach(ws, (row, ch, start, buf) -> {
                for (int j = 0; j < n; j++) {
                    buf[j] = acc[j * m + row] + (c == null ? 0 : c[c.length == 1 ? 0 : j]);
                }
                rq.store(buf, n, 0, 1, yc, start);
            });
            return new Tensor[] {y};
        };
    }

    /** A matrix as row-major ints, transposed when asked. */
    private static int[] transposed(Tensor t, boolean transpose) {
        int[] v = IntArrays.widen(t);
        if (!transpose) {
            return v;
        }
        int r = t.dim(0);
        int c = t.dim(1);
        int[] tv = new int[v.length];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                tv[j * r + i] = v[i * c + j];
            }
        }
        return tv;
    }
}
