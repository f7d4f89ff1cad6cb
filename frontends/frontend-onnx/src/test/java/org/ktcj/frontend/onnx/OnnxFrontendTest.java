package org.ktcj.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.frontend.onnx.Protos.BOOL;
import static org.ktcj.frontend.onnx.Protos.FLOAT;
import static org.ktcj.frontend.onnx.Protos.graphAttr;
import static org.ktcj.frontend.onnx.Protos.node;
import static org.ktcj.frontend.onnx.Protos.tensor;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import org.ktcj.frontend.onnx.proto.OnnxProto.FunctionProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.GraphProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ModelProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.SparseTensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.StringStringEntryProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TypeProto;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;
import org.ktcj.spi.ModelFormatException;

class OnnxFrontendTest {
    @TempDir
    Path dir;

    @Test
    void readsTheModelDescriptionAndTheGraph() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("main").setDocString("the graph")
                .addInput(tensor("x", FLOAT, "N", 3, null))
                // An older exporter's habit: the initializer is listed as an input as well.
                .addInput(tensor("w", FLOAT, 3))
                .addInput(Protos.sequenceOfFloats("seq"))
                .addInitializer(OnnxTensors.toProto("w", org.ktcj.ir.Tensor.of(new float[] {1, 2, 3}, 3)))
                .addNode(node("Mul", "mul", List.of("x", "w"), List.of("h")).setDocString("scales"))
                .addNode(node("Relu", "relu", List.of("h"), List.of("y")))
                .addNode(node("Identity", "id", List.of("seq"), List.of("seq_out")))
                .addValueInfo(tensor("h", 0, 2, "M"))
                .addOutput(tensor("y", FLOAT).toBuilder().setType(TypeProto.newBuilder()
                        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT))))
                .addOutput(Protos.optionalOfFloats("seq_out"));
        ModelProto.Builder m = Protos.model(g).setIrVersion(7).setProducerName("pytorch").setProducerVersion("1.13")
                .setDomain("org.example").setModelVersion(3).setDocString("a test model")
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("author").setValue("me"));
        m.addOpsetImportBuilder().setDomain("ai.onnx.ml").setVersion(2);

        Model model = OnnxFrontend.read(Protos.write(dir, "m.onnx", m));

        assertEquals(7, model.irVersion());
        assertEquals(Map.of("", 13, "ai.onnx.ml", 2), model.opsets());
        assertEquals("pytorch", model.producerName());
        assertEquals("1.13", model.producerVersion());
        assertEquals("org.example", model.domain());
        assertEquals(3, model.modelVersion());
        assertEquals("a test model", model.docString());
        assertEquals(Map.of("author", "me"), model.metadata());
        Graph graph = model.graph();
        assertEquals("main", graph.name());
        assertEquals("the graph", graph.docString());
        assertEquals(List.of(
                new ValueInfo("x", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.unknown()))),
                new ValueInfo("seq", null, null)), graph.inputs());
        assertArrayEquals(new float[] {1, 2, 3}, graph.initializer("w").floats());
        assertEquals(List.of(new ValueInfo("y", DataType.FLOAT, null), new ValueInfo("seq_out", null, null)),
                graph.outputs());
        assertEquals(new ValueInfo("h", null, Shape.of(List.of(Dim.of(2), Dim.symbol("M")))),
                graph.valueInfo().get("h"));
        assertEquals("scales", graph.node("mul").docString());
    }

    @Test
    void nodesGetUniqueNames() throws IOException {
        String[] given = {"", "", "Relu_0", "a", "a", "a", "a__1"};
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensor("v0", FLOAT, 1));
        for (int i = 0; i < given.length; i++) {
            g.addNode(node("Relu", given[i], List.of("v" + i), List.of("v" + (i + 1))));
        }
        g.addOutput(tensor("v" + given.length, FLOAT, 1));

        Graph graph = OnnxFrontend.read(Protos.write(dir, "names.onnx", Protos.model(g))).graph();

        List<String> names = graph.nodes().stream().map(Node::name).toList();
        assertEquals(List.of("Relu_1", "Relu_2", "Relu_0", "a", "a__2", "a__3", "a__1"), names);
    }

    @Test
    void readsAttributesOfEveryKind() throws IOException {
        GraphProto body = GraphProto.newBuilder().setName("body").addInput(tensor("i", FLOAT, 1))
                .addOutput(tensor("o", FLOAT, 1)).addNode(node("Neg", "neg", List.of("i"), List.of("o"))).build();
        TensorProto t = OnnxTensors.toProto("", org.ktcj.ir.Tensor.ofLongs(new long[] {4, 5}, 2));
        SparseTensorProto sparse = SparseTensorProto.newBuilder().addDims(4)
                .setValues(TensorProto.newBuilder().setDataType(FLOAT).addDims(1).addFloatData(9f))
                .setIndices(TensorProto.newBuilder().setDataType(7).addDims(1).addInt64Data(2)).build();
        AttributeProto.Builder a = AttributeProto.newBuilder();
        var n = node("Everything", "e", List.of("x"), List.of("y")).setDomain("com.example")
                .addAttribute(a.clear().setName("f").setType(AttributeType.FLOAT).setF(0.5f).build())
                .addAttribute(a.clear().setName("i").setType(AttributeType.INT).setI(-3).build())
                .addAttribute(Protos.stringAttr("s", "héllo"))
                .addAttribute(a.clear().setName("t").setType(AttributeType.TENSOR).setT(t).build())
                .addAttribute(graphAttr("g", body))
                .addAttribute(a.clear().setName("fs").setType(AttributeType.FLOATS).addFloats(1).addFloats(-2).build())
                .addAttribute(a.clear().setName("is").setType(AttributeType.INTS).addInts(7).addInts(8).build())
                .addAttribute(a.clear().setName("ss").setType(AttributeType.STRINGS)
                        .addStrings(ByteString.copyFromUtf8("a")).addStrings(ByteString.copyFromUtf8("b")).build())
                .addAttribute(a.clear().setName("ts").setType(AttributeType.TENSORS).addTensors(t).addTensors(t)
                        .build())
                .addAttribute(a.clear().setName("gs").setType(AttributeType.GRAPHS).addGraphs(body).build())
                .addAttribute(a.clear().setName("sp").setType(AttributeType.SPARSE_TENSOR).setSparseTensor(sparse)
                        .build())
                // Early exporters left the type out; the field that is set tells it.
                .addAttribute(a.clear().setName("legacy").setI(11).build());
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensor("x", FLOAT, 1)).addNode(n)
                .addOutput(tensor("y", FLOAT, 1));

        Node e = OnnxFrontend.read(Protos.write(dir, "attrs.onnx", Protos.model(g))).graph().node("e");

        assertEquals("com.example", e.domain());
        assertEquals(0.5f, e.attrFloat("f", 0));
        assertEquals(-3, e.attrInt("i", 0));
        assertEquals("héllo", e.attrString("s", null));
        assertArrayEquals(new long[] {4, 5}, e.attrTensor("t").longs());
        assertEquals("body", e.attribute("g").graphValue().name());
        assertArrayEquals(new float[] {1, -2}, e.attrFloats("fs", null));
        assertArrayEquals(new long[] {7, 8}, e.attrInts("is", null));
        assertEquals(List.of("a", "b"), e.attribute("ss").strings());
        assertEquals(2, e.attribute("ts").tensors().size());
        assertEquals(1, e.attribute("gs").graphs().size());
        assertArrayEquals(new float[] {0, 0, 9, 0}, e.attrTensor("sp").floats(), "sparse made dense");
        assertEquals(11, e.attrInt("legacy", 0));
    }

    @Test
    void subgraphsReadValuesOfTheEnclosingScopes() throws IOException {
        // The If comes first in the file but reads "late", which a later node makes.
        GraphProto thenBranch = GraphProto.newBuilder().setName("then")
                .addNode(node("Add", "add", List.of("x", "late"), List.of("t")))
                .addOutput(tensor("t", FLOAT, 1)).build();
        GraphProto inner = GraphProto.newBuilder().setName("inner")
                .addNode(node("Identity", "id", List.of("x"), List.of("deep")))
                .addOutput(tensor("deep", FLOAT, 1)).build();
        GraphProto elseBranch = GraphProto.newBuilder().setName("else")
                .addNode(node("If", "nested", List.of("cond"), List.of("n"))
                        .addAttribute(graphAttr("then_branch", inner)).addAttribute(graphAttr("else_branch", inner)))
                .addOutput(tensor("n", FLOAT, 1)).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInput(tensor("cond", BOOL)).addInput(tensor("x", FLOAT, 1))
                .addNode(node("If", "if", List.of("cond"), List.of("out"))
                        .addAttribute(graphAttr("then_branch", thenBranch))
                        .addAttribute(graphAttr("else_branch", elseBranch)))
                .addNode(node("Neg", "neg", List.of("x"), List.of("late")))
                .addOutput(tensor("out", FLOAT, 1));

        Graph graph = OnnxFrontend.read(Protos.write(dir, "if.onnx", Protos.model(g))).graph();

        assertEquals(List.of("neg", "if"), graph.nodes().stream().map(Node::name).toList());
        Node ifNode = graph.node("if");
        assertEquals(Set.of("x", "late"), ifNode.attribute("then_branch").graphValue().outerScope());
        Graph elseGraph = ifNode.attribute("else_branch").graphValue();
        assertEquals(Set.of("cond", "x"), elseGraph.outerScope());
        assertEquals(Set.of("x"), elseGraph.node("nested").attribute("then_branch").graphValue().outerScope());
    }

    @Test
    void constantNodesAndSparseInitializers() throws IOException {
        AttributeProto value = AttributeProto.newBuilder().setName("value").setType(AttributeType.TENSOR)
                .setT(TensorProto.newBuilder().setDataType(FLOAT).addDims(2).addFloatData(1).addFloatData(2)).build();
        SparseTensorProto sparse = SparseTensorProto.newBuilder().addDims(2).addDims(2)
                .setValues(TensorProto.newBuilder().setName("s").setDataType(FLOAT).addDims(1).addFloatData(3))
                .setIndices(TensorProto.newBuilder().setDataType(7).addDims(1).addDims(2)
                        .addInt64Data(1).addInt64Data(0))
                .build();
        GraphProto.Builder g = GraphProto.newBuilder().addSparseInitializer(sparse)
                .addNode(node("Constant", "", List.of(), List.of("c")).addAttribute(value))
                .addNode(node("Add", "", List.of("c", "s"), List.of("y")))
                .addOutput(tensor("y", FLOAT, 2, 2));

        Graph graph = OnnxFrontend.read(Protos.write(dir, "const.onnx", Protos.model(g))).graph();

        assertArrayEquals(new float[] {1, 2}, graph.node("Constant_0").attrTensor("value").floats());
        assertArrayEquals(new float[] {0, 0, 3, 0}, graph.initializer("s").floats());
        assertArrayEquals(new int[] {2, 2}, graph.initializer("s").shape());
    }

    @Test
    void initializersMayLiveInExternalData() throws IOException {
        Files.write(dir.resolve("weights.bin"), new byte[] {0, 0, (byte) 0x80, 0x3F}); // 1.0f
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(FLOAT).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(location("weights.bin")).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInitializer(w).addInput(tensor("x", FLOAT, 1))
                .addNode(node("Add", "add", List.of("x", "w"), List.of("y"))).addOutput(tensor("y", FLOAT, 1));

        Model model = OnnxFrontend.read(Protos.write(dir, "ext.onnx", Protos.model(g)));

        assertArrayEquals(new float[] {1f}, model.graph().initializer("w").floats());
    }

    @Test
    void emptyFile() throws IOException {
        assertModelError(Files.write(dir.resolve("empty.onnx"), new byte[0]), "the file is empty");
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] whole = Protos.reluModel().build().toByteArray();
        Path cut = Files.write(dir.resolve("cut.onnx"), Arrays.copyOf(whole, whole.length / 2));
        assertModelError(cut, "truncated or corrupt");
    }

    @Test
    void modelCutAfterItsGraph() throws IOException {
        // Cut at a field boundary, the rest parses: the missing opset import gives it away.
        Path cut = Protos.write(dir, "cut.onnx", Protos.reluModel().clearOpsetImport());
        assertModelError(cut, "imports no operator set");
    }

    @Test
    void pngFile() throws IOException {
        assertModelError(Files.write(dir.resolve("cat.onnx"), OnnxTensorsTest.pngLikeBytes()), "not an ONNX model");
    }

    @Test
    void textFile() throws IOException {
        Path readme = Files.writeString(dir.resolve("readme.onnx"), "This is not a model.\nReally.\n");
        assertModelError(readme, "not an ONNX model");
        // Text that protobuf happens to parse ('h' reads as a varint field 13, 'i' as its value).
        assertModelError(Files.writeString(dir.resolve("short.onnx"), "hi"), "not an ONNX model");
    }

    @Test
    void protobufWithoutGraphOrIrVersion() throws IOException {
        assertModelError(Protos.write(dir, "nograph.onnx", Protos.reluModel().clearGraph()), "it has no graph");
        assertModelError(Protos.write(dir, "noir.onnx", Protos.reluModel().clearIrVersion()), "it has no IR version");
    }

    @Test
    void externalDataOutsideTheModelDirectory() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("secret.bin"), new byte[4]);
        TensorProto w = TensorProto.newBuilder().setName("w").setDataType(FLOAT).addDims(1)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(location("../secret.bin")).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInitializer(w).addInput(tensor("x", FLOAT, 1))
                .addNode(node("Add", "add", List.of("x", "w"), List.of("y"))).addOutput(tensor("y", FLOAT, 1));
        assertModelError(Protos.write(models, "escape.onnx", Protos.model(g)),
                "tensor 'w': external data file '../secret.bin' is outside the model's directory");
    }

    @Test
    void opsetsUpTo17Only() throws IOException {
        ModelProto.Builder m = Protos.reluModel();
        m.getOpsetImportBuilder(0).setVersion(17);
        assertEquals(17, OnnxFrontend.read(Protos.write(dir, "opset17.onnx", m)).opset());
        m.getOpsetImportBuilder(0).setVersion(18);
        assertModelError(Protos.write(dir, "opset18.onnx", m),
                "the model uses ONNX opset 18; this toolchain reads opsets up to 17");
        m.getOpsetImportBuilder(0).setDomain("ai.onnx");
        assertModelError(Protos.write(dir, "opset18b.onnx", m), "opset 18");
    }

    @Test
    void complexTensors() throws IOException {
        TensorProto c = TensorProto.newBuilder().setName("c").setDataType(14).addDims(1)
                .setRawData(ByteString.copyFrom(new byte[8])).build();
        GraphProto.Builder g = GraphProto.newBuilder().addInitializer(c)
                .addNode(node("Identity", "id", List.of("c"), List.of("y"))).addOutput(tensor("y", 14, 1));
        assertModelError(Protos.write(dir, "complex.onnx", Protos.model(g)),
                "tensor 'c' is complex64, which is not supported");
    }

    @Test
    void invalidGraphs() throws IOException {
        GraphProto.Builder dangling = GraphProto.newBuilder().addInput(tensor("x", FLOAT, 1))
                .addNode(node("Add", "add", List.of("x", "nowhere"), List.of("y"))).addOutput(tensor("y", FLOAT, 1));
        assertModelError(Protos.write(dir, "dangling.onnx", Protos.model(dangling)),
                "Add node 'add' reads 'nowhere', which no node, input or initializer provides");

        GraphProto branch = GraphProto.newBuilder().addNode(node("Neg", "neg", List.of("ghost"), List.of("t")))
                .addOutput(tensor("t", FLOAT, 1)).build();
        GraphProto.Builder badBranch = GraphProto.newBuilder().addInput(tensor("cond", BOOL))
                .addNode(node("If", "if", List.of("cond"), List.of("y")).addAttribute(graphAttr("then_branch", branch))
                        .addAttribute(graphAttr("else_branch", branch)))
                .addOutput(tensor("y", FLOAT, 1));
        assertModelError(Protos.write(dir, "branch.onnx", Protos.model(badBranch)), "If node 'if' reads 'ghost'");

        GraphProto.Builder noOp = GraphProto.newBuilder().addInput(tensor("x", FLOAT, 1))
                .addNode(node("", "n", List.of("x"), List.of("y"))).addOutput(tensor("y", FLOAT, 1));
        assertModelError(Protos.write(dir, "noop.onnx", Protos.model(noOp)), "node 'n' has no op_type");
    }

    @Test
    void whatTheIrCannotHold() throws IOException {
        AttributeProto type = AttributeProto.newBuilder().setName("type").setType(AttributeType.TYPE_PROTO)
                .setTp(Protos.sequenceOfFloats("t").getType()).build();
        GraphProto.Builder g = GraphProto.newBuilder().addNode(node("Optional", "opt", List.of(), List.of("o"))
                .addAttribute(type)).addOutput(Protos.optionalOfFloats("o"));
        assertModelError(Protos.write(dir, "typeproto.onnx", Protos.model(g)),
                "Optional node 'opt' attribute 'type': TYPE_PROTO attributes are not supported");

        ModelProto.Builder functions = Protos.reluModel().addFunctions(FunctionProto.newBuilder().setName("f"));
        assertModelError(Protos.write(dir, "functions.onnx", functions), "defines 1 local functions");
    }

    @Test
    void missingFilesAndDirectories() {
        assertModelError(dir.resolve("absent.onnx"), "no such file");
        assertModelError(dir, "is a directory");
    }

    @Test
    void importModelTakesOneFile() throws IOException {
        Path m = Protos.write(dir, "m.onnx", Protos.reluModel());
        OnnxFrontend frontend = new OnnxFrontend();
        assertEquals("onnx", frontend.format());
        assertEquals(List.of(".onnx"), frontend.fileExtensions());
        assertEquals("relu", frontend.importModel(List.of(m)).graph().nodes().get(0).name());
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> frontend.importModel(List.of(m, m)));
        assertTrue(e.getMessage().contains("reads one .onnx file, got 2"), e.getMessage());
    }

    private static StringStringEntryProto location(String file) {
        return StringStringEntryProto.newBuilder().setKey("location").setValue(file).build();
    }

    /** The error is a ModelFormatException of one line that starts with the file as given. */
    static void assertModelError(Path file, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxFrontend.read(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertTrue(m.contains(expected), m);
        assertFalse(m.contains("\n") || m.contains("\r"), m);
    }
}
