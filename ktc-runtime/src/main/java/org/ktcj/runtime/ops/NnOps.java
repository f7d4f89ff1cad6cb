package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.kernels.ConvGemm;
import org.ktcj.runtime.kernels.Depthwise;
import org.ktcj.runtime.kernels.Gemm;
import org.ktcj.runtime.kernels.Kernels;
import org.ktcj.runtime.kernels.TransposedConv;
import org.ktcj.runtime.kernels.Window;

/**
 * Conv, ConvTranspose, Gemm, MatMul (all opsets to 17), and com.microsoft FusedConv (Conv with a Relu
 * or Clip applied as it stores, as ONNX Runtime's contrib operator defines it), on the kernels of
 * {@link org.ktcj.runtime.kernels}.
 *
 * <p>Float32 runs on the blocked GEMM and the direct depthwise kernel. Weights are read where the model
 * keeps them, with no copy of their own: the GEMM packs blocks of them as it goes. MatMul and Gemm over
 * double and integer types run a plain loop.
 */
public final class NnOps {
    private NnOps() {
    }

    public static void register(OperatorRegistry r) {
        r.register("Conv", 1, new Conv(false));
        r.register("com.microsoft", "FusedConv", 1, new Conv(true));
        r.register("ConvTranspose", 1, new ConvTranspose());
        r.register("Gemm", 1, new GemmOp());
        r.register("MatMul", 1, new MatMul());
    }

    // ---- shared helpers -------------------------------------------------------------------------

    /**
     * Conv's and ConvTranspose's common checks: X, W (and B) float32, X of rank 3 or more. Returns X's
     * shape, or null when its rank is not known.
     */
    static Shape convInput(NodeContext ctx) {
        ctx.requireType(0);
        ctx.requireType(1);
        requireFloat(ctx, 0);
        requireFloat(ctx, 1);
        if (ctx.hasInput(2)) {
            requireFloat(ctx, 2);
        }
        return ConvGeometry.convInputShape(ctx);
    }

    static long known(Shape s, int axis) {
        return s == null ? -1 : s.dim(axis).size();
    }

    static void requireFloat(NodeContext ctx, int i) {
        DataType t = ctx.inputType(i);
        if (t != null && t != DataType.FLOAT) {
            throw ctx.fail("unsupported: input '" + ctx.node().input(i) + "' is " + t.displayName() + ", only float32 is");
        }
    }

    static boolean sameShape(Tensor t, int[] shape) {
        return t.rank() == shape.length && Arrays.equals(t.shape(), shape);
    }

    // ---- Conv -----------------------------------------------------------------------------------

    /** Conv, and FusedConv with its activation. */
    static final class Conv implements Operator {
        private final boolean fused;

        Conv(boolean fused) {
            this.fused = fused;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            if (fused && ctx.hasInput(3)) {
                throw ctx.fail("unsupported: the Z input (a sum fused into the convolution)");
            }
            convInput(ctx);
            return ctx.single(DataType.FLOAT, ConvGeometry.convOutputShape(ctx));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            return kernel(ctx, fused ? activation(ctx) : null);
        }

        /** A Conv with the clamp; FusedConv already has its activation. */
        @Override
        public Kernel clampedKernel(NodeContext ctx, float[] clamp) {
            if (fused) {
                return null;
            }
            infer(ctx);
            return kernel(ctx, clamp.clone());
        }

        /** FusedConv's activation as a clamp. */
        private static float[] activation(NodeContext ctx) {
            Node node = ctx.node();
            String act = node.attrString("activation", "");
            float[] params = node.attrFloats("activation_params", new float[0]);
            return switch (act) {
                case "Relu" -> new float[] {0f, Float.POSITIVE_INFINITY};
                case "Clip" -> {
                    if (params.length != 2) {
                        throw ctx.fail("activation Clip needs activation_params [min, max]");
                    }
                    yield params;
                }
                default -> throw ctx.fail("unsupported: activation '" + act + "' (Relu and Clip are supported)");
            };
        }

        private static Kernel kernel(NodeContext ctx, float[] clamp) {
            Opset opset = new Opset(ctx.node(), ctx.opset());
            Tensor w = ctx.value(1);
            Tensor b = ctx.hasInput(2) ? ctx.value(2) : null;
            boolean constant = w != null && (b != null || !ctx.hasInput(2));
            ConvKernel k = new ConvKernel(opset, constant ? w : null, constant ? b : null, clamp);
            int[] xs = ctx.staticShape(0);
            if (constant && xs != null) {
                k.plan(xs, w, b, ctx);
            }
            return k;
        }
    }

    /** The node and opset, to make contexts for errors found at run time. */
    record Opset(Node node, int version) {
        NodeContext context(Tensor[] inputs) {
            return NodeContext.ofTensors(node, version, inputs);
        }
    }

    /** A prepared convolution for one input shape. */
    private record ConvPlan(int[] outShape, ConvGemm gemm, Depthwise depthwise) {
        void run(float[] x, int batch, float[] y, Workspace ws) {
            if (depthwise != null) {
                depthwise.run(x, batch, y, ws);
            } else {
                gemm.run(x, batch, y, ws);
            }
        }
    }

    private static final class ConvKernel implements Kernel {
        private final Opset opset;
        private final Tensor w;
        private final Tensor b;
        private final float[] clamp;
        private final PlanCache<ConvPlan> cache = new PlanCache<>();

        ConvKernel(Opset opset, Tensor w, Tensor b, float[] clamp) {
            this.opset = opset;
            this.w = w;
            this.b = b;
            this.clamp = clamp;
        }

        ConvPlan plan(int[] xs, Tensor wt, Tensor bt, NodeContext ctx) {
            return cache.get(xs, w != null, () -> make(xs, wt, bt, ctx));
        }

        private ConvPlan make(int[] xs, Tensor wt, Tensor bt, NodeContext ctx) {
            int[] ws = wt.shape();
            ConvGeometry g = ConvGeometry.convAt(ctx, xs, ws, bt == null ? null : bt.shape());
            int group = ConvGeometry.group(ctx);
            int c = xs[1];
            int m = ws[0];
            Window win = g.window();
            int[] out = g.outputShape(xs[0], m);
            float[] wf = wt.floats(); // shared with the model, not copied: the kernels only read it
            float[] bf = bt == null ? null : bt.toFloatArray();
            Kernels kern = Kernels.preferred();
            if (group == c && ws[1] == 1 && Depthwise.supports(win)) {
                return new ConvPlan(out, null, new Depthwise(kern, win, c, m / c, wf, bf, clamp));
            }
            return new ConvPlan(out, new ConvGemm(kern, win, c, m, group, wf, bf, clamp), null);
        }

        @Override
        public Tensor[] run(Tensor[] inputs, Workspace ws) {
            Tensor x = inputs[0];
            Tensor wt = w != null ? w : inputs[1];
            Tensor bt = w != null ? b : inputs.length > 2 ? inputs[2] : null;
            int[] xs = x.shape();
            ConvPlan p = cache.get(xs, w != null, () -> make(xs, wt, bt, opset.context(inputs)));
            Tensor y = ws.allocateUninitialized(0, DataType.FLOAT, p.outShape());
            if (y.size() > 0) {
                p.run(x.floats(), xs[0], y.floats(), ws);
            }
            return new Tensor[] {y};
        }
    }

    // ---- ConvTranspose --------------------------------------------------------------------------

    static final class ConvTranspose implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Shape x = convInput(ctx);
            Shape w = ctx.inputShape(1);
            if (x == null) {
                return ctx.single(DataType.FLOAT, null);
            }
            int group = ConvGeometry.group(ctx);
            ConvGeometry g = ConvGeometry.convTranspose(ctx, ConvGeometry.spatial(x), ConvGeometry.weightSpatial(ctx, w, x.rank()));
            long c = known(x, 1);
            if (c >= 0 && w != null && w.dim(0).isKnown() && w.dim(0).size() != c) {
                throw ctx.fail("input has " + c + " channels, the weights " + w.dim(0).size());
            }
            if (c >= 0 && c % group != 0) {
                throw ctx.fail(c + " input channels do not divide into " + group + " groups");
            }
            long m = w == null || !w.dim(1).isKnown() ? -1 : w.dim(1).size() * group;
            return ctx.single(DataType.FLOAT, ConvGeometry.outputShape(x, m, g));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            Opset opset = new Opset(ctx.node(), ctx.opset());
            Tensor w = ctx.value(1);
            Tensor b = ctx.hasInput(2) ? ctx.value(2) : null;
            boolean constant = w != null && (b != null || !ctx.hasInput(2));
            PlanCache<TransposePlan> cache = new PlanCache<>();
            int[] xs0 = ctx.staticShape(0);
            if (constant && xs0 != null) {
                cache.get(xs0, true, () -> transposePlan(ctx, xs0, w, b));
            }
            return (inputs, ws) -> {
                Tensor x = inputs[0];
                Tensor wt = constant ? w : inputs[1];
                Tensor bt = constant ? b : inputs.length > 2 ? inputs[2] : null;
                int[] xs = x.shape();
                TransposePlan p = cache.get(xs, constant, () -> transposePlan(opset.context(inputs), xs, wt, bt));
                Tensor y = ws.allocate(0, DataType.FLOAT, p.outShape());
                if (y.size() > 0) {
                    p.conv().run(x.floats(), xs[0], y.floats(), ws);
                }
                return new Tensor[] {y};
            };
        }

        private static TransposePlan transposePlan(NodeContext ctx, int[] xs, Tensor wt, Tensor bt) {
            int[] ws = wt.shape();
            int[] in = ConvGeometry.convSpatial(ctx, xs, ws);
            int group = ConvGeometry.group(ctx);
            int c = xs[1];
            if (ws[0] != c || c % group != 0) {
                throw ctx.fail("input has " + c + " channels and weights " + Arrays.toString(ws) + " for "
                        + group + " groups");
            }
            int m = ws[1] * group;
            ConvGeometry.checkBias(ctx, bt == null ? null : bt.shape(), m);
            ConvGeometry g = ConvGeometry.convTranspose(ctx, in, Arrays.copyOfRange(ws, 2, ws.length));
            int[] out = g.outputShape(xs[0], m);
            TransposedConv conv = new TransposedConv(Kernels.preferred(), g.window(), c, m, group, wt.floats(),
                    bt == null ? null : bt.toFloatArray());
            return new TransposePlan(out, conv);
        }
    }

    private record TransposePlan(int[] outShape, TransposedConv conv) {
    }

    // ---- Gemm -----------------------------------------------------------------------------------

    static final class GemmOp implements Operator {
        private static final List<DataType> TYPES = List.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT32,
                DataType.INT64, DataType.UINT32, DataType.UINT64);

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = ctx.requireType(0);
            ctx.requireType(1);
            if (ctx.opset() < 11 && ctx.opset() > 0 && !ctx.hasInput(2)) {
                throw ctx.fail("input C is required before opset 11");
            }
            checkTypes(ctx, t, ctx.hasInput(2) ? 3 : 2);
            Shape a = ctx.inputShape(0);
            Shape b = ctx.inputShape(1);
            Node n = ctx.node();
            boolean ta = n.attrInt("transA", 0) != 0;
            boolean tb = n.attrInt("transB", 0) != 0;
            if (a != null && a.rank() != 2 || b != null && b.rank() != 2) {
                throw ctx.fail("A and B must be matrices, got " + a + " and " + b);
            }
            if (a == null || b == null) {
                return ctx.single(t, null);
            }
            Dim m = a.dim(ta ? 1 : 0);
            Dim ka = a.dim(ta ? 0 : 1);
            Dim kb = b.dim(tb ? 1 : 0);
            Dim nn = b.dim(tb ? 0 : 1);
            if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
                throw ctx.fail("A" + (ta ? "'" : "") + " is " + m + "x" + ka + " but B" + (tb ? "'" : "") + " is "
                        + kb + "x" + nn);
            }
            Shape c = ctx.hasInput(2) ? ctx.inputShape(2) : null;
            if (c != null) {
                checkBias(ctx, c, m.size(), nn.size());
            }
            return ctx.single(t, Shape.of(List.of(m, nn)));
        }

        private static void checkTypes(NodeContext ctx, DataType t, int inputs) {
            if (t != null && !TYPES.contains(t)) {
                throw ctx.fail("unsupported: type " + t.displayName());
            }
            for (int i = 1; i < inputs; i++) {
                DataType u = ctx.inputType(i);
                if (t != null && u != null && u != t) {
                    throw ctx.fail("inputs are " + t.displayName() + " and " + u.displayName());
                }
            }
        }

        /** C must broadcast one way to (M, N). */
        private static void checkBias(NodeContext ctx, Shape c, long m, long n) {
            boolean ok = c.rank() <= 2;
            long[] target = {m, n};
            for (int i = 0; ok && i < c.rank(); i++) {
                Dim d = c.dim(i);
                long want = target[2 - c.rank() + i];
                ok = !d.isKnown() || want < 0 || d.size() == 1 || d.size() == want;
            }
            if (!ok) {
                throw ctx.fail("C of shape " + c + " does not broadcast to [" + m + ", " + n + "]");
            }
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            Node n = ctx.node();
            boolean ta = n.attrInt("transA", 0) != 0;
            boolean tb = n.attrInt("transB", 0) != 0;
            float alpha = n.attrFloat("alpha", 1f);
            float beta = n.attrFloat("beta", 1f);
            Opset opset = new Opset(n, ctx.opset());
            Kernels kern = Kernels.preferred();
            return (inputs, ws) -> {
                Tensor a = inputs[0];
                Tensor b = inputs[1];
                Tensor c = inputs.length > 2 ? inputs[2] : null;
                NodeContext rc = opset.context(inputs);
                if (a.rank() != 2 || b.rank() != 2) {
                    throw rc.fail("A and B must be matrices");
                }
                int m = a.dim(ta ? 1 : 0);
                int k = a.dim(ta ? 0 : 1);
                int nn = b.dim(tb ? 0 : 1);
                if (b.dim(tb ? 1 : 0) != k) {
                    throw rc.fail("A is " + m + "x" + k + " but B is " + b.dim(tb ? 1 : 0) + "x" + nn);
                }
                if (c != null) {
                    checkBias(rc, Shape.of(c.shape()), m, nn);
                }
                // With k = 0 the product is zeros, which the epilogue then reads.
                int[] shape = {m, nn};
                Tensor y = k == 0 ? ws.allocate(0, a.type(), shape) : ws.allocateUninitialized(0, a.type(), shape);
                if (a.type() != DataType.FLOAT) {
                    MatrixLoops.gemm(a, b, c, y, m, k, nn, ta, tb, alpha, beta);
                    return new Tensor[] {y};
                }
                float[] yf = y.floats();
                if (m == 1 && tb && nn > 0 && k > 0) {
                    // A fully connected layer on one row: y^T = B a^T, B (nn x k) read as A row by row,
                    // rather than gathering B's columns into panels; y^T is the same array as y.
                    multiply(kern, nn, k, 1, b.floats(), k, 1, a.floats(), Gemm.matrix(1, 1), yf, ws);
                } else if (m > 0 && nn > 0 && k > 0) {
                    multiply(kern, m, k, nn, a.floats(), ta ? 1 : k, ta ? m : 1, b.floats(),
                            tb ? Gemm.matrix(1, k) : Gemm.matrix(nn, 1), yf, ws);
                }
                if (alpha != 1f || (c != null && beta != 0f)) {
                    epilogue(yf, m, nn, alpha, c == null ? null : c, beta);
                }
                return new Tensor[] {y};
            };
        }

        /** y = alpha * y + beta * C, C broadcast to (m, n). */
        private static void epilogue(float[] y, int m, int n, float alpha, Tensor c, float beta) {
            if (c == null) {
                for (int i = 0; i < m * n; i++) {
                    y[i] = alpha * y[i];
                }
                return;
            }
            float[] cf = c.toFloatArray();
            int[] cs = c.shape();
            int cRows = cs.length == 2 ? cs[0] : 1;
            int cCols = cs.length >= 1 ? cs[cs.length - 1] : 1;
            for (int i = 0; i < m; i++) {
                int cr = (cRows == 1 ? 0 : i) * cCols;
                for (int j = 0; j < n; j++) {
                    y[i * n + j] = alpha * y[i * n + j] + beta * cf[cr + (cCols == 1 ? 0 : j)];
                }
            }
        }
    }

    /**
     * C (m x n, row-major) = A B with A strided ({@code a[i * rowStride + p * colStride]}) and B read
     * through {@code source} from {@code b}. Split over the workspace's threads.
     */
    static void multiply(Kernels kern, int m, int k, int n, float[] a, int rowStride, int colStride, float[] b,
            Gemm.PanelSource source, float[] c, Workspace ws) {
        Gemm.Split split = Gemm.Split.of(kern, m, n, k, 1, ws.parallel().threads());
        ws.parallel().forRange(split.tasksPer(), split.grain(k), (start, end) -> {
            for (int t = start; t < end; t++) {
                int m0 = (t / split.nTiles()) * split.mChunk();
                int m1 = Math.min(m, m0 + split.mChunk());
                int n0 = (t % split.nTiles()) * split.nTile();
                int nc = Math.min(split.nTile(), n - n0);
                Gemm.multiply(kern, k, a, 0, rowStride, colStride, m0, m1, source, b, 0, n0, nc, c, 0, n, null, 0, null,
                        ws);
            }
        });
    }

    // ---- MatMul ---------------------------------------------------------------------------------

    static final class MatMul implements Operator {
        private static final List<DataType> TYPES = List.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT32,
                DataType.INT64, DataType.UINT32, DataType.UINT64);

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = ctx.requireType(0);
            DataType u = ctx.requireType(1);
            if (t != null && !TYPES.contains(t)) {
                throw ctx.fail("unsupported: type " + t.displayName());
            }
            if (t != null && u != null && t != u) {
                throw ctx.fail("inputs are " + t.displayName() + " and " + u.displayName());
            }
            Shape a = ctx.inputShape(0);
            Shape b = ctx.inputShape(1);
            if (a == null || b == null) {
                return ctx.single(t, null);
            }
            return ctx.single(t, Shape.of(MatMulShape.dims(ctx, a.dims(), b.dims())));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            infer(ctx);
            Opset opset = new Opset(ctx.node(), ctx.opset());
            Kernels kern = Kernels.preferred();
            return (inputs, ws) -> {
                Tensor a = inputs[0];
                Tensor b = inputs[1];
                MatMulShape s = MatMulShape.of(opset.context(inputs), a.shape(), b.shape());
                Tensor y = s.k == 0 ? ws.allocate(0, a.type(), s.out) : ws.allocateUninitialized(0, a.type(), s.out);
                if (y.size() == 0) {
                    return new Tensor[] {y};
                }
                if (a.type() != DataType.FLOAT) {
                    MatrixLoops.matmul(a, b, y, s);
                    return new Tensor[] {y};
                }
                float[] af = a.floats();
                float[] bf = b.floats();
                float[] yf = y.floats();
                if (s.k == 0) {
                    return new Tensor[] {y};
                }
                if (s.bBatches == 1) {
                    // One B for every batch: the batches of A are just more rows of one product.
                    multiply(kern, s.aBatches * s.m, s.k, s.n, af, s.k, 1, bf, Gemm.matrix(s.n, 1), yf, ws);
                    return new Tensor[] {y};
                }
                batched(kern, s, af, bf, yf, ws);
                return new Tensor[] {y};
            };
        }

        /** One product per output batch, A and B batches picked by broadcasting. */
        private static void batched(Kernels kern, MatMulShape s, float[] af, float[] bf, float[] yf, Workspace ws) {
            Gemm.PanelSource source = Gemm.matrix(s.n, 1);
            Gemm.Split split = Gemm.Split.of(kern, s.m, s.n, s.k, s.batches, ws.parallel().threads());
            int tasks = split.tasksPer();
            ws.parallel().forRange(s.batches * tasks, split.grain(s.k), (start, end) -> {
                for (int t = start; t < end; t++) {
                    int bi = t / tasks;
                    int r = t % tasks;
                    int m0 = (r / split.nTiles()) * split.mChunk();
                    int n0 = (r % split.nTiles()) * split.nTile();
                    Gemm.multiply(kern, s.k, af, s.aIndex[bi] * s.m * s.k, s.k, 1, m0, Math.min(s.m, m0 + split.mChunk()),
                            source, bf, s.bIndex[bi] * s.k * s.n, n0, Math.min(split.nTile(), s.n - n0),
                            yf, bi * s.m * s.n, s.n, null, 0, null, ws);
                }
            });
        }
    }

    /** MatMul's shapes: NumPy's matmul with batch broadcasting and 1-D operands. */
    static final class MatMulShape {
        final int m;
        final int k;
        final int n;
        final int[] out;
        final int batches;
        final int aBatches;
        final int bBatches;
        /** For each output batch, the batch of A and of B it uses. */
        final int[] aIndex;
        final int[] bIndex;

        private MatMulShape(int m, int k, int n, int[] out, int aBatches, int bBatches, int[] aIndex, int[] bIndex) {
            this.m = m;
            this.k = k;
            this.n = n;
            this.out = out;
            this.batches = aIndex.length;
            this.aBatches = aBatches;
            this.bBatches = bBatches;
            this.aIndex = aIndex;
            this.bIndex = bIndex;
        }

        /** Output dims from possibly unknown input dims. */
        static List<Dim> dims(NodeContext ctx, List<Dim> a, List<Dim> b) {
            if (a.isEmpty() || b.isEmpty()) {
                throw ctx.fail("MatMul operands must have rank 1 or more");
            }
            List<Dim> a2 = new ArrayList<>(a);
            List<Dim> b2 = new ArrayList<>(b);
            if (a2.size() == 1) {
                a2.add(0, Dim.of(1));
            }
            if (b2.size() == 1) {
                b2.add(Dim.of(1));
            }
            Dim ka = a2.get(a2.size() - 1);
            Dim kb = b2.get(b2.size() - 2);
            if (ka.isKnown() && kb.isKnown() && ka.size() != kb.size()) {
                throw ctx.fail("shapes " + a + " and " + b + " do not multiply: " + ka + " != " + kb);
            }
            int ra = a2.size() - 2;
            int rb = b2.size() - 2;
            int r = Math.max(ra, rb);
            List<Dim> out = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                Dim da = i - (r - ra) >= 0 ? a2.get(i - (r - ra)) : Dim.of(1);
                Dim db = i - (r - rb) >= 0 ? b2.get(i - (r - rb)) : Dim.of(1);
                if (da.isKnown() && da.size() == 1) {
                    out.add(db);
                } else if (db.isKnown() && db.size() == 1) {
                    out.add(da);
                } else if (da.isKnown() && db.isKnown()) {
                    if (da.size() != db.size()) {
                        throw ctx.fail("batch dimensions of " + a + " and " + b + " do not broadcast");
                    }
                    out.add(da);
                } else {
                    out.add(da.isKnown() ? da : db.isKnown() ? db : da.equals(db) ? da : Dim.unknown());
                }
            }
            if (a.size() > 1) {
                out.add(a2.get(a2.size() - 2));
            }
            if (b.size() > 1) {
                out.add(b2.get(b2.size() - 1));
            }
            return out;
        }

        static MatMulShape of(NodeContext ctx, int[] a, int[] b) {
            List<Dim> outDims = dims(ctx, Shape.of(a).dims(), Shape.of(b).dims());
            int[] out = Shape.of(outDims).toIntArray();
            int[] a2 = a.length == 1 ? new int[] {1, a[0]} : a;
            int[] b2 = b.length == 1 ? new int[] {b[0], 1} : b;
            int m = a2[a2.length - 2];
            int k = a2[a2.length - 1];
            int n = b2[b2.length - 1];
            int ra = a2.length - 2;
            int rb = b2.length - 2;
            int r = Math.max(ra, rb);
            int[] batch = new int[r];
            int total = 1;
            for (int i = 0; i < r; i++) {
                int da = i - (r - ra) >= 0 ? a2[i - (r - ra)] : 1;
                int db = i - (r - rb) >= 0 ? b2[i - (r - rb)] : 1;
                batch[i] = Math.max(da, db);
                if (da == 0 || db == 0) {
                    batch[i] = 0;
                }
                total *= batch[i];
            }
            int[] aIndex = new int[total];
            int[] bIndex = new int[total];
            int aBatches = 1;
            int bBatches = 1;
            for (int i = 0; i < ra; i++) {
                aBatches *= a2[i];
            }
            for (int i = 0; i < rb; i++) {
                bBatches *= b2[i];
            }
            int[] idx = new int[r];
            for (int t = 0; t < total; t++) {
                int ai = 0;
                int bi = 0;
                for (int i = 0; i < r; i++) {
                    int ia = i - (r - ra);
                    if (ia >= 0) {
                        ai = ai * a2[ia] + (a2[ia] == 1 ? 0 : idx[i]);
                    }
                    int ib = i - (r - rb);
                    if (ib >= 0) {
                        bi = bi * b2[ib] + (b2[ib] == 1 ? 0 : idx[i]);
                    }
                }
                aIndex[t] = ai;
                bIndex[t] = bi;
                for (int i = r - 1; i >= 0; i--) {
                    if (++idx[i] < batch[i]) {
                        break;
                    }
                    idx[i] = 0;
                }
            }
            return new MatMulShape(m, k, n, out, aBatches, bBatches, aIndex, bIndex);
        }
    }

    /** Plain loops for the non-float types of MatMul and Gemm (double, 32- and 64-bit integers). */
    static final class MatrixLoops {
        private MatrixLoops() {
        }

        static void matmul(Tensor a, Tensor b, Tensor y, MatMulShape s) {
            for (int t = 0; t < s.batches; t++) {
                product(a, s.aIndex[t] * s.m * s.k, s.k, 1, b, s.bIndex[t] * s.k * s.n, s.n, 1, y, t * s.m * s.n,
                        s.m, s.k, s.n);
            }
        }

        static void gemm(Tensor a, Tensor b, Tensor c, Tensor y, int m, int k, int n, boolean ta, boolean tb,
                float alpha, float beta) {
            int ars = ta ? 1 : k;
            int acs = ta ? m : 1;
            int brs = tb ? 1 : n;
            int bcs = tb ? k : 1;
            product(a, 0, ars, acs, b, 0, brs, bcs, y, 0, m, k, n);
            int[] cs = c == null ? null : c.shape();
            int cRows = cs != null && cs.length == 2 ? cs[0] : 1;
            int cCols = cs != null && cs.length >= 1 ? cs[cs.length - 1] : 1;
            boolean isDouble = y.type() == DataType.DOUBLE;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int o = i * n + j;
                    double cv = c == null ? 0 : c.getDouble((cRows == 1 ? 0 : i) * cCols + (cCols == 1 ? 0 : j));
                    if (isDouble) {
                        double[] yd = y.doubles();
                        yd[o] = alpha * yd[o] + (c == null ? 0 : beta * cv);
                    } else {
                        long v = (long) (alpha * y.getLong(o) + (c == null ? 0 : beta * cv));
                        setLong(y, o, v);
                    }
                }
            }
        }

        private static void product(Tensor a, int ao, int ars, int acs, Tensor b, int bo, int brs, int bcs,
                Tensor y, int yo, int m, int k, int n) {
            boolean isDouble = y.type() == DataType.DOUBLE;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    if (isDouble) {
                        double s = 0;
                        for (int p = 0; p < k; p++) {
                            s += a.getDouble(ao + i * ars + p * acs) * b.getDouble(bo + p * brs + j * bcs);
                        }
                        y.doubles()[yo + i * n + j] = s;
                    } else {
                        long s = 0;
                        for (int p = 0; p < k; p++) {
                            s += a.getLong(ao + i * ars + p * acs) * b.getLong(bo + p * brs + j * bcs);
                        }
                        setLong(y, yo + i * n + j, s);
                    }
                }
            }
        }

        private static void setLong(Tensor y, int i, long v) {
            switch (y.type()) {
                case INT32, UINT32 -> y.ints()[i] = (int) v;
                case INT64, UINT64 -> y.longs()[i] = v;
                default -> throw new IllegalStateException(y.type().displayName());
            }
        }
    }
}
