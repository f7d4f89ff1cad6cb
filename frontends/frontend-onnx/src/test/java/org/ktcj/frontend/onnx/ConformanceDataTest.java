package org.ktcj.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.spi.ModelFormatException;

/**
 * Loads every model and test tensor of ONNX's own backend test data (onnx 1.12), and writes each model
 * back and reads it again. The data lives outside the repository: {@code -Dktc.shared.dir=DIR} (default
 * {@code <module>/../../../shared}).
 */
class ConformanceDataTest {
    private static final Path DATA = sharedDir().resolve("conformance/onnx-1.12-backend-data");

    /** Cases the IR cannot represent, with what the frontend says about them. */
    private static final Map<String, String> UNREPRESENTABLE = Map.of(
            "test_if_opt", "attribute 'type': TYPE_PROTO attributes are not supported");

    private static final AtomicInteger models = new AtomicInteger();
    private static final AtomicInteger tensorFiles = new AtomicInteger();
    private static final AtomicInteger nonTensorFiles = new AtomicInteger();

    @TestFactory
    Stream<DynamicTest> everyModelAndTensorLoads() throws IOException {
        Path node = DATA.resolve("node");
        if (!Files.isDirectory(node)) {
            // A skipped test in the report, with the reason: an assumption here would hide the message.
            return Stream.of(DynamicTest.dynamicTest("conformance data", () -> assumeTrue(false,
                    "ONNX conformance data not found at " + node + "; set -Dktc.shared.dir to the directory holding conformance/")));
        }
        List<Path> cases;
        try (Stream<Path> n = Files.list(node); Stream<Path> s = listIfPresent(DATA.resolve("simple"))) {
            cases = Stream.concat(n, s).filter(d -> Files.isRegularFile(d.resolve("model.onnx"))).sorted().toList();
        }
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    @AfterAll
    static void report() {
        if (models.get() > 0) {
            System.out.printf("ONNX conformance data: %d models loaded and round-tripped, %d unrepresentable, "
                    + "%d tensor files read, %d sequence/optional files skipped%n",
                    models.get(), UNREPRESENTABLE.size(), tensorFiles.get(), nonTensorFiles.get());
        }
    }

    private static void check(Path dir) throws IOException {
        Path file = dir.resolve("model.onnx");
        String reason = UNREPRESENTABLE.get(dir.getFileName().toString());
        if (reason != null) {
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxFrontend.read(file));
            assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(reason), e.getMessage());
            return;
        }
        Model model = OnnxFrontend.read(file);
        Model again = OnnxFrontend.fromBytes(OnnxExporter.toBytes(model), "written " + file, dir);
        IrAssertions.assertSameModel(model, again);
        models.incrementAndGet();
        try (Stream<Path> sets = Files.list(dir)) {
            for (Path set : sets.filter(p -> p.getFileName().toString().startsWith("test_data_set_")).toList()) {
                checkTensors(set, "input_", model.graph().inputs());
                checkTensors(set, "output_", model.graph().outputs());
            }
        }
    }

    /**
     * Each {@code <prefix>N.pb} loads and has the type the model declares for value N. (Shapes are not
     * compared: a few of ONNX's files disagree with their model, e.g. CastLike's bfloat16 cases.)
     */
    private static void checkTensors(Path set, String prefix, List<ValueInfo> values) {
        for (int i = 0; Files.exists(set.resolve(prefix + i + ".pb")); i++) {
            Path pb = set.resolve(prefix + i + ".pb");
            ValueInfo declared = values.get(i);
            if (declared.type() == null) {
                // A sequence or optional value: the file holds a SequenceProto or OptionalProto.
                nonTensorFiles.incrementAndGet();
                continue;
            }
            Tensor t = OnnxTensors.readTensorFile(pb);
            // NumPy has no bfloat16: ONNX's generator saved those values as their uint16 bits.
            DataType expected = declared.type() == DataType.BFLOAT16 ? DataType.UINT16 : declared.type();
            assertEquals(expected, t.type(), pb + " type");
            tensorFiles.incrementAndGet();
        }
    }

    private static Stream<Path> listIfPresent(Path dir) throws IOException {
        return Files.isDirectory(dir) ? Files.list(dir) : Stream.empty();
    }

    static Path sharedDir() {
        String configured = System.getProperty("ktc.shared.dir");
        if (configured != null) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("../../../shared").normalize();
    }
}
