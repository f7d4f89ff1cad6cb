package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.io.Npy;
import org.ktcj.runtime.plugins.TestPlugins;

/**
 * Plugins from outside this repository, end to end through the command. A chip: the fictitious KX900 (its
 * own jar and support table, compiled by the test against the SPI and the NPU kit and packed as a plugin
 * zip) is dropped in a plugins directory beside a broken plugin, and {@code ktc evaluate --platform 900}
 * runs on it. A model format: "chain" files are imported and run from a plugin jar.
 */
class ThirdPartyPluginsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path pluginsDir;

    @BeforeEach
    void dropThePluginsInTheirDirectory() throws IOException {
        pluginsDir = Files.createDirectory(dir.resolve("plugins"));
        TestPlugins plugins = new TestPlugins(Files.createDirectory(dir.resolve("build")));
        plugins.kx900Zip(pluginsDir.resolve("kx900-1.0.0-plugin.zip"));
        plugins.jar(TestPlugins.THROWS, TestPlugins.descriptor("throwing", "1.0", "^1.0.0"))
                .write(pluginsDir.resolve("throwing-1.0.jar"));
        plugins.jar(TestPlugins.CHAIN_FORMAT, TestPlugins.descriptor("chain", "1.0", "^1.0.0"))
                .write(pluginsDir.resolve("chain-1.0.jar"));
    }

    @Test
    void importsAndRunsAModelOfAFormatAPluginReads() throws IOException {
        Path chain = Files.writeString(dir.resolve("m.chain"), "1,3,2,2\nRelu\nNeg\n");
        Path onnx = dir.resolve("m.onnx");

        Ktc.Run imported = Ktc.run("import", "--format", "chain", chain, "-o", onnx, "--plugins-dir", pluginsDir);
        assertEquals(0, imported.exit(), imported::toString);
        assertTrue(imported.out().startsWith("wrote " + onnx), imported::toString);
        Ktc.Run withoutPlugin = Ktc.run("import", "--format", "chain", chain, "-o", dir.resolve("no.onnx"),
                "--plugins-dir", Files.createDirectory(dir.resolve("empty")));
        assertEquals(Main.ERROR_PREFIX + "no frontend reads format 'chain'; available: [onnx]",
                withoutPlugin.err().strip());

        float[] x = {-1, 2, -3, 4, 0.5f, -0.5f, 7, -8, 9, 10, -11, 12};
        Npy.write(Tensor.of(x, 1, 3, 2, 2), dir.resolve("x.npy"));
        for (Path model : new Path[] {chain, onnx}) {
            Path out = dir.resolve("out-" + model.getFileName());
            Ktc.Run r = Ktc.run("infer", "--model", model, "--input", "x=" + dir.resolve("x.npy"), "-o", out,
                    "--plugins-dir", pluginsDir);
            assertEquals(0, r.exit(), r::toString);
            float[] y = Npy.read(out.resolve("y.npy")).floats();
            for (int i = 0; i < x.length; i++) {
                assertEquals(-Math.max(x[i], 0), y[i], model + " element " + i);
            }
        }
    }

    @Test
    void evaluatesAModelOnTheChipOfAPluginFromThePluginsDirectory() throws IOException {
        Path reports = dir.resolve("reports");

        Ktc.Run r = Ktc.run("evaluate", model(dir.resolve("edge.onnx"), "Sigmoid"), "--platform", "900",
                "-o", reports, "--plugins-dir", pluginsDir);

        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("edge on KX900 (platform 900)"), r::toString);
        JsonNode json = JSON.readTree(reports.resolve(EvaluateCommand.JSON).toFile());
        assertEquals("900", json.get("chipId").asText());
        assertEquals(1024, json.at("/hardware/macArray").asInt(), json::toPrettyString);
        // KX900's own column: Conv, Relu (fused into it) and Add on its NPU; Sigmoid, which it lacks, on the CPU.
        Map<String, String> placement = new LinkedHashMap<>();
        json.get("nodes").forEach(n -> placement.put(n.get("name").asText(), n.get("type").asText()));
        assertEquals(Map.of("conv", "NPU", "relu", "FUSED", "add", "NPU", "tail", "CPU"), placement, r::toString);
        // The same model on a chip of the class path, with the plugin directory loaded: KL720's NPU runs Sigmoid.
        Ktc.Run kl720 = Ktc.run("evaluate", dir.resolve("edge.onnx"), "--platform", "720", "--plugins-dir", pluginsDir);
        assertEquals(0, kl720.exit(), kl720::toString);
        assertTrue(!kl720.out().contains("CPU node") && kl720.out().contains("KL720"), kl720::toString);
    }

    @Test
    void anOperatorThePluginsChipCannotRunIsKneronsErrorNamingOpAndNode() {
        Ktc.Run r = Ktc.run("evaluate", model(dir.resolve("edge.onnx"), "ConvTranspose"), "--platform", "900",
                "--plugins-dir", pluginsDir);

        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith(Main.ERROR_PREFIX
                + "Invalid program input: undefined CPU op [ConvTranspose] of node [tail]: "), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
    }

    @Test
    void thePluginsCommandShowsThePluginAndTheBrokenOne() {
        Ktc.Run r = Ktc.run("plugins", "--plugins-dir", pluginsDir);

        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("  kx900 1.0.0 (kx900-1.0.0-plugin.zip): chips 900"),
                r::toString);
        assertTrue(r.out().contains("  throwing-1.0.jar: Provider com.example.throwing.ThrowingPlugin could not be"
                + " instantiated: IllegalStateException: no licence for this host"), r::toString);
    }

    /**
     * x [1, 3, 16, 16] -> Conv "conv" -> Relu "relu" -> Add "add" (the Relu to itself) -> {@code tailOp}
     * "tail" -> y: a Sigmoid, or a 1x1 ConvTranspose keeping the shape.
     */
    private static Path model(Path file, String tailOp) {
        Node.Builder tail = Node.builder(tailOp).name("tail").inputs("s").outputs("y");
        Graph.Builder g = Graph.builder().name("edge")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 3, 16, 16))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 8, 16, 16))
                .initializer("w", Tensor.zeros(DataType.FLOAT, 8, 3, 3, 3))
                .node(Node.builder("Conv").name("conv").inputs("x", "w").outputs("c")
                        .attr("kernel_shape", 3, 3).attr("pads", 1, 1, 1, 1).build())
                .node(Node.builder("Relu").name("relu").inputs("c").outputs("r").build())
                .node(Node.builder("Add").name("add").inputs("r", "r").outputs("s").build());
        if (tailOp.equals("ConvTranspose")) {
            g.initializer("wt", Tensor.zeros(DataType.FLOAT, 8, 8, 1, 1));
            tail.inputs("s", "wt").attr("kernel_shape", 1, 1);
        }
        OnnxExporter.write(Model.builder(g.node(tail.build()).build()).opset(13).build(), file);
        return file;
    }
}
