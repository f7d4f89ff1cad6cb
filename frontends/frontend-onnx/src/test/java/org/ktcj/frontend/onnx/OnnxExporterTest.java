package org.ktcj.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.KtcException;
import org.ktcj.frontend.onnx.proto.OnnxProto.GraphProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ModelProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ValueInfoProto;
import org.ktcj.ir.Model;
import org.ktcj.spi.ModelExporter;
import org.ktcj.spi.ModelFrontend;

class OnnxExporterTest {
    @TempDir
    Path dir;

    @Test
    void everythingSurvivesARoundTrip() {
        Model model = SampleModels.everything();
        Path file = dir.resolve("model.onnx");

        new OnnxExporter().export(model, file);

        IrAssertions.assertSameModel(model, OnnxFrontend.read(file));
    }

    @Test
    void fileAndBytesAgree() throws IOException {
        Model model = SampleModels.everything();
        Path file = dir.resolve("model.onnx");
        OnnxExporter.write(model, file);
        assertArrayEquals(OnnxExporter.toBytes(model), Files.readAllBytes(file));
    }

    @Test
    void writesOnnxAsOnnxToolsExpectIt() throws IOException {
        ModelProto proto = ModelProto.parseFrom(OnnxExporter.toBytes(SampleModels.everything()));
        assertEquals(8, proto.getIrVersion());
        assertEquals("", proto.getOpsetImport(0).getDomain());
        assertEquals(13, proto.getOpsetImport(0).getVersion());
        GraphProto g = proto.getGraph();
        assertEquals(List.of("x", "cond"), g.getInputList().stream().map(ValueInfoProto::getName).toList(),
                "from IR version 4 on, initializers are not inputs");
        TensorProto w = g.getInitializer(0);
        assertEquals("w", w.getName());
        assertTrue(w.hasRawData() && w.getFloatDataCount() == 0, "weights as raw_data");
        assertEquals("batch", g.getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
        assertFalse(g.getOutput(1).hasType(), "an output of unknown type has no type");
    }

    @Test
    void beforeIrVersion4InitializersAreInputsToo() throws IOException {
        Model model = SampleModels.withWeights(4).toBuilder().irVersion(3).build();
        ModelProto proto = ModelProto.parseFrom(OnnxExporter.toBytes(model));
        assertEquals(List.of("x", "w", "small"),
                proto.getGraph().getInputList().stream().map(ValueInfoProto::getName).toList());
        Path file = dir.resolve("old.onnx");
        OnnxExporter.write(model, file);
        IrAssertions.assertSameModel(model, OnnxFrontend.read(file));
    }

    @Test
    void largeWeightsGoToExternalData() throws IOException {
        Model model = SampleModels.withWeights(4096);
        Path file = dir.resolve("big.onnx");

        OnnxExporter.write(model, file, 1000);

        Path data = dir.resolve("big.onnx.data");
        assertEquals(4096 * 4, Files.size(data), "only the large tensor goes external");
        assertTrue(Files.size(file) < 1000, "the model holds the graph, not the weights");
        TensorProto w = ModelProto.parseFrom(Files.readAllBytes(file)).getGraph().getInitializer(0);
        assertEquals(TensorProto.DataLocation.EXTERNAL, w.getDataLocation());
        Model back = OnnxFrontend.read(file);
        IrAssertions.assertSameModel(model, back);

        // Write the model over itself, while its weights are still mapped from the old data file.
        OnnxExporter.write(back, file, 1000);
        IrAssertions.assertSameModel(model, OnnxFrontend.read(file));
        assertEquals(List.of("big.onnx", "big.onnx.data"), listing());
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path file = dir.resolve("m.onnx");
        Files.writeString(file, "old content");
        OnnxExporter.write(SampleModels.withWeights(2), file);
        IrAssertions.assertSameModel(SampleModels.withWeights(2), OnnxFrontend.read(file));
        assertEquals(List.of("m.onnx"), listing());
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        Path blocked = Files.createDirectories(dir.resolve("m.onnx"));
        Files.writeString(blocked.resolve("keep.txt"), "precious");
        KtcException e = assertThrows(KtcException.class, () -> OnnxExporter.write(SampleModels.everything(), blocked));
        assertTrue(e.getMessage().startsWith(blocked + ": cannot write the model"), e.getMessage());
        assertEquals(List.of("m.onnx"), listing());
        assertEquals("precious", Files.readString(blocked.resolve("keep.txt")));

        // The data file's place is taken: fails before the model is touched.
        Path model = dir.resolve("big.onnx");
        Files.writeString(model, "previous model");
        Files.createDirectories(dir.resolve("big.onnx.data"));
        assertThrows(KtcException.class, () -> OnnxExporter.write(SampleModels.withWeights(4096), model, 1000));
        assertEquals("previous model", Files.readString(model));
        assertEquals(List.of("big.onnx", "big.onnx.data", "m.onnx"), listing());

        Path noDir = dir.resolve("missing/m.onnx");
        assertThrows(KtcException.class, () -> OnnxExporter.write(SampleModels.everything(), noDir));
        assertEquals(List.of("big.onnx", "big.onnx.data", "m.onnx"), listing());
    }

    @Test
    void serviceLoaderFindsTheFrontendAndTheExporter() {
        assertTrue(ServiceLoader.load(ModelFrontend.class).stream()
                .anyMatch(p -> p.type() == OnnxFrontend.class && p.get().format().equals("onnx")));
        ModelExporter exporter = ServiceLoader.load(ModelExporter.class).stream()
                .filter(p -> p.type() == OnnxExporter.class).findFirst().orElseThrow().get();
        assertInstanceOf(OnnxExporter.class, exporter);
        assertEquals("onnx", exporter.format());
    }

    /** The directory's entries, hidden temporary files included. */
    private List<String> listing() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
