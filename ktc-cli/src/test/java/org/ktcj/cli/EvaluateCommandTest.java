package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.models.ReferenceModelDirs;

/** {@code ktc evaluate} on every chip: the summary, the three reports, and Kneron's error as one line. */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHIPS = List.of("520", "720", "530", "630");

    @TempDir
    Path dir;

    private Path noPlugins;

    @BeforeEach
    void setUp() throws IOException {
        noPlugins = Files.createDirectory(dir.resolve("plugins"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"520", "720", "530", "630"})
    void printsTheSummaryAndWritesTheReports(String chip) throws IOException {
        Path model = convModel(dir.resolve("conv.onnx"));
        Path reports = dir.resolve("reports");

        Ktc.Run r = Ktc.run("evaluate", model, "--platform", chip, "-o", reports, "--plugins-dir", noPlugins);

        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("conv on KL" + chip + " (platform " + chip + ")"), r::toString);
        assertTrue(r.out().contains("NPU time"), r::toString);
        assertEquals("", r.err(), r::toString);
        JsonNode json = JSON.readTree(reports.resolve(EvaluateCommand.JSON).toFile());
        assertEquals(chip, json.get("chipId").asText());
        assertEquals(2, json.get("nodes").size());
        assertTrue(Files.readString(reports.resolve(EvaluateCommand.TEXT)).contains("relu"));
        assertTrue(Files.readString(reports.resolve(EvaluateCommand.HTML)).startsWith("<!DOCTYPE html>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"520", "720", "530", "630"})
    void aNodeNoChipRunsIsKneronsErrorOnOneLineAfterTheReports(String chip) throws IOException {
        Path model = transposedConvModel(dir.resolve("up.onnx"));
        Path reports = dir.resolve("reports");

        Ktc.Run r = Ktc.run("evaluate", model, "--platform", chip, "-o", reports, "--plugins-dir", noPlugins);

        assertEquals(1, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertTrue(r.err().startsWith(Main.ERROR_PREFIX
                + "Invalid program input: undefined CPU op [ConvTranspose] of node [up]: "), r::toString);
        JsonNode json = JSON.readTree(reports.resolve(EvaluateCommand.JSON).toFile());
        assertEquals("up", json.at("/totals/unsupportedNodes/0").asText());
    }

    @Test
    void anUnknownPlatformNamesTheChipsThereAre() {
        Ktc.Run r = Ktc.run("evaluate", convModel(dir.resolve("conv.onnx")), "--platform", "999", "--plugins-dir",
                noPlugins);
        assertEquals(1, r.exit(), r::toString);
        assertEquals(Main.ERROR_PREFIX + "unknown chip '999' (known chips: 520, 530, 630, 720)", r.err().strip());
    }

    /**
     * PyTorch-exported models (tools/refmodels/export.py; skipped without them) on every chip: the
     * calibration architectures and a UNet run everywhere but the KL520, whose NPU has no ConvTranspose.
     */
    @TestFactory
    Stream<DynamicTest> pytorchExportedModels() {
        Path root = ReferenceModelDirs.root();
        List<String> models = List.of("mobilenet_v2_op13", "resnet50_op13", "tiny_yolov3_op13", "unet_op13");
        return models.stream().flatMap(name -> CHIPS.stream().map(chip -> DynamicTest.dynamicTest(name + " on " + chip,
                () -> {
                    Path model = root.resolve(name).resolve("model.onnx");
                    assumeTrue(Files.isRegularFile(model), model + " is absent: run tools/refmodels/export.py");
                    Ktc.Run r = Ktc.run("evaluate", model, "--platform", chip, "--plugins-dir", noPlugins);
                    if (name.startsWith("unet") && chip.equals("520")) {
                        assertEquals(1, r.exit(), r::toString);
                        assertTrue(r.err().contains("undefined CPU op [ConvTranspose] of node [/u3/ConvTranspose]"),
                                r::toString);
                    } else {
                        assertEquals(0, r.exit(), r::toString);
                        assertTrue(r.out().contains("NPU time"), r::toString);
                    }
                })));
    }

    /** y = Relu(Conv(x)), x [1, 3, 16, 16], 8 output channels. */
    private static Path convModel(Path file) {
        Graph g = Graph.builder().name("conv")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 3, 16, 16))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 8, 16, 16))
                .initializer("w", Tensor.zeros(DataType.FLOAT, 8, 3, 3, 3))
                .node(Node.builder("Conv").name("conv").inputs("x", "w").outputs("c")
                        .attr("kernel_shape", 3, 3).attr("pads", 1, 1, 1, 1).build())
                .node(Node.builder("Relu").name("relu").inputs("c").outputs("y").build())
                .build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }

    /** A ConvTranspose with strides (1, 3), which no chip's NPU runs and no CPU does. */
    private static Path transposedConvModel(Path file) {
        Graph g = Graph.builder().name("up")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 4, 8, 8))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 4, 8, 24))
                .initializer("w", Tensor.zeros(DataType.FLOAT, 4, 4, 1, 3))
                .node(Node.builder("ConvTranspose").name("up").inputs("x", "w").outputs("y")
                        .attr("kernel_shape", 1, 3).attr("strides", 1, 3).build())
                .build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }
}
