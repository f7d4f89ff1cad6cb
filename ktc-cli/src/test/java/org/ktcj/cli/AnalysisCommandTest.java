package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.bie.BieFile;
import org.ktcj.runtime.io.Npy;
import org.ktcj.runtime.quant.FixedPointModel;
import org.ktcj.runtime.quant.FixedPointRunner;

/** {@code ktc analysis} and {@code ktc infer} on its .bie, end to end, and its one-line errors. */
class AnalysisCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writesTheBieAndTheReportAndInferRunsIt() throws IOException {
        Path model = model(dir.resolve("m.onnx"));
        Path calib = samples(dir.resolve("calib"), 8, false);
        Path bie = dir.resolve("out/m.bie");

        Ktc.Run r = Ktc.run("analysis", model, "--platform", "720", "--input", "x=" + calib, "-o", bie, "--mode", "3",
                "--threads", "2");

        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("wrote " + bie + " (KL720, "), r::toString);
        assertTrue(Files.isRegularFile(dir.resolve("out/m.decomposed.onnx")));
        JsonNode report = JSON.readTree(dir.resolve("out/model_fx_report.json").toFile());
        assertEquals(8, report.get("verifiedOn").asInt());
        double snr = report.at("/outputSnrDb/y").asDouble();
        assertTrue(snr > 25, "output SNR " + snr);
        assertTrue(r.out().contains(String.format(java.util.Locale.ROOT, "SNR of output y on 8 inputs: %.2f dB", snr)),
                r::toString);
        assertTrue(Files.readString(dir.resolve("out/model_fx_report.html")).contains("<svg"));

        // The fixed-point simulator from the command line gives what the Java API gives.
        Path x = calib.resolve("s3.npy");
        Ktc.Run inferred = Ktc.run("infer", "--model", bie, "--input", "x=" + x, "-o", dir.resolve("y"));
        assertEquals(0, inferred.exit(), inferred::toString);
        FixedPointModel fx = BieFile.read(bie);
        try (FixedPointRunner runner = new FixedPointRunner(fx, 1)) {
            Tensor want = runner.run(Map.of("x", Npy.read(x))).get("y");
            assertTrue(want.contentEquals(Npy.read(dir.resolve("y/y.npy"))));
        }

        // --raw: the output's integers and their representation, which give the dequantized output back.
        Ktc.Run rawRun = Ktc.run("infer", "--model", bie, "--input", "x=" + x, "-o", dir.resolve("raw"), "--raw");
        assertEquals(0, rawRun.exit(), rawRun::toString);
        Tensor q = Npy.read(dir.resolve("raw/y.raw.npy"));
        assertEquals(DataType.INT8, q.type());
        JsonNode p = JSON.readTree(dir.resolve("raw/y.raw.json").toFile());
        assertEquals(8, p.get("bits").asInt());
        double factor = p.get("scale").asDouble() * Math.pow(2, p.get("radix").asInt());
        float[] y = Npy.read(dir.resolve("raw/y.npy")).floats();
        for (int i = 0; i < q.size(); i++) {
            assertEquals(y[i], q.getDouble(i) / factor, 1e-6 * Math.abs(y[i]) + 1e-9, "element " + i);
        }
        Ktc.Run floatRaw = Ktc.run("infer", "--model", model, "--input", "x=" + x, "-o", dir.resolve("f"), "--raw");
        assertEquals(Main.ERROR_PREFIX + "--raw needs a fixed-point model (.bie): a float model has no integers",
                floatRaw.err().strip());
    }

    @Test
    void aBitWidthTheChipLacksIsOneLineAndNothingIsWritten() throws IOException {
        Path bie = dir.resolve("m.bie");
        Ktc.Run r = Ktc.run("analysis", model(dir.resolve("m.onnx")), "--platform", "520", "--input",
                "x=" + samples(dir.resolve("calib"), 2, false), "-o", bie, "--datapath-bitwidth", "int16");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(Main.ERROR_PREFIX + "--datapath-bitwidth int16: the KL520 (platform 520) has no int16 datapath",
                r.err().strip());
        assertFalse(Files.exists(bie));
    }

    @Test
    void nanInTheCalibrationDataIsOneLineAndNothingIsWritten() throws IOException {
        Path bie = dir.resolve("m.bie");
        Ktc.Run r = Ktc.run("analysis", model(dir.resolve("m.onnx")), "--platform", "630", "--input",
                "x=" + samples(dir.resolve("calib"), 3, true), "-o", bie);
        assertEquals(1, r.exit(), r::toString);
        assertEquals(Main.ERROR_PREFIX + "calibration data for input 'x' holds NaN at element 5", r.err().strip());
        assertFalse(Files.exists(bie));
        assertFalse(Files.exists(dir.resolve("m.decomposed.onnx")));
    }

    /** x [1, 3, 8, 8] -> Conv 3x3 (8 channels, bias) -> Relu -> GlobalAveragePool -> Flatten -> Gemm -> y [1, 4]. */
    private static Path model(Path file) {
        Random r = new Random(11);
        Graph g = Graph.builder().name("small")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 3, 8, 8))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 4))
                .initializer("w", Tensor.of(gaussian(r, 8 * 3 * 9, 0.3), 8, 3, 3, 3))
                .initializer("b", Tensor.of(gaussian(r, 8, 0.1), 8))
                .initializer("fc", Tensor.of(gaussian(r, 4 * 8, 0.5), 4, 8))
                .node(Node.builder("Conv").name("conv").inputs("x", "w", "b").outputs("c")
                        .attr("kernel_shape", 3, 3).attr("pads", 1, 1, 1, 1).build())
                .node(Node.builder("Relu").name("relu").inputs("c").outputs("r").build())
                .node(Node.builder("GlobalAveragePool").name("gap").inputs("r").outputs("p").build())
                .node(Node.builder("Flatten").name("flatten").inputs("p").outputs("f").build())
                .node(Node.builder("Gemm").name("fc").inputs("f", "fc").outputs("y").attr("transB", 1L).build())
                .build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }

    /** {@code count} samples s0.npy... of x; with {@code nan}, the last holds a NaN at element 5. */
    private static Path samples(Path dir, int count, boolean nan) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(5);
        for (int i = 0; i < count; i++) {
            float[] v = gaussian(r, 3 * 8 * 8, 1);
            if (nan && i == count - 1) {
                v[5] = Float.NaN;
            }
            Npy.write(Tensor.of(v, 1, 3, 8, 8), dir.resolve("s" + i + ".npy"));
        }
        return dir;
    }

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return v;
    }
}
