package org.ktcj.runtime.bie;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.models.GraphBuilder;
import org.ktcj.runtime.quant.FixedPointModel;
import org.ktcj.runtime.quant.QuantParams;

/**
 * Fixed-point models for the .bie tests: one that uses every part of the IR (every attribute kind,
 * empty lists, every element type, symbolic and unknown dimensions, subgraphs reading outer values,
 * awkward floats), and a small realistic one.
 */
final class BieSamples {
    private static final String FX = FixedPointModel.FX_DOMAIN;

    private BieSamples() {
    }

    /** A model exercising everything the format has to carry. */
    static FixedPointModel everything() {
        Map<String, QuantParams> params = new LinkedHashMap<>();
        params.put("xq", QuantParams.perTensor(8, 5, 1.25f, -3f, 3f));
        params.put("w", new QuantParams(8, 0, new int[] {7, 6, -2, 9}, new float[] {1.5f, 1.0f, 1.999f, 1.0625f},
                -0.75f, 0.5f));
        params.put("b", new QuantParams(64, 0, new int[] {12, 11, 3, 16}, new float[] {1.875f, 1f, 1.998f, 1.0664f},
                Float.NEGATIVE_INFINITY, Float.MAX_VALUE));
        params.put("z", QuantParams.perTensor(16, -3, 1f, 0f, 4096f));
        Map<String, String> options = Map.of("mode", "mmse", "percentage", "0.999", "datapath_bitwidth_mode",
                "int8,int16", "empty", "");
        return new FixedPointModel("720", floatModel(), fixedModel(), params, options);
    }

    /** A small convolutional network and a minimal fixed-point model of the same shape. */
    static FixedPointModel small() {
        Model fixed = Model.builder(Graph.builder().name("fx")
                .input(ValueInfo.of("x", DataType.INT8, 1, 3, 8, 8))
                .initializer("w", Tensor.wrap(DataType.INT8, new int[] {4, 3, 1, 1}, ramp(12)))
                .node(Node.builder("Conv").domain(FX).name("conv").inputs("x", "w").outputs("y").build())
                .output(ValueInfo.of("y", DataType.INT8, 1, 4, 8, 8)).build()).opset(13).opset(FX, 1).build();
        return new FixedPointModel("520", floatModel(), fixed,
                Map.of("y", QuantParams.perTensor(8, 4, 1f, -8f, 8f)), Map.of());
    }

    private static Model floatModel() {
        GraphBuilder g = new GraphBuilder("net", 13, 42);
        String x = g.input("input", 1, 3, 8, 8);
        return g.output(g.relu(g.conv(x, 4, 3, 1, 1, true))).build();
    }

    private static Model fixedModel() {
        Graph.Builder g = Graph.builder().name("fixed").docString("the integer graph")
                .input(new ValueInfo("x", DataType.FLOAT,
                        Shape.of(List.of(Dim.symbol("batch"), Dim.of(3), Dim.unknown(), Dim.symbol("W")))))
                .input(new ValueInfo("cond", DataType.BOOL, Shape.of(new int[0])))
                .initializer("w", Tensor.wrap(DataType.INT8, new int[] {4, 3, 1, 1}, ramp(12)))
                .initializer("b", Tensor.ofLongs(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE}, 4))
                .initializer("shape", Tensor.ofLongs(new long[] {0, -1}, 2))
                .valueInfo(new ValueInfo("y", DataType.INT8, Shape.of(List.of(Dim.symbol("batch"), Dim.of(4),
                        Dim.unknown(), Dim.unknown()))))
                .valueInfo(new ValueInfo("r", null, null))
                .output(new ValueInfo("out", DataType.FLOAT, null))
                .output("picked");
        everyElementType().forEach(g::initializer);
        g.node(Node.builder("Quantize").domain(FX).name("quant").inputs("x").outputs("xq")
                .attr("bits", 8L).attr("radix", 5L).attr("scale", 1.25f).docString("into the NPU").build());
        g.node(Node.builder("Conv").domain(FX).name("conv").inputs("xq", "w", "b").outputs("y")
                .attr("kernel_shape", 1L, 1L).attr("pads", 0L, 0L, 0L, 0L)
                .attr("multiplier", Tensor.ofLongs(new long[] {3, 5, 7, 11}, 4)).attr("shift", 9L, 9L, 10L, 8L)
                .attr("out_min", -128L).attr("out_max", 127L).attr("auto_pad", "NOTSET")
                .attr("odd_floats", Float.NaN, Float.intBitsToFloat(0x7fc00123), -0f, Float.NEGATIVE_INFINITY,
                        Float.MIN_VALUE)
                .attr(Attribute.of("no_floats", new float[0])).attr(Attribute.of("no_ints", new long[0]))
                .attr(Attribute.ofStrings("names", List.of("a", "", "ünïcödé ✓")))
                .attr(Attribute.ofStrings("no_strings", List.of()))
                .attr(Attribute.ofTensors("tables", List.copyOf(everyElementType().values())))
                .attr(Attribute.ofTensors("no_tensors", List.of()))
                .attr(Attribute.ofGraphs("no_graphs", List.of())).build());
        g.node(Node.builder("Lookup").domain(FX).name("lookup").inputs("y").outputs("z")
                .attr("table", Tensor.wrap(DataType.INT16, new int[] {256}, shortRamp(256))).build());
        g.node(Node.builder("Reshape").name("reshape").inputs("z", "shape").outputs("r").build());
        g.node(Node.builder("Transpose").name("transpose").inputs("r").outputs("t").attr("perm", 1L, 0L).build());
        g.node(Node.builder("Dequantize").domain(FX).name("dequant").inputs("t").outputs("out")
                .attr("radix", -3L).attr("scale", 1f).attr("empty", "").build());
        g.node(Node.builder("If").name("if").inputs("cond", "").outputs("picked")
                .attr(Attribute.of("then_branch", branch("then", "z")))
                .attr(Attribute.of("else_branch", branch("else", "t"))).build());
        g.node(Node.builder("Switch").domain("custom.domain").name("switch").inputs("cond").outputs("s")
                .attr(Attribute.ofGraphs("branches", List.of(branch("b0", "z"), branch("b1", "out")))).build());
        return Model.builder(g.build()).irVersion(9).opset(13).opset(FX, 1).opset("custom.domain", 2)
                .producer("ktc", "0.1.0").domain("org.ktcj.test").modelVersion(3).docString("a test model")
                .metadata("zeta", "last key, first entry").metadata("alpha", "second").build();
    }

    /** A subgraph that reads {@code outer} from the enclosing graph and has a nested subgraph of its own. */
    private static Graph branch(String name, String outer) {
        Graph inner = Graph.builder().name(name + "_inner").outerScope(List.of(outer))
                .node(Node.builder("Identity").name(name + "_inner_id").inputs(outer).outputs(name + "_inner_out").build())
                .output(name + "_inner_out").build();
        return Graph.builder().name(name).outerScope(List.of(outer))
                .initializer(name + "_k", Tensor.scalar(2f))
                .node(Node.builder("Mul").name(name + "_mul").inputs(outer, name + "_k").outputs(name + "_m").build())
                .node(Node.builder("Loop").name(name + "_loop").inputs("", "").outputs(name + "_out")
                        .attr(Attribute.of("body", inner)).build())
                .output(new ValueInfo(name + "_out", DataType.FLOAT, Shape.of(List.of(Dim.symbol("n")))))
                .build();
    }

    /** One tensor of each element type, with values at the edges of their ranges. */
    private static Map<String, Tensor> everyElementType() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("t_float", Tensor.of(new float[] {Float.NaN, -0f, 1e-45f, Float.POSITIVE_INFINITY, -3.5f, 7f}, 2, 3));
        out.put("t_double", Tensor.wrap(DataType.DOUBLE, new int[] {2}, new double[] {Math.PI, -Double.MAX_VALUE}));
        out.put("t_float16", Tensor.wrap(DataType.FLOAT16, new int[] {3}, new short[] {0x3c00, (short) 0xfc00, 0x7e01}));
        out.put("t_bfloat16", Tensor.wrap(DataType.BFLOAT16, new int[] {2}, new short[] {0x3f80, (short) 0xff81}));
        out.put("t_int8", Tensor.wrap(DataType.INT8, new int[] {4}, new byte[] {-128, -1, 0, 127}));
        out.put("t_uint8", Tensor.wrap(DataType.UINT8, new int[] {2}, new byte[] {(byte) 255, 1}));
        out.put("t_int16", Tensor.wrap(DataType.INT16, new int[] {1, 2}, new short[] {Short.MIN_VALUE, Short.MAX_VALUE}));
        out.put("t_uint16", Tensor.wrap(DataType.UINT16, new int[] {1}, new short[] {(short) 65535}));
        out.put("t_int32", Tensor.ofInts(new int[] {Integer.MIN_VALUE, 0, Integer.MAX_VALUE}, 3));
        out.put("t_uint32", Tensor.wrap(DataType.UINT32, new int[] {1}, new int[] {-1}));
        out.put("t_int64", Tensor.ofLongs(new long[] {Long.MIN_VALUE, 42}, 2, 1));
        out.put("t_uint64", Tensor.wrap(DataType.UINT64, new int[] {1}, new long[] {-1L}));
        out.put("t_bool", Tensor.ofBools(new boolean[] {true, false, true}, 3));
        out.put("t_string", Tensor.wrap(DataType.STRING, new int[] {2, 1}, new String[] {"", "text ✓"}));
        out.put("t_scalar", Tensor.scalarLong(-7));
        out.put("t_empty", Tensor.of(new float[0], 0, 4));
        return out;
    }

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 - 100);
        }
        return b;
    }

    private static short[] shortRamp(int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (i * 1021 - 32000);
        }
        return s;
    }

    /** Names of every element type the sample holds, to check the sample really covers them all. */
    static List<DataType> elementTypes() {
        List<DataType> out = new ArrayList<>();
        everyElementType().values().forEach(t -> out.add(t.type()));
        return out;
    }
}
