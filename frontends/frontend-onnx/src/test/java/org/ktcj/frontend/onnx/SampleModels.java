package org.ktcj.frontend.onnx;

import java.util.List;
import java.util.Set;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/** Models built in code for the writer's tests. */
final class SampleModels {
    private SampleModels() {
    }

    /**
     * A small network (Conv, Relu, Constant, If, Reshape) and a custom-domain node that carries one
     * attribute of every kind, with initializers of several types, symbolic and unknown dimensions,
     * and every descriptive field of the model set.
     */
    static Model everything() {
        Shape image = Shape.of(List.of(Dim.symbol("batch"), Dim.of(3), Dim.of(8), Dim.of(8)));
        float[] w = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i - 50) * 0.37f;
        }
        Graph thenBranch = Graph.builder().name("then").outerScope(Set.of("r", "c"))
                .node(Node.builder("Add").name("add").inputs("r", "c").outputs("sum").build())
                .output(new ValueInfo("sum", DataType.FLOAT, null)).build();
        Graph elseBranch = Graph.builder().name("else").outerScope(Set.of("r"))
                .output(new ValueInfo("r", DataType.FLOAT, null)).build();
        Graph.Builder main = Graph.builder().name("main").docString("the main graph")
                .input(new ValueInfo("x", DataType.FLOAT, image))
                .input(ValueInfo.of("cond", DataType.BOOL))
                .initializer("w", Tensor.of(w, 4, 3, 3, 3))
                .initializer("b", Tensor.of(new float[] {0.5f, -0.5f, Float.NaN, 1e-40f}, 4))
                .initializer("shape", Tensor.ofLongs(new long[] {-1, 256}, 2))
                .initializer("q", Tensor.wrap(DataType.INT8, new int[] {3}, new byte[] {-128, 0, 127}))
                .initializer("labels", Tensor.wrap(DataType.STRING, new int[] {2}, new String[] {"cat", "dög"}))
                .node(Node.builder("Conv").name("conv").inputs("x", "w", "b").outputs("y").docString("the conv")
                        .attr("kernel_shape", 3L, 3L).attr("pads", 1L, 1L, 1L, 1L).attr("group", 1L)
                        .attr("auto_pad", "NOTSET").build())
                .node(Node.builder("Relu").name("relu").inputs("y").outputs("r").build())
                .node(Node.builder("Constant").name("const").outputs("c").attr("value", Tensor.scalar(2f)).build())
                .node(Node.builder("If").name("if").inputs("cond").outputs("z")
                        .attr(Attribute.of("then_branch", thenBranch))
                        .attr(Attribute.of("else_branch", elseBranch)).build())
                .node(everyAttributeKind())
                .node(Node.builder("Reshape").name("reshape").inputs("o", "shape").outputs("out").build())
                .output(new ValueInfo("out", DataType.FLOAT, Shape.of(List.of(Dim.symbol("batch"), Dim.unknown()))))
                .output(new ValueInfo("r", null, null))
                .valueInfo(new ValueInfo("y", DataType.FLOAT,
                        Shape.of(List.of(Dim.symbol("batch"), Dim.of(4), Dim.of(8), Dim.of(8)))))
                .valueInfo(new ValueInfo("c", DataType.FLOAT, null));
        return Model.builder(main.build()).irVersion(8).opset(13).opset("com.example", 1)
                .producer("ktc-test", "1.2").domain("org.ktcj.test").modelVersion(42).docString("every feature")
                .metadata("author", "someone").metadata("license", "MIT").build();
    }

    private static Node everyAttributeKind() {
        Graph withInitializer = Graph.builder().name("g").input(ValueInfo.of("gi", DataType.FLOAT, 1))
                .initializer("gw", Tensor.of(new float[] {3f}, 1)).outerScope(Set.of("r"))
                .node(Node.builder("Mul").name("mul").inputs("gi", "gw").outputs("gm").build())
                .node(Node.builder("Add").name("add").inputs("gm", "r").outputs("go").build())
                .output(ValueInfo.of("go", DataType.FLOAT, 1)).build();
        Graph empty = Graph.builder().name("second").input(ValueInfo.of("e", DataType.INT64)).output("e").build();
        return Node.builder("Everything").name("everything").domain("com.example").inputs("z", "").outputs("o")
                .attr(Attribute.of("f", 0.25f))
                .attr(Attribute.of("f_nan", Float.intBitsToFloat(0x7FC00123)))
                .attr(Attribute.of("i", -7L))
                .attr(Attribute.of("s", "héllo, wörld"))
                .attr(Attribute.of("t", Tensor.ofLongs(new long[] {Long.MIN_VALUE, 5}, 2, 1)))
                .attr(Attribute.of("g", withInitializer))
                .attr(Attribute.of("floats", new float[] {1f, -0f, Float.NEGATIVE_INFINITY}))
                .attr(Attribute.of("ints", new long[] {Long.MAX_VALUE, 0, -1}))
                .attr(Attribute.ofStrings("strings", List.of("a", "", "ü")))
                .attr(Attribute.ofTensors("tensors", List.of(
                        Tensor.wrap(DataType.FLOAT16, new int[] {2}, new short[] {0x3C00, (short) 0xC000}),
                        Tensor.ofBools(new boolean[] {true, false, true}, 3))))
                .attr(Attribute.ofGraphs("graphs", List.of(withInitializer, empty)))
                .build();
    }

    /** One float initializer of {@code elements} values feeding an Add. */
    static Model withWeights(int elements) {
        float[] w = new float[elements];
        for (int i = 0; i < w.length; i++) {
            w[i] = i * 0.5f;
        }
        Graph g = Graph.builder().input(ValueInfo.of("x", DataType.FLOAT, elements))
                .initializer("w", Tensor.of(w, elements))
                .initializer("small", Tensor.of(new float[] {1, 2}, 2))
                .node(Node.builder("Add").name("add").inputs("x", "w").outputs("y").build())
                .node(Node.builder("Mul").name("mul").inputs("y", "small").outputs("z").build())
                .output(ValueInfo.of("z", DataType.FLOAT, elements)).build();
        return Model.builder(g).opset(13).build();
    }
}
