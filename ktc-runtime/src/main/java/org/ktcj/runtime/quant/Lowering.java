package org.ktcj.runtime.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.fx.Multiplier;

/**
 * Turns an optimized float model into its fixed-point form (docs/fixed-point.md): every NPU node becomes
 * an integer operator of domain {@value FixedPointModel#FX_DOMAIN} (or runs as itself when it only moves
 * data), weights are quantized per output channel, activations get the parameters of their calibrated
 * ranges, and CPU nodes run in float between a Dequantize and a Quantize.
 *
 * <p>Names: an integer tensor keeps its float value's name, except at the model's borders, where the
 * model's inputs and outputs keep the float names (the fixed-point model takes and gives float32) and
 * their integer forms are named with {@value #INTEGER}; a CPU node's float inputs and outputs are named
 * with {@value #FLOAT}.
 */
final class Lowering {
    static final String INTEGER = ":fx";
    static final String FLOAT = ":f";
    private static final String FX = FixedPointModel.FX_DOMAIN;
    /** The accumulator of an Add holds its operands this many bits finer than the coarser one. */
    private static final int ADD_PRECISION = 14;
    /** Operators that only move data: their outputs are held exactly as their first input. */
    private static final Set<String> DATA_MOVEMENT = Set.of("Reshape", "Flatten", "Squeeze", "Unsqueeze",
            "Transpose", "Slice", "Split", "Pad", "MaxPool", "GlobalMaxPool", "DepthToSpace", "SpaceToDepth",
            "Identity", "Dropout", "Resize", "Upsample");
    /** Element-wise functions of one input: a lookup table of every input integer. */
    private static final Set<String> LOOKUP = Set.of("Sigmoid", "Tanh", "Exp", "HardSigmoid", "HardSwish", "Elu",
            "Erf", "Softplus", "Softsign", "Selu", "Celu", "Mish", "Gelu", "Sqrt", "Reciprocal", "Log", "Abs",
            "Neg");

    private final Model model;
    private final Graph graph;
    private final Set<String> cpuNodes;
    private final Map<String, RangeHistogram> ranges;
    private final QuantOptions options;
    private final Graph.Builder out = Graph.builder();
    /** Parameters of every integer tensor of the fixed-point graph, by its name there. */
    private final Map<String, QuantParams> params = new LinkedHashMap<>();
    /** The fixed-point graph's name of each float value that has an integer form. */
    private final Map<String, String> integerName = new HashMap<>();
    private final Set<Node> fusedAway = new HashSet<>();
    /** Float values that stay float (a CPU node's non-float or uncalibrated outputs), with their names. */
    private final Map<String, String> floatOnly = new HashMap<>();
    /** The dequantized forms already emitted for CPU nodes, by float value. */
    private final Map<String, String> dequantized = new HashMap<>();
    /** Every name taken, in either graph: synthetic names never collide with the model's. */
    private final Set<String> used = new HashSet<>();

    /**
     * @param cpuNodes the names of the nodes the chip runs on its CPU
     * @param ranges   the calibrated histograms of the float values
     */
    Lowering(Model model, Set<String> cpuNodes, Map<String, RangeHistogram> ranges, QuantOptions options) {
        this.model = model;
        this.graph = model.graph();
        this.cpuNodes = cpuNodes;
        this.ranges = ranges;
        this.options = options;
        graph.nodes().forEach(n -> used.addAll(n.outputs()));
        used.addAll(graph.initializers().keySet());
        graph.inputs().forEach(v -> used.add(v.name()));
    }

    FixedPointModel run(String chipId, Map<String, String> optionStrings) {
        out.name(graph.name());
        for (ValueInfo in : graph.inputs()) {
            out.input(in);
            if (in.type() == DataType.FLOAT) {
                QuantParams p = activation(in.name(), options.modelIn());
                String q = fresh(in.name() + INTEGER);
                emit(fx("Quantize", in.name() + "/quantize", List.of(in.name()), q, p).attr("scale", p.scale(0))
                        .attr("radix", (long) p.radix(0)));
                bind(in.name(), q, p);
            }
        }
        for (Node node : graph.nodes()) {
            if (fusedAway.contains(node)) {
                continue;
            }
            if (cpuNodes.contains(node.name()) || !lower(node)) {
                runInFloat(node);
            }
        }
        for (ValueInfo o : graph.outputs()) {
            String q = integerName.get(o.name());
            if (q != null && !q.equals(o.name())) {
                QuantParams p = params.get(q);
                emit(Node.builder("Dequantize").domain(FX).name(o.name() + "/dequantize").inputs(q).outputs(o.name())
                        .attr("scale", p.scale(0)).attr("radix", (long) p.radix(0)).attr("bits", (long) p.bits()));
            }
            out.output(o);
        }
        Model.Builder m = model.toBuilder().graph(out.build()).opset(FX, 1);
        return new FixedPointModel(chipId, model, m.build(), params, optionStrings);
    }

    /** Emits the integer form of an NPU node; false when it has none (it then runs in float). */
    private boolean lower(Node node) {
        if (!node.inputs().stream().allMatch(i -> i.isEmpty() || integerName.containsKey(i)
                || graph.isInitializer(i))) {
            return false;
        }
        String op = node.opType();
        if (!node.domain().isEmpty() && !node.domain().equals("ai.onnx")) {
            return false;
        }
        return switch (op) {
            case "Conv" -> convolution(node);
            case "Gemm", "MatMul" -> gemm(node);
            case "BatchNormalization" -> batchNorm(node);
            case "Relu", "Clip", "LeakyRelu" -> activation(node);
            case "Add", "Sub", "Mul" -> elementwise(node);
            case "AveragePool", "GlobalAveragePool" -> averagePool(node);
            case "Concat" -> concat(node);
            default -> {
                if (DATA_MOVEMENT.contains(op)) {
                    yield dataMovement(node);
                }
                if (LOOKUP.contains(op)) {
                    yield lookup(node);
                }
                yield false;
            }
        };
    }

    // ---- NPU operators ------------------------------------------------------------------------------

    private boolean convolution(Node node) {
        String x = node.input(0);
        Tensor w = constant(node.input(1));
        if (!integerName.containsKey(x) || w == null || (node.hasInput(2) && constant(node.input(2)) == null)) {
            return false;
        }
        Node act = fusableActivation(node);
        String y = act != null ? act.output(0) : node.output(0);
        QuantParams in = params.get(integerName.get(x));
        QuantParams wp = weightParams(node.name() + "/W", w, 0);
        QuantParams outP = activation(y, options.datapath());
        List<String> inputs = new ArrayList<>(List.of(integerName.get(x), weightTensor(node, w, wp, 0)));
        if (node.hasInput(2)) {
            inputs.add(biasTensor(node, constant(node.input(2)), in, wp));
        }
        Node.Builder b = fx("Conv", node.name(), inputs, integerOutput(y, outP), outP);
        copyAttributes(node, b, "kernel_shape", "strides", "pads", "dilations", "group", "auto_pad");
        requant(b, node, in, wp, outP, w.dim(0), act, 1.0);
        emit(b);
        return true;
    }

    private boolean gemm(Node node) {
        String a = node.input(0);
        Tensor w = constant(node.input(1));
        boolean matMul = node.opType().equals("MatMul");
        if (!integerName.containsKey(a) || w == null || w.rank() != 2 || (matMul && shapeRank(a) != 2)
                || node.attrInt("transA", 0) != 0) {
            return false;
        }
        boolean transB = node.attrInt("transB", 0) != 0;
        Tensor c = node.hasInput(2) ? constant(node.input(2)) : null;
        if (node.hasInput(2) && (c == null || c.size() != (transB ? w.dim(0) : w.dim(1)))) {
            return false;
        }
        // Per output column: the weights' axis 0 when transposed (N x K), else axis 1 (K x N).
        int axis = transB ? 0 : 1;
        Node act = fusableActivation(node);
        String y = act != null ? act.output(0) : node.output(0);
        QuantParams in = params.get(integerName.get(a));
        QuantParams wp = weightParams(node.name() + "/B", w, axis);
        QuantParams outP = activation(y, options.datapath());
        float alpha = node.attrFloat("alpha", 1f);
        List<String> inputs = new ArrayList<>(List.of(integerName.get(a), weightTensor(node, w, wp, axis)));
        if (c != null) {
            // alpha is folded into the multipliers, so the bias is divided by it.
            float beta = node.attrFloat("beta", 1f);
            float[] scaled = c.toFloatArray();
            for (int j = 0; j < scaled.length; j++) {
                scaled[j] = scaled[j] * beta / alpha;
            }
            inputs.add(biasTensor(node, Tensor.of(scaled, scaled.length), in, wp));
        }
        Node.Builder b = fx("Gemm", node.name(), inputs, integerOutput(y, outP), outP).attr("transB", transB ? 1L : 0L);
        requant(b, node, in, wp, outP, w.dim(axis), act, alpha);
        emit(b);
        return true;
    }

    private boolean batchNorm(Node node) {
        String x = node.input(0);
        Tensor gamma = constant(node.input(1));
        Tensor beta = constant(node.input(2));
        Tensor mean = constant(node.input(3));
        Tensor var = constant(node.input(4));
        if (!integerName.containsKey(x) || gamma == null || beta == null || mean == null || var == null) {
            return false;
        }
        float eps = node.attrFloat("epsilon", 1e-5f);
        int channels = gamma.size();
        float[] k = new float[channels];
        float[] c = new float[channels];
        for (int i = 0; i < channels; i++) {
            k[i] = (float) (gamma.getDouble(i) / Math.sqrt(var.getDouble(i) + eps));
            c[i] = (float) (beta.getDouble(i) - mean.getDouble(i) * k[i]);
        }
        return affine(node, x, Tensor.of(k, channels), c);
    }

    /** A Relu, Clip or LeakyRelu on its own: a change of scale with the activation's clamp. */
    private boolean activation(Node node) {
        String x = node.input(0);
        return integerName.containsKey(x) && integerActivation(node) && affine(node, x, null, null);
    }

    /**
     * {@code y = act(x * k[c] + c[c])} per channel as an integer Affine; {@code k == null} is the identity
     * (the node itself is then the activation).
     */
    private boolean affine(Node node, String x, Tensor k, float[] c) {
        QuantParams in = params.get(integerName.get(x));
        boolean isActivation = k == null;
        Node act = isActivation ? node : fusableActivation(node);
        String y = act != null ? act.output(0) : node.output(0);
        QuantParams outP = activation(y, options.datapath());
        int channels = k == null ? 1 : k.size();
        Tensor factors = k != null ? k : Tensor.of(new float[] {1f}, 1);
        QuantParams kp = k != null ? weightParams(node.name() + "/K", factors, 0)
                : QuantParams.perTensor(options.weights(), 0, 1f, 1f, 1f);
        long[] kq = new long[channels];
        long[] cq = new long[channels];
        for (int i = 0; i < channels; i++) {
            kq[i] = FixedPoint.quantize(factors.getDouble(i), kp.factor(i), kp.bits());
            cq[i] = c == null ? 0 : Math.round(c[i] * in.factor(0) * kp.factor(i));
        }
        String kName = constantName(node.name() + "/K");
        String cName = constantName(node.name() + "/C");
        out.initializer(kName, Tensor.ofLongs(kq, channels));
        out.initializer(cName, Tensor.ofLongs(cq, channels));
        Node.Builder b = fx("Affine", node.name(), List.of(integerName.get(x), kName, cName), integerOutput(y, outP),
                outP);
        requant(b, node, in, kp, outP, channels, act, 1.0);
        emit(b);
        return true;
    }

    /**
     * Add, Sub or Mul of two integer tensors (or constants, quantized here). Add and Sub scale both
     * operands to one accumulator, {@value #ADD_PRECISION} bits finer than the coarser operand, so that
     * the scaling itself loses nothing that matters; Mul's accumulator is the product of the two.
     */
    private boolean elementwise(Node node) {
        String a = operand(node, 0);
        String bb = operand(node, 1);
        if (a == null || bb == null) {
            return false;
        }
        Node act = fusableActivation(node);
        String y = act != null ? act.output(0) : node.output(0);
        QuantParams outP = activation(y, options.datapath());
        double fa = params.get(a).factor(0);
        double fb = params.get(bb).factor(0);
        Node.Builder b = fx(node.opType(), node.name(), List.of(a, bb), integerOutput(y, outP), outP);
        double acc = fa * fb;
        if (!node.opType().equals("Mul")) {
            acc = Math.scalb(Math.max(fa, fb), ADD_PRECISION);
            b.attr("a_mult", Math.round(acc / fa)).attr("b_mult", Math.round(acc / fb));
        }
        requantBy(b, node, outP.factor(0) / acc, outP, act);
        emit(b);
        return true;
    }

    private boolean averagePool(Node node) {
        String x = node.input(0);
        if (!integerName.containsKey(x)) {
            return false;
        }
        QuantParams in = params.get(integerName.get(x));
        QuantParams outP = activation(node.output(0), options.datapath());
        Node.Builder b = fx(node.opType(), node.name(), List.of(integerName.get(x)),
                integerOutput(node.output(0), outP), outP);
        copyAttributes(node, b, "kernel_shape", "strides", "pads", "auto_pad", "ceil_mode", "count_include_pad");
        requantBy(b, node, outP.factor(0) / in.factor(0), outP, null);
        emit(b);
        return true;
    }

    /** Concat: every input first brought to the output's parameters, so the Concat itself moves data only. */
    private boolean concat(Node node) {
        QuantParams outP = activation(node.output(0), options.datapath());
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < node.inputs().size(); i++) {
            String in = operand(node, i);
            if (in == null) {
                return false;
            }
            QuantParams p = params.get(in);
            if (p.radix(0) != outP.radix(0) || p.scale(0) != outP.scale(0) || p.bits() != outP.bits()) {
                String moved = fresh(node.output(0) + "/in" + i);
                Node.Builder b = fx("Affine", node.name() + "/requant" + i, List.of(in, unitFactor(), zeroOffset()),
                        moved, outP);
                requantBy(b, node, outP.factor(0) / p.factor(0), outP, null);
                emit(b);
                params.put(moved, outP);
                in = moved;
            }
            inputs.add(in);
        }
        emit(node.toBuilder().inputs(inputs).outputs(integerOutput(node.output(0), outP)));
        return true;
    }

    private boolean dataMovement(Node node) {
        String x = node.input(0);
        if (!integerName.containsKey(x) || (node.opType().equals("Pad") && !zeroPad(node))
                || ((node.opType().equals("Resize") || node.opType().equals("Upsample"))
                        && !node.attrString("mode", "nearest").equals("nearest"))) {
            return false;
        }
        QuantParams p = params.get(integerName.get(x));
        List<String> inputs = new ArrayList<>(node.inputs());
        inputs.set(0, integerName.get(x));
        if (node.opType().equals("Pad") && inputs.size() > 2) {
            inputs = inputs.subList(0, 2); // the pad value, a float zero: the integer default
        }
        for (int i = 1; i < inputs.size(); i++) {
            String extra = inputs.get(i);
            if (!extra.isEmpty()) {
                out.initializer(extra, graph.initializer(extra));
            }
        }
        List<String> outputs = new ArrayList<>();
        for (String o : node.outputs()) {
            outputs.add(o.isEmpty() ? o : integerOutput(o, p));
        }
        emit(node.toBuilder().inputs(inputs).outputs(outputs));
        return true;
    }

    /** An element-wise function as a table of its value at every input integer. */
    private boolean lookup(Node node) {
        String x = node.input(0);
        if (!integerName.containsKey(x) || node.inputs().size() != 1) {
            return false;
        }
        QuantParams in = params.get(integerName.get(x));
        QuantParams outP = activation(node.output(0), options.datapath());
        Tensor table = LookupTables.table(node, model.opset(), in, outP);
        emit(fx("Lookup", node.name(), List.of(integerName.get(x)), integerOutput(node.output(0), outP), outP)
                .attr("table", table));
        return true;
    }

    // ---- CPU nodes ----------------------------------------------------------------------------------

    /** Runs a node in float: its integer inputs dequantized, its outputs quantized for the NPU after it. */
    private void runInFloat(Node node) {
        List<String> inputs = new ArrayList<>();
        for (String in : node.inputs()) {
            inputs.add(in.isEmpty() ? in : floatValue(in));
        }
        List<String> outputs = new ArrayList<>();
        for (String o : node.outputs()) {
            outputs.add(o.isEmpty() || graph.isOutput(o) ? o : fresh(o + FLOAT));
        }
        emit(node.toBuilder().inputs(inputs).outputs(outputs));
        for (int i = 0; i < outputs.size(); i++) {
            String o = node.output(i);
            if (o.isEmpty() || graph.isOutput(o) || !ranges.containsKey(o)) {
                if (!o.isEmpty() && !graph.isOutput(o)) {
                    floatOnly.put(o, outputs.get(i));
                }
                continue;
            }
            QuantParams p = activation(o, options.cpuNode());
            emit(fx("Quantize", node.name() + "/quantize" + i, List.of(outputs.get(i)), integerOutput(o, p), p)
                    .attr("scale", p.scale(0)).attr("radix", (long) p.radix(0)));
        }
    }

    /** The float form of a value for a CPU node: the value itself, a constant, or its dequantized integer form. */
    private String floatValue(String value) {
        if (graph.isInitializer(value)) {
            out.initializer(value, graph.initializer(value));
            return value;
        }
        if (floatOnly.containsKey(value)) {
            return floatOnly.get(value);
        }
        String q = integerName.get(value);
        if (q == null) {
            return value; // a model input that is not float
        }
        return dequantized.computeIfAbsent(value, v -> {
            String f = fresh(v + FLOAT);
            QuantParams p = params.get(q);
            emit(Node.builder("Dequantize").domain(FX).name(f + "/dequantize").inputs(q).outputs(f)
                    .attr("scale", p.scale(0)).attr("radix", (long) p.radix(0)).attr("bits", (long) p.bits()));
            return f;
        });
    }

    // ---- parameters ---------------------------------------------------------------------------------

    /** The parameters of an activation, from its calibrated range. */
    private QuantParams activation(String value, int bits) {
        int width = graph.isOutput(value) ? options.modelOut() : bits;
        RangeHistogram h = ranges.get(value);
        if (h == null) {
            throw new KtcException("no calibration data reached tensor '" + value + "'");
        }
        double r = options.range().range(h, width);
        return FixedPoint.params(r, width, options.tensorScale(), h.min(), h.max());
    }

    /** Per-channel parameters of a weight tensor along {@code axis}, for its full range. */
    private QuantParams weightParams(String name, Tensor w, int axis) {
        int channels = w.dim(axis);
        float[] absMax = new float[channels];
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        float[] v = w.toFloatArray();
        int inner = 1;
        for (int d = axis + 1; d < w.rank(); d++) {
            inner *= w.dim(d);
        }
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new KtcException("weight '" + name + "' holds " + v[i] + " at element " + i);
            }
            int c = (i / inner) % channels;
            absMax[c] = Math.max(absMax[c], Math.abs(v[i]));
            lo = Math.min(lo, v[i]);
            hi = Math.max(hi, v[i]);
        }
        int bits = options.weights();
        int[] radix = new int[channels];
        float[] scale = new float[channels];
        for (int c = 0; c < channels; c++) {
            radix[c] = FixedPoint.radix(absMax[c], bits);
            scale[c] = options.tensorScale() ? FixedPoint.scale(absMax[c], bits) : 1f;
        }
        return new QuantParams(bits, axis, radix, scale, lo, hi);
    }

    /** The weights quantized per channel, as an initializer of the fixed-point graph; returns its name. */
    private String weightTensor(Node node, Tensor w, QuantParams p, int axis) {
        float[] v = w.toFloatArray();
        int inner = 1;
        for (int d = axis + 1; d < w.rank(); d++) {
            inner *= w.dim(d);
        }
        int channels = w.dim(axis);
        DataType type = p.bits() == 16 ? DataType.INT16 : DataType.INT8;
        Tensor q = Tensor.zeros(type, w.shape());
        for (int i = 0; i < v.length; i++) {
            long value = FixedPoint.quantize(v[i], p.factor((i / inner) % channels), p.bits());
            if (type == DataType.INT16) {
                q.shorts()[i] = (short) value;
            } else {
                q.bytes()[i] = (byte) value;
            }
        }
        String name = constantName(node.input(1));
        out.initializer(name, q);
        params.put(name, p);
        return name;
    }

    /** A bias in the accumulator's representation (input factor times the channel's weight factor), INT64. */
    private String biasTensor(Node node, Tensor bias, QuantParams in, QuantParams wp) {
        long[] q = new long[bias.size()];
        for (int c = 0; c < q.length; c++) {
            q[c] = Math.round(bias.getDouble(c) * in.factor(0) * wp.factor(c));
        }
        String name = constantName(node.input(2));
        out.initializer(name, Tensor.ofLongs(q, q.length));
        return name;
    }

    /** Multipliers and shifts per channel from accumulator to output, and the activation's clamp. */
    private void requant(Node.Builder b, Node node, QuantParams in, QuantParams w, QuantParams outP, int channels,
                         Node act, double gain) {
        long[] m = new long[channels];
        long[] n = new long[channels];
        long[] negM = new long[channels];
        long[] negN = new long[channels];
        double slope = act != null && act.opType().equals("LeakyRelu") ? act.attrFloat("alpha", 0.01f) : Double.NaN;
        for (int c = 0; c < channels; c++) {
            double ratio = gain * outP.factor(0) / (in.factor(0) * w.factor(c));
            Multiplier mult = multiplier(node, ratio);
            m[c] = mult.m();
            n[c] = mult.n();
            if (!Double.isNaN(slope)) {
                Multiplier neg = multiplier(node, ratio * slope);
                negM[c] = neg.m();
                negN[c] = neg.n();
            }
        }
        b.attr("multiplier", m).attr("shift", n);
        if (!Double.isNaN(slope)) {
            b.attr("neg_multiplier", negM).attr("neg_shift", negN);
        }
        clamp(b, outP, act);
    }

    /** One multiplier for the whole tensor. */
    private void requantBy(Node.Builder b, Node node, double ratio, QuantParams outP, Node act) {
        Multiplier mult = multiplier(node, ratio);
        b.attr("multiplier", new long[] {mult.m()}).attr("shift", new long[] {mult.n()});
        clamp(b, outP, act);
    }

    private static Multiplier multiplier(Node node, double ratio) {
        try {
            return Multiplier.of(ratio);
        } catch (KtcException e) {
            throw new KtcException("node '" + node.name() + "': " + e.getMessage(), e);
        }
    }

    /** The output's integer range, narrowed by a fused Relu or Clip. */
    private void clamp(Node.Builder b, QuantParams outP, Node act) {
        long lo = outP.qmin();
        long hi = outP.qmax();
        if (act != null && act.opType().equals("Relu")) {
            lo = 0;
        } else if (act != null && act.opType().equals("Clip")) {
            float[] bounds = clipBounds(act);
            lo = Math.max(lo, (long) Math.rint(bounds[0] * outP.factor(0)));
            hi = Math.min(hi, (long) Math.rint(bounds[1] * outP.factor(0)));
        }
        b.attr("out_min", lo).attr("out_max", hi);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** A Relu, Clip or LeakyRelu that is the only reader of the node's output, which is not a model output. */
    private Node fusableActivation(Node node) {
        String y = node.output(0);
        List<Node> readers = graph.consumers(y);
        if (readers.size() != 1 || graph.isOutput(y) || cpuNodes.contains(readers.get(0).name())) {
            return null;
        }
        Node next = readers.get(0);
        if (!integerActivation(next) || !next.input(0).equals(y)) {
            return null;
        }
        fusedAway.add(next);
        return next;
    }

    /** Relu, Clip with constant bounds, or LeakyRelu with a positive slope: a clamp or a second multiplier. */
    private boolean integerActivation(Node node) {
        return switch (node.opType()) {
            case "Relu" -> true;
            case "Clip" -> clipBoundsKnown(node);
            case "LeakyRelu" -> node.attrFloat("alpha", 0.01f) > 0;
            default -> false;
        };
    }

    private boolean clipBoundsKnown(Node clip) {
        for (int i = 1; i < clip.inputs().size(); i++) {
            if (!clip.input(i).isEmpty() && constant(clip.input(i)) == null) {
                return false;
            }
        }
        return true;
    }

    /** Clip's {min, max}: attributes before opset 11, constant inputs after. */
    private float[] clipBounds(Node clip) {
        float lo = clip.attrFloat("min", Float.NEGATIVE_INFINITY);
        float hi = clip.attrFloat("max", Float.POSITIVE_INFINITY);
        if (clip.hasInput(1)) {
            lo = (float) constant(clip.input(1)).getDouble(0);
        }
        if (clip.hasInput(2)) {
            hi = (float) constant(clip.input(2)).getDouble(0);
        }
        return new float[] {lo, hi};
    }

    /** An operand of an element-wise node: its integer form, or a constant quantized per tensor. */
    private String operand(Node node, int i) {
        String in = node.input(i);
        if (integerName.containsKey(in)) {
            return integerName.get(in);
        }
        Tensor c = constant(in);
        if (c == null) {
            return null;
        }
        float[] v = c.toFloatArray();
        float lo = 0;
        float hi = 0;
        for (float f : v) {
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        int bits = options.datapath();
        QuantParams p = FixedPoint.params(Math.max(-lo, hi), bits, options.tensorScale(), lo, hi);
        Tensor q = Tensor.zeros(bits == 16 ? DataType.INT16 : DataType.INT8, c.shape());
        for (int k = 0; k < v.length; k++) {
            long value = FixedPoint.quantize(v[k], p.factor(0), bits);
            if (bits == 16) {
                q.shorts()[k] = (short) value;
            } else {
                q.bytes()[k] = (byte) value;
            }
        }
        String name = constantName(in);
        out.initializer(name, q);
        params.put(name, p);
        return name;
    }

    private boolean zeroPad(Node pad) {
        if (!pad.attrString("mode", "constant").equals("constant")) {
            return false;
        }
        Tensor value = pad.hasInput(2) ? constant(pad.input(2)) : null;
        return value == null ? !pad.hasInput(2) : value.getDouble(0) == 0 && pad.attrFloat("value", 0f) == 0;
    }

    private Tensor constant(String value) {
        return value.isEmpty() ? null : graph.initializer(value);
    }

    private int shapeRank(String value) {
        ValueInfo info = graph.info(value);
        return info == null || info.shape() == null ? -1 : info.shape().rank();
    }

    private String unitFactor() {
        String name = constantName("ktc/one");
        out.initializer(name, Tensor.ofLongs(new long[] {1}, 1));
        return name;
    }

    private String zeroOffset() {
        String name = constantName("ktc/zero");
        out.initializer(name, Tensor.ofLongs(new long[] {0}, 1));
        return name;
    }

    private static void copyAttributes(Node from, Node.Builder to, String... names) {
        for (String a : names) {
            if (from.hasAttribute(a)) {
                to.attr(from.attribute(a));
            }
        }
    }

    /** An integer node of domain ktc.fx with one output of the given parameters. */
    private Node.Builder fx(String op, String name, List<String> inputs, String output, QuantParams p) {
        return Node.builder(op).domain(FX).name(name).inputs(inputs).outputs(output).attr("bits", (long) p.bits());
    }

    private void emit(Node.Builder b) {
        Node n = b.build();
        out.node(n);
        for (String o : n.outputs()) {
            used.add(o);
        }
    }

    /**
     * The name of a float value's integer form, recorded with its parameters: the value's own name, or
     * for a model output (whose name the dequantized float takes) a name derived from it.
     */
    private String integerOutput(String floatValue, QuantParams p) {
        String name = graph.isOutput(floatValue) ? fresh(floatValue + INTEGER) : floatValue;
        bind(floatValue, name, p);
        return name;
    }

    /** Records the integer form of a float value, and the integer tensor's parameters. */
    private void bind(String floatValue, String integer, QuantParams p) {
        integerName.put(floatValue, integer);
        params.put(integer, p);
    }

    /** A name for a constant of the fixed-point graph (integer weights may not reuse a float weight's name). */
    private String constantName(String base) {
        return fresh(base + INTEGER);
    }

    /** {@code base}, or {@code base_1}, {@code base_2}... if taken. */
    private String fresh(String base) {
        if (!used.contains(base) && !out.initializers().containsKey(base)) {
            used.add(base);
            return base;
        }
        for (int i = 1; ; i++) {
            String candidate = base + "_" + i;
            if (!used.contains(candidate) && !out.initializers().containsKey(candidate)) {
                used.add(candidate);
                return candidate;
            }
        }
    }
}
