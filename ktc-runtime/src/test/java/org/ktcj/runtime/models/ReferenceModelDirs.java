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
        return eachDirectory(root(), "model.onnx", "tools/refmodels/export.py", check);
    }

    /**
     * One dynamic test per directory of {@code root} holding {@code marker}, in name order, or one
     * skipped test saying why there are none and which tool makes them.
     */
    public static Stream<DynamicTest> eachDirectory(Path root, String marker, String tool,
                                                    ThrowingConsumer<Path> check) throws IOException {
        List<Path> dirs = List.of();
        if (Files.isDirectory(root)) {
            try (Stream<Path> children = Files.list(root)) {
                dirs = children.filter(p -> Files.isRegularFile(p.resolve(marker))).sorted().toList();
            }
        }
        if (dirs.isEmpty()) {
            // One skipped test rather than an aborted factory: test reports show it, with the reason.
            String why = root + (Files.isDirectory(root) ? " holds no " + marker : " is absent")
                    + ": run " + tool + " first";
            return Stream.of(DynamicTest.dynamicTest(marker, () -> Assumptions.assumeTrue(false, why)));
        }
        return dirs.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> check.accept(p)));
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
