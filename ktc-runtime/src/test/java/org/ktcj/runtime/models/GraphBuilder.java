package org.ktcj.runtime.models;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * Builds realistic float32 NCHW graphs the way exporters write them, with deterministic random weights.
 *
 * <p>Every method adds one operator (or a short idiom such as SiLU) and returns the name of the value it
 * produces; the builder tracks static shapes, so weights are sized from their input. Weights are drawn
 * from a seeded {@link Random} with He scaling (standard deviation {@code sqrt(2 / fan_in)}).
 *
 * <p>The builder also carries an estimate of each value's {@link Moments}, so that BatchNormalization
 * gets statistics that roughly normalize what it really sees (its variance times a random factor, plus
 * random affine parameters). Without that, residual networks of random weights grow their activations
 * by orders of magnitude and a final Sigmoid saturates, which would hide errors.
 */
public final class GraphBuilder {
    private final int opset;
    private final Random random;
    private final Graph.Builder graph;
    private final Map<String, int[]> shapes = new HashMap<>();
    private final Map<String, Moments> moments = new HashMap<>();
    private int counter;

    /**
     * @param name  the graph's name
     * @param opset the default-domain opset the nodes follow (11 or newer)
     * @param seed  the seed of every weight
     */
    public GraphBuilder(String name, int opset, long seed) {
        if (opset < 11) {
            throw new IllegalArgumentException("opset " + opset + ": the builder writes Resize and Clip of opset 11+");
        }
        this.opset = opset;
        this.random = new Random(seed);
        this.graph = Graph.builder().name(name);
    }

    // ---- graph ends -----------------------------------------------------------------------------

    /** Declares a float input. */
    public String input(String name, int... shape) {
        graph.input(ValueInfo.of(name, DataType.FLOAT, shape));
        return define(name, Moments.STANDARD, shape);
    }

    /** Declares a value as a graph output. */
    public GraphBuilder output(String value) {
        graph.output(ValueInfo.of(value, DataType.FLOAT, shape(value)));
        return this;
    }

    /** The model, at this builder's opset. */
    public Model build() {
        return Model.builder(graph.build()).opset(opset).build();
    }

    /** The static shape of a value made by this builder. */
    public int[] shape(String value) {
        return dims(value).clone();
    }

    /** Axis 1 of a value (channels, or features after Flatten). */
    public int channels(String value) {
        return dims(value)[1];
    }

    // ---- convolutions and dense layers ----------------------------------------------------------

    /** A square convolution with "same"-style symmetric padding {@code k / 2} and no dilation. */
    public String conv(String x, int outChannels, int k, int stride, int groups, boolean bias) {
        int p = k / 2;
        return conv(x, outChannels, k, stride, new int[] {p, p, p, p}, 1, groups, bias);
    }

    /**
     * A square convolution with He-scaled weights.
     *
     * @param pads ONNX order: top, left, bottom, right
     */
    public String conv(String x, int outChannels, int k, int stride, int[] pads, int dilation, int groups,
            boolean bias) {
        int[] s = dims(x);
        int cin = s[1];
        if (cin % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException(cin + " -> " + outChannels + " channels in " + groups + " groups");
        }
        int fanIn = cin / groups * k * k;
        String y = fresh("conv");
        float[] weights = normal(outChannels * fanIn, Math.sqrt(2.0 / fanIn));
        String w = weight(y, "weight", weights, outChannels, cin / groups, k, k);
        String b = bias ? weight(y, "bias", normal(outChannels, 0.1), outChannels) : "";
        Node.Builder n = Node.builder("Conv").name(y).outputs(y)
                .inputs(bias ? new String[] {x, w, b} : new String[] {x, w})
                .attr("kernel_shape", k, k).attr("strides", stride, stride)
                .attr("pads", pads[0], pads[1], pads[2], pads[3]).attr("dilations", dilation, dilation)
                .attr("group", groups);
        graph.node(n.build());
        int extent = dilation * (k - 1) + 1;
        int h = (s[2] + pads[0] + pads[2] - extent) / stride + 1;
        int wd = (s[3] + pads[1] + pads[3] - extent) / stride + 1;
        return define(y, moments(x).linear(2, bias ? 0.01 : 0), s[0], outChannels, h, wd);
    }

    /** {@code Gemm(x, W^T, b)} with {@code transB = 1}, as PyTorch's Linear exports: x is [N, K]. */
    public String gemm(String x, int outFeatures) {
        int[] s = dims(x);
        if (s.length != 2) {
            throw new IllegalArgumentException("Gemm takes a matrix, not " + Arrays.toString(s));
        }
        String y = fresh("gemm");
        String w = weight(y, "weight", normal(outFeatures * s[1], Math.sqrt(1.0 / s[1])), outFeatures, s[1]);
        String b = weight(y, "bias", normal(outFeatures, 0.1), outFeatures);
        graph.node(Node.builder("Gemm").name(y).inputs(x, w, b).outputs(y)
                .attr("alpha", 1f).attr("beta", 1f).attr("transB", 1L).build());
        return define(y, moments(x).linear(1, 0.01), s[0], outFeatures);
    }

    /**
     * BatchNormalization (inference) with random affine parameters, and statistics that roughly
     * normalize the input: its estimated mean plus noise, its estimated variance times [0.5, 1.5).
     */
    public String batchNorm(String x) {
        int c = channels(x);
        Moments in = moments(x);
        double sd = Math.sqrt(in.variance());
        float[] gamma = uniform(c, 0.5, 1.5);
        float[] beta = normal(c, 0.1);
        float[] mu = normal(c, 0.1 * sd);
        float[] sigma2 = uniform(c, 0.5 * sd * sd, 1.5 * sd * sd);
        // The output's moments from these very parameters, so no bias compounds over many layers.
        double mean = 0;
        double meanSquare = 0;
        for (int i = 0; i < c; i++) {
            double a = gamma[i] / Math.sqrt(sigma2[i] + 1e-5);
            double shift = beta[i] - a * (mu[i] - in.mean());
            mean += shift;
            meanSquare += a * a * in.variance() + shift * shift;
        }
        String y = fresh("bn");
        String[] params = {weight(y, "scale", gamma, c), weight(y, "bias", beta, c), weight(y, "mean", mu, c),
            weight(y, "var", sigma2, c)};
        graph.node(Node.builder("BatchNormalization").name(y).inputs(x, params[0], params[1], params[2], params[3])
                .outputs(y).attr("epsilon", 1e-5f).attr("momentum", 0.9f).build());
        return define(y, new Moments(mean / c, meanSquare / c), dims(x));
    }

    // ---- activations ----------------------------------------------------------------------------

    public String relu(String x) {
        return unary("Relu", x, moments(x).relu());
    }

    public String sigmoid(String x) {
        return unary("Sigmoid", x, moments(x).sigmoid());
    }

    /** ReLU6 as PyTorch exports it at opset 11+: Clip with min and max as inputs. */
    public String relu6(String x) {
        String y = fresh("clip");
        String lo = weight(y, "min", new float[] {0f});
        String hi = weight(y, "max", new float[] {6f});
        graph.node(Node.builder("Clip").name(y).inputs(x, lo, hi).outputs(y).build());
        return define(y, moments(x).relu(), dims(x));
    }

    public String leakyRelu(String x, float alpha) {
        String y = fresh("leakyrelu");
        graph.node(Node.builder("LeakyRelu").name(y).inputs(x).outputs(y).attr("alpha", alpha).build());
        return define(y, moments(x).leakyRelu(alpha), dims(x));
    }

    /** SiLU (swish) as exporters write it: {@code x * Sigmoid(x)}. */
    public String silu(String x) {
        String y = mul(x, sigmoid(x));
        // x and Sigmoid(x) are far from independent: SiLU is closer to ReLU than to a product.
        moments.put(y, moments(x).relu());
        return y;
    }

    // ---- elementwise with broadcasting ----------------------------------------------------------

    public String add(String a, String b) {
        return binary("Add", a, b, moments(a).plus(moments(b)));
    }

    public String mul(String a, String b) {
        return binary("Mul", a, b, moments(a).times(moments(b)));
    }

    // ---- pooling --------------------------------------------------------------------------------

    /** MaxPool with a square kernel and symmetric padding. */
    public String maxPool(String x, int k, int stride, int pad) {
        int[] s = dims(x);
        String y = fresh("maxpool");
        graph.node(Node.builder("MaxPool").name(y).inputs(x).outputs(y).attr("kernel_shape", k, k)
                .attr("strides", stride, stride).attr("pads", pad, pad, pad, pad).build());
        return define(y, moments(x).maxOf(k * k), s[0], s[1], (s[2] + 2 * pad - k) / stride + 1,
                (s[3] + 2 * pad - k) / stride + 1);
    }

    public String globalAveragePool(String x) {
        int[] s = dims(x);
        String y = fresh("gap");
        graph.node(Node.builder("GlobalAveragePool").name(y).inputs(x).outputs(y).build());
        return define(y, moments(x), s[0], s[1], 1, 1);
    }

    // ---- shapes ---------------------------------------------------------------------------------

    /** Flatten at axis 1: [N, rest]. */
    public String flatten(String x) {
        int[] s = dims(x);
        String y = fresh("flatten");
        graph.node(Node.builder("Flatten").name(y).inputs(x).outputs(y).attr("axis", 1L).build());
        return define(y, moments(x), s[0], Tensor.elementCount(s) / s[0]);
    }

    /** Reshape to a constant target that may use 0 (copy the dimension) and one -1 (infer it). */
    public String reshape(String x, long... target) {
        int[] s = dims(x);
        int[] out = new int[target.length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            if (target[i] == -1) {
                inferred = i;
                continue;
            }
            out[i] = target[i] == 0 ? s[i] : (int) target[i];
            known *= out[i];
        }
        if (inferred >= 0) {
            out[inferred] = (int) (Tensor.elementCount(s) / known);
        }
        if (Tensor.elementCount(out) != Tensor.elementCount(s)) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(s) + " to "
                    + Arrays.toString(target));
        }
        String y = fresh("reshape");
        String shape = constant(y, "shape", Tensor.ofLongs(target.clone(), target.length));
        graph.node(Node.builder("Reshape").name(y).inputs(x, shape).outputs(y).build());
        return define(y, moments(x), out);
    }

    public String transpose(String x, int... perm) {
        int[] s = dims(x);
        int[] out = new int[perm.length];
        long[] p = new long[perm.length];
        for (int i = 0; i < perm.length; i++) {
            out[i] = s[perm[i]];
            p[i] = perm[i];
        }
        String y = fresh("transpose");
        graph.node(Node.builder("Transpose").name(y).inputs(x).outputs(y).attr("perm", p).build());
        return define(y, moments(x), out);
    }

    public String concat(int axis, String... xs) {
        int[] out = dims(xs[0]).clone();
        Moments m = moments(xs[0]);
        for (int i = 1; i < xs.length; i++) {
            m = Moments.mix(m, out[axis], moments(xs[i]), dims(xs[i])[axis]);
            out[axis] += dims(xs[i])[axis];
        }
        String y = fresh("concat");
        graph.node(Node.builder("Concat").name(y).inputs(xs).outputs(y).attr("axis", (long) axis).build());
        return define(y, m, out);
    }

    // ---- resizing -------------------------------------------------------------------------------

    /**
     * Nearest upsampling by an integer factor (the {@code scales} input), with the modes an exporter
     * writes: "asymmetric" and "floor" (PyTorch's nn.Upsample), "half_pixel" and "round_prefer_ceil"
     * (TensorFlow 2).
     */
    public String upsampleNearest(String x, int factor, String coordinateMode, String nearestMode) {
        int[] s = dims(x);
        String y = fresh("resize");
        String scales = constant(y, "scales", Tensor.of(new float[] {1, 1, factor, factor}, 4));
        graph.node(Node.builder("Resize").name(y).inputs(x, emptyRoi(y), scales).outputs(y).attr("mode", "nearest")
                .attr("coordinate_transformation_mode", coordinateMode).attr("nearest_mode", nearestMode).build());
        return define(y, moments(x), s[0], s[1], s[2] * factor, s[3] * factor);
    }

    /**
     * Linear resizing to a given size (the {@code sizes} input), with the coordinate transformation
     * an exporter writes: "pytorch_half_pixel" (PyTorch, align_corners=False), "align_corners",
     * "half_pixel" (TensorFlow 2) or "asymmetric" (TensorFlow 1).
     */
    public String resizeLinear(String x, int height, int width, String coordinateMode) {
        int[] s = dims(x);
        String y = fresh("resize");
        String sizes = constant(y, "sizes", Tensor.ofLongs(new long[] {s[0], s[1], height, width}, 4));
        // Opset 11 requires the roi and scales inputs, empty; 13 lets them be left out.
        String scales = opset < 13 ? constant(y, "scales", Tensor.of(new float[0], 0)) : "";
        graph.node(Node.builder("Resize").name(y).inputs(x, emptyRoi(y), scales, sizes).outputs(y)
                .attr("mode", "linear").attr("coordinate_transformation_mode", coordinateMode).build());
        return define(y, moments(x), s[0], s[1], height, width);
    }

    private String emptyRoi(String owner) {
        return opset < 13 ? constant(owner, "roi", Tensor.of(new float[0], 0)) : "";
    }

    // ---- plumbing -------------------------------------------------------------------------------

    private String unary(String op, String x, Moments m) {
        String y = fresh(op.toLowerCase(Locale.ROOT));
        graph.node(Node.builder(op).name(y).inputs(x).outputs(y).build());
        return define(y, m, dims(x));
    }

    private String binary(String op, String a, String b, Moments m) {
        int[] sa = dims(a);
        int[] sb = dims(b);
        int rank = Math.max(sa.length, sb.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int da = i < rank - sa.length ? 1 : sa[i - (rank - sa.length)];
            int db = i < rank - sb.length ? 1 : sb[i - (rank - sb.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + " cannot broadcast " + Arrays.toString(sa) + " with "
                        + Arrays.toString(sb));
            }
            out[i] = Math.max(da, db);
        }
        String y = fresh(op.toLowerCase(Locale.ROOT));
        graph.node(Node.builder(op).name(y).inputs(a, b).outputs(y).build());
        return define(y, m, out);
    }

    /** A fresh node name, which is also the name of the node's output. */
    private String fresh(String kind) {
        return kind + "_" + ++counter;
    }

    private String define(String value, Moments m, int... shape) {
        shapes.put(value, shape.clone());
        moments.put(value, m);
        return value;
    }

    /** The shape, not copied. */
    private int[] dims(String value) {
        int[] s = shapes.get(value);
        if (s == null) {
            throw new IllegalArgumentException("unknown value '" + value + "'");
        }
        return s;
    }

    private Moments moments(String value) {
        return moments.get(value);
    }

    private String weight(String owner, String role, float[] data, int... shape) {
        return constant(owner, role, Tensor.of(data, shape));
    }

    private String constant(String owner, String role, Tensor t) {
        String name = owner + "." + role;
        graph.initializer(name, t);
        return define(name, Moments.STANDARD, t.shape());
    }

    private float[] normal(int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextGaussian() * std);
        }
        return v;
    }

    private float[] uniform(int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + random.nextDouble() * (hi - lo));
        }
        return v;
    }
}
