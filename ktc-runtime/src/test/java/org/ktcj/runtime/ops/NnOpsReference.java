package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;
import org.ktcj.runtime.exec.Parallel;

/**
 * Straightforward references for the tests of {@link NnOps} and {@link PoolOps}, written for clarity:
 * one output element at a time, every tap of the window visited in order, a fused multiply-add per term
 * from zero (a tap in the padding reads 0), then the bias. That is the summation order the kernels
 * promise, so results must agree bit for bit. Also a runner that makes a node's kernel the way a session
 * does, with constant weights or with every input given at run time.
 */
final class NnOpsReference {
    private static final OperatorRegistry REGISTRY = registry();

    private NnOpsReference() {
    }

    private static OperatorRegistry registry() {
        OperatorRegistry r = new OperatorRegistry();
        NnOps.register(r);
        PoolOps.register(r);
        return r;
    }

    /**
     * Runs a node: infers its outputs, makes its kernel (inputs from {@code firstConstant} on are
     * constants the kernel sees when made), runs it, and checks the outputs have the inferred shapes.
     */
    static Tensor[] run(Node node, int opset, Tensor[] inputs, int firstConstant, Parallel parallel) {
        ValueInfo[] infos = new ValueInfo[inputs.length];
        Tensor[] values = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                infos[i] = ValueInfo.of(node.input(i), inputs[i].type(), inputs[i].shape());
                values[i] = i >= firstConstant ? inputs[i] : null;
            }
        }
        NodeContext ctx = new NodeContext(node, opset, infos, values);
        Operator op = REGISTRY.find(node, opset);
        List<ValueInfo> inferred = op.infer(ctx);
        Tensor[] out = op.kernel(ctx).run(inputs, new HeapWorkspace(parallel));
        for (int i = 0; i < out.length; i++) {
            if (inferred.get(i).shape() != null && inferred.get(i).shape().isStatic()) {
                assertArrayEquals(inferred.get(i).shape().toIntArray(), out[i].shape(), "inferred shape of output " + i);
            }
        }
        return out;
    }

    static Tensor random(Random r, int... shape) {
        float[] v = new float[Tensor.elementCount(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.of(v, shape);
    }

    /** Same shape and every element equal (0 equal to -0), or a message naming the first difference. */
    static void assertSame(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.floats();
        float[] a = actual.floats();
        for (int i = 0; i < expected.size(); i++) {
            if (!(e[i] == a[i] || Float.isNaN(e[i]) && Float.isNaN(a[i]))) {
                fail(what + ": element " + i + " of " + Arrays.toString(expected.shape()) + " is " + a[i]
                        + ", expected " + e[i]);
            }
        }
    }

    /** Within {@code tol} relative to the larger magnitude (for sums made in another order). */
    static void assertClose(Tensor expected, Tensor actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            assertEquals(e, a, tol * Math.max(1, Math.abs(e)), what + ": element " + i);
        }
    }

    // ---- convolution ----------------------------------------------------------------------------

    /** A window's attributes, per spatial axis; pads are begin then end. */
    record Win(int[] kernel, int[] strides, int[] dilations, int[] pads) {
        int rank() {
            return kernel.length;
        }
    }

    /** Conv: x (N, C, in...), w (M, C/group, k...), b (M) or null; the window with explicit pads. */
    static Tensor conv(Tensor x, Tensor w, Tensor b, int group, Win win) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int r = win.rank();
        int n = xs[0];
        int c = xs[1];
        int m = ws[0];
        int cg = c / group;
        int mg = m / group;
        int[] in = Arrays.copyOfRange(xs, 2, xs.length);
        int[] out = new int[r];
        for (int i = 0; i < r; i++) {
            int dk = (win.kernel[i] - 1) * win.dilations[i] + 1;
            out[i] = (in[i] + win.pads[i] + win.pads[i + r] - dk) / win.strides[i] + 1;
        }
        int[] ys = new int[r + 2];
        ys[0] = n;
        ys[1] = m;
        System.arraycopy(out, 0, ys, 2, r);
        float[] y = new float[Tensor.elementCount(ys)];
        float[] xf = x.floats();
        float[] wf = w.floats();
        int taps = Tensor.elementCount(win.kernel);
        int[] o = new int[r];
        int[] t = new int[r];
        int yi = 0;
        for (int img = 0; img < n; img++) {
            for (int oc = 0; oc < m; oc++) {
                int g = oc / mg;
                for (int op = 0; op < Tensor.elementCount(out); op++) {
                    unflatten(op, out, o);
                    float acc = 0f;
                    for (int ic = 0; ic < cg; ic++) {
                        for (int tp = 0; tp < taps; tp++) {
                            unflatten(tp, win.kernel, t);
                            int xi = 0;
                            boolean inside = true;
                            for (int a = 0; a < r; a++) {
                                int pos = o[a] * win.strides[a] - win.pads[a] + t[a] * win.dilations[a];
                                inside &= pos >= 0 && pos < in[a];
                                xi = xi * in[a] + pos;
                            }
                            float xv = inside ? xf[(img * c + g * cg + ic) * Tensor.elementCount(in) + xi] : 0f;
                            acc = Math.fma(wf[(oc * cg + ic) * taps + tp], xv, acc);
                        }
                    }
                    y[yi++] = b == null ? acc : acc + b.floats()[oc];
                }
            }
        }
        return Tensor.of(y, ys);
    }

    /**
     * ConvTranspose, gathered: output o sums, over the taps in order, the products of the inputs i with
     * {@code i * stride - pad + tap * dilation == o} (each a sum over the group's channels), then adds
     * the bias. x (N, C, in...), w (C, M/group, k...).
     */
    static Tensor convTranspose(Tensor x, Tensor w, Tensor b, int group, Win win, int[] out) {
        int[] xs = x.shape();
        int[] ws = w.shape();
        int r = win.rank();
        int n = xs[0];
        int c = xs[1];
        int cg = c / group;
        int mg = ws[1];
        int m = mg * group;
        int[] in = Arrays.copyOfRange(xs, 2, xs.length);
        int[] ys = new int[r + 2];
        ys[0] = n;
        ys[1] = m;
        System.arraycopy(out, 0, ys, 2, r);
        float[] y = new float[Tensor.elementCount(ys)];
        float[] xf = x.floats();
        float[] wf = w.floats();
        int taps = Tensor.elementCount(win.kernel);
        int inPlane = Tensor.elementCount(in);
        int[] o = new int[r];
        int[] t = new int[r];
        int yi = 0;
        for (int img = 0; img < n; img++) {
            for (int oc = 0; oc < m; oc++) {
                int g = oc / mg;
                int ocg = oc % mg;
                for (int op = 0; op < Tensor.elementCount(out); op++) {
                    unflatten(op, out, o);
                    float acc = 0f;
                    for (int tp = 0; tp < taps; tp++) {
                        unflatten(tp, win.kernel, t);
                        int xi = 0;
                        boolean hit = true;
                        for (int a = 0; a < r && hit; a++) {
                            int num = o[a] + win.pads[a] - t[a] * win.dilations[a];
                            hit = num >= 0 && num % win.strides[a] == 0 && num / win.strides[a] < in[a];
                            xi = xi * in[a] + (hit ? num / win.strides[a] : 0);
                        }
                        if (!hit) {
                            continue;
                        }
                        float s = 0f;
                        for (int ic = 0; ic < cg; ic++) {
                            int ch = g * cg + ic;
                            s = Math.fma(wf[(ch * mg + ocg) * taps + tp], xf[(img * c + ch) * inPlane + xi], s);
                        }
                        acc += s;
                    }
                    y[yi++] = b == null ? acc : acc + b.floats()[oc];
                }
            }
        }
        return Tensor.of(y, ys);
    }

    /** Row-major index {@code flat} of {@code dims} into coordinates. */
    static void unflatten(int flat, int[] dims, int[] coords) {
        for (int i = dims.length - 1; i >= 0; i--) {
            coords[i] = flat % dims[i];
            flat /= dims[i];
        }
    }

    // ---- matrix products ------------------------------------------------------------------------

    /** Y = alpha * A' B' + beta * C (C broadcast; ignored when beta is 0). */
    static Tensor gemm(Tensor a, Tensor b, Tensor c, boolean ta, boolean tb, float alpha, float beta) {
        int m = a.dim(ta ? 1 : 0);
        int k = a.dim(ta ? 0 : 1);
        int n = b.dim(tb ? 0 : 1);
        float[] y = new float[m * n];
        float[] af = a.floats();
        float[] bf = b.floats();
        int[] cs = c == null ? new int[0] : c.shape();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float acc = 0f;
                for (int p = 0; p < k; p++) {
                    acc = Math.fma(af[ta ? p * m + i : i * k + p], bf[tb ? j * k + p : p * n + j], acc);
                }
                float v = alpha * acc;
                if (c != null && beta != 0f) {
                    int ci = cs.length == 0 ? 0 : cs.length == 1 ? (cs[0] == 1 ? 0 : j)
                            : (cs[0] == 1 ? 0 : i) * cs[1] + (cs[1] == 1 ? 0 : j);
                    v = alpha * acc + beta * c.floats()[ci];
                }
                y[i * n + j] = v;
            }
        }
        return Tensor.of(y, m, n);
    }

    /** NumPy matmul, batch dimensions broadcast, 1-D operands promoted and their axis removed. */
    static Tensor matmul(Tensor a, Tensor b) {
        int[] as = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.shape();
        int[] bs = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        int r = Math.max(as.length, bs.length) - 2;
        int[] batch = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i - (r - (as.length - 2)) >= 0 ? as[i - (r - (as.length - 2))] : 1;
            int db = i - (r - (bs.length - 2)) >= 0 ? bs[i - (r - (bs.length - 2))] : 1;
            batch[i] = Math.max(da, db);
        }
        int batches = Tensor.elementCount(batch);
        float[] y = new float[batches * m * n];
        int[] idx = new int[r];
        for (int t = 0; t < batches; t++) {
            unflatten(t, batch, idx);
            int ab = batchIndex(idx, as);
            int bb = batchIndex(idx, bs);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(a.floats()[ab * m * k + i * k + p], b.floats()[bb * k * n + p * n + j], acc);
                    }
                    y[(t * m + i) * n + j] = acc;
                }
            }
        }
        int[] ys = new int[r + (a.rank() > 1 ? 1 : 0) + (b.rank() > 1 ? 1 : 0)];
        System.arraycopy(batch, 0, ys, 0, r);
        int p = r;
        if (a.rank() > 1) {
            ys[p++] = m;
        }
        if (b.rank() > 1) {
            ys[p] = n;
        }
        return Tensor.of(y, ys);
    }

    private static int batchIndex(int[] idx, int[] shape) {
        int rb = shape.length - 2;
        int off = idx.length - rb;
        int flat = 0;
        for (int i = 0; i < rb; i++) {
            flat = flat * shape[i] + (shape[i] == 1 ? 0 : idx[off + i]);
        }
        return flat;
    }

    // ---- pooling --------------------------------------------------------------------------------

    /**
     * Max or average pooling with explicit pads and output sizes. Max keeps the first largest tap inside
     * the input ({@code if (v > m) m = v}, as ONNX Runtime does); average sums them in order from zero
     * and divides by the taps inside the input (or inside input and pads, when {@code includePad}).
     */
    static Tensor pool(Tensor x, boolean max, boolean includePad, Win win, int[] out) {
        int[] xs = x.shape();
        int r = win.rank();
        int[] in = Arrays.copyOfRange(xs, 2, xs.length);
        int planes = xs[0] * xs[1];
        int inPlane = Tensor.elementCount(in);
        int outPlane = Tensor.elementCount(out);
        int[] ys = xs.clone();
        System.arraycopy(out, 0, ys, 2, r);
        float[] y = new float[planes * outPlane];
        int[] o = new int[r];
        int[] t = new int[r];
        int taps = Tensor.elementCount(win.kernel);
        for (int pl = 0; pl < planes; pl++) {
            for (int op = 0; op < outPlane; op++) {
                unflatten(op, out, o);
                float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                float count = 1;
                for (int a = 0; a < r; a++) {
                    int lo = includePad ? -win.pads[a] : 0;
                    int hi = includePad ? in[a] + win.pads[a + r] : in[a];
                    int cnt = 0;
                    for (int tt = 0; tt < win.kernel[a]; tt++) {
                        int pos = o[a] * win.strides[a] - win.pads[a] + tt * win.dilations[a];
                        cnt += pos >= lo && pos < hi ? 1 : 0;
                    }
                    count *= cnt;
                }
                for (int tp = 0; tp < taps; tp++) {
                    unflatten(tp, win.kernel, t);
                    int xi = 0;
                    boolean inside = true;
                    for (int a = 0; a < r; a++) {
                        int pos = o[a] * win.strides[a] - win.pads[a] + t[a] * win.dilations[a];
                        inside &= pos >= 0 && pos < in[a];
                        xi = xi * in[a] + pos;
                    }
                    if (inside) {
                        float v = x.floats()[pl * inPlane + xi];
                        acc = max ? (v > acc ? v : acc) : acc + v;
                    }
                }
                y[pl * outPlane + op] = max ? acc : acc / count;
            }
        }
        return Tensor.of(y, ys);
    }

    /** Node attributes of a window, with explicit pads. */
    static Node.Builder windowAttrs(Node.Builder b, Win w) {
        return b.attr("kernel_shape", longs(w.kernel)).attr("strides", longs(w.strides))
                .attr("dilations", longs(w.dilations)).attr("pads", longs(w.pads));
    }

    static long[] longs(int[] v) {
        long[] out = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }
}
