package org.ktcj.runtime.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.io.Npy;
import org.ktcj.runtime.models.ReferenceModelDirs;

/**
 * ktc's int8 quantization against PyTorch's own post-training static quantization on the same models and
 * the same 32 calibration inputs ({@code tools/quant/torch_ptq.py}: FX graph mode, onednn qconfig:
 * per-channel weights, histogram observer). The output SNR against float, over those inputs, must be at
 * least PyTorch's (its reference simulation, which does not depend on the CPU's int8 kernels), with
 * the range method that, like PyTorch's histogram observer, minimises the quantization error (mmse),
 * except for the known gaps of {@code torch-ptq-gaps.txt} (with their reasons), which must neither grow
 * nor close unnoticed; int16 must be 20 dB above int8.
 * The data is found at {@code -Dktc.quantref.dir}, else {@code target/quantref} beside the reference
 * models; without it the test is skipped.
 */
class TorchQuantizationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AnalysisOptions INT8_MMSE = AnalysisOptions.defaults().withThreads(2)
            .withRange("mmse", 0.999, 0.999999, 0.001, 1.0);
    private static final AnalysisOptions INT16 = AnalysisOptions.defaults().withThreads(2)
            .withBitwidths("int16", "int16").withBorderBitwidths("int16", "int16", "int16");
    /** "model output-index" to the dB ktc may fall short of PyTorch by, with the reason in the file. */
    private static final Map<String, Double> GAPS = gaps();

    @TestFactory
    Stream<DynamicTest> int8IsAtLeastPyTorchsAndInt16TwentyDbBetter() throws IOException {
        return ReferenceModelDirs.eachDirectory(root(), "snr.json", "tools/quant/torch_ptq.py",
                TorchQuantizationTest::check);
    }

    private static void check(Path dir) throws IOException {
        JsonNode torch = JSON.readTree(dir.resolve("snr.json").toFile());
        Path onnx = ReferenceModelDirs.root().resolve(torch.get("onnx_dir").asText()).resolve("model.onnx");
        Assumptions.assumeTrue(Files.isRegularFile(onnx), onnx + " is absent: run tools/refmodels/export.py");
        Model model = ModelFiles.load(onnx);
        List<Tensor> data = new ArrayList<>();
        for (int i = 0; i < torch.get("inputs").asInt(); i++) {
            data.add(Npy.read(dir.resolve(String.format(Locale.ROOT, "calib_%02d.npy", i))));
        }
        Map<String, List<Tensor>> inputs = Map.of(model.graph().inputs().get(0).name(), data);
        Map<String, Double> mmse = outputSnr(model, inputs, INT8_MMSE);
        Map<String, Double> int16 = outputSnr(model, inputs, INT16);
        List<String> names = List.copyOf(mmse.keySet());
        String modelName = dir.getFileName().toString();
        StringBuilder table = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            JsonNode out = torch.get("outputs").get(Integer.toString(i));
            double reference = out.get("snr_db_reference").asDouble();
            String name = names.get(i);
            double gap = GAPS.getOrDefault(modelName + " " + i, 0.0);
            table.append(String.format(Locale.ROOT, "%s output %d: PyTorch int8 %.2f dB (onednn kernels %.2f);"
                    + " ktc int8 %.2f (mmse), int16 %.2f; known gap %.1f dB%n", modelName, i, reference,
                    out.get("snr_db").asDouble(), mmse.get(name), int16.get(name), gap));
            assertTrue(mmse.get(name) >= reference - gap, table::toString);
            if (gap > 0) {
                assertTrue(mmse.get(name) < reference, () -> "the gap listed for " + modelName + " output "
                        + "closed: take it off torch-ptq-gaps.txt\n" + table);
            }
            assertTrue(int16.get(name) >= mmse.get(name) + 20, table::toString);
        }
        System.out.print(table);
    }

    /** Per output, the SNR of the model quantized for the KL720 over the inputs. */
    private static Map<String, Double> outputSnr(Model model, Map<String, List<Tensor>> inputs,
                                                 AnalysisOptions options) {
        Analysis.Result result = Analysis.run(model, AnalysisTest.chip("720"), inputs, options, i -> { });
        try (FixedPointRunner runner = new FixedPointRunner(result.model(), 2)) {
            Map<String, Double> out = new LinkedHashMap<>();
            runner.outputSnr(Analysis.samples(result.model().floatModel(), inputs)).perOutput()
                    .forEach((name, snr) -> out.put(name, snr.db()));
            return out;
        }
    }

    private static Map<String, Double> gaps() {
        Map<String, Double> out = new HashMap<>();
        try (var in = TorchQuantizationTest.class.getResourceAsStream("torch-ptq-gaps.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String data = line.replaceAll("#.*", "").trim();
                if (!data.isEmpty()) {
                    String[] f = data.split("\\s+");
                    out.put(f[0] + " " + f[1], Double.parseDouble(f[2]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The system property ktc.quantref.dir, else target/quantref at the repository root. */
    private static Path root() {
        String configured = System.getProperty("ktc.quantref.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return ReferenceModelDirs.root().resolveSibling("quantref");
    }
}
