package org.ktcj.runtime.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * The PyTorch reference models that {@code tools/refmodels/export.py} writes, one directory each with
 * {@code model.onnx}, its inputs and PyTorch's outputs. Found at {@code -Dktc.refmodels.dir}, else at
 * {@code target/refmodels} under the repository root.
 */
public final class ReferenceModelDirs {
    private ReferenceModelDirs() {
    }

    /** One dynamic test per model directory, or one skipped test saying why there are none. */
    public static Stream<DynamicTest> eachModel(ThrowingConsumer<Path> check) throws IOException {
        Path dir = root();
        List<Path> models = List.of();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                models = children.filter(p -> Files.isRegularFile(p.resolve("model.onnx"))).sorted().toList();
            }
        }
        if (models.isEmpty()) {
            // One skipped test rather than an aborted factory: test reports show it, with the reason.
            String why = dir + (Files.isDirectory(dir) ? " holds no models" : " is absent")
                    + ": run tools/refmodels/export.py first";
            return Stream.of(DynamicTest.dynamicTest("reference models", () -> Assumptions.assumeTrue(false, why)));
        }
        return models.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check.accept(p)));
    }

    /** The directory holding the model directories. */
    public static Path root() {
        String configured = System.getProperty("ktc.refmodels.dir");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        // Surefire sets "basedir" to the module's directory; the repository root is where mvnw lives.
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw"))) {
                return p.resolve("target").resolve("refmodels");
            }
        }
        return dir.resolve("target").resolve("refmodels");
    }
}
