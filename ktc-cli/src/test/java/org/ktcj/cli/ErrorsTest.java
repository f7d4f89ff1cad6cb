package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.io.Npy;

/**
 * Each failure gives exit status 1 (2 for usage errors), exactly one line on stderr starting with
 * {@code ktc: error: }, and leaves no output behind.
 */
class ErrorsTest {
    @TempDir
    Path dir;

    private Path relu;
    private Path x;
    private Path out;

    @BeforeEach
    void setUp() {
        relu = Ktc.reluModel(dir.resolve("relu.onnx"), "y");
        x = dir.resolve("x.npy");
        Npy.write(Tensor.of(new float[12], 1, 3, 2, 2), x);
        out = dir.resolve("out");
    }

    /** Runs ktc, checks the one error line (it must contain every fragment) and that nothing new was written. */
    private void fails(int exit, List<String> fragments, Object... args) throws IOException {
        List<Path> before = listing();
        Ktc.Run r = Ktc.run(args);
        assertEquals(exit, r.exit(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().startsWith(Main.ERROR_PREFIX), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        for (String f : fragments) {
            assertTrue(r.err().contains(f), () -> "'" + f + "' missing from " + r);
        }
        assertEquals(before, listing(), "the run left files behind");
    }

    private List<Path> listing() throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.sorted().toList();
        }
    }

    private Path file(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    @Test
    void truncatedModel() throws IOException {
        byte[] whole = Files.readAllBytes(relu);
        Path cut = file("cut.onnx", Arrays.copyOf(whole, whole.length / 2));
        fails(1, List.of(cut.toString()), "infer", "--model", cut, "--input", x, "-o", out);
        fails(1, List.of(cut.toString()), "import", "--format", "onnx", cut, "-o", dir.resolve("imported.onnx"));
    }

    @Test
    void emptyModelFile() throws IOException {
        Path empty = file("empty.onnx", new byte[0]);
        fails(1, List.of(empty.toString()), "infer", "--model", empty, "--input", x, "-o", out);
    }

    @Test
    void notAnOnnxFile() throws IOException {
        Path text = file("notes.onnx", "just some text, not a protobuf message\n".getBytes());
        fails(1, List.of(text.toString()), "infer", "--model", text, "--input", x, "-o", out);
        fails(1, List.of(text.toString()), "import", "--format", "onnx", text, "-o", dir.resolve("imported.onnx"));
    }

    @Test
    void unknownOperator() throws IOException {
        Path model = Ktc.unknownOperatorModel(dir.resolve("mystery.onnx"));
        Npy.write(Tensor.of(new float[2], 2), dir.resolve("v.npy"));
        fails(1, List.of("FrobnicateTensor", "'frob'"), "infer", "--model", model, "--input", dir.resolve("v.npy"),
                "-o", out);
    }

    @Test
    void inputOfTheWrongShape() throws IOException {
        Path wrong = dir.resolve("wrong.npy");
        Npy.write(Tensor.of(new float[18], 1, 3, 2, 3), wrong);
        fails(1, List.of("input 'x' has shape [1, 3, 2, 3]", "[1, 3, 2, 2]"), "infer", "--model", relu,
                "--input", "x=" + wrong, "-o", out);
    }

    @Test
    void wrongInputName() throws IOException {
        fails(1, List.of("unknown input 'z'", "[x]"), "infer", "--model", relu, "--input", "z=" + x, "-o", out);
    }

    @Test
    void missingInput() throws IOException {
        Path add = Ktc.addModel(dir.resolve("add.onnx"));
        Npy.write(Tensor.of(new float[6], 2, 3), dir.resolve("a.npy"));
        fails(1, List.of("input 'b' is missing"), "infer", "--model", add, "--input", "a=" + dir.resolve("a.npy"),
                "-o", out);
        fails(1, List.of("does not say which input"), "infer", "--model", add, "--input", dir.resolve("a.npy"),
                "-o", out);
    }

    @Test
    void missingInputFile() throws IOException {
        Path missing = dir.resolve("missing.npy");
        fails(1, List.of(missing + ": cannot read: no such file"), "infer", "--model", relu,
                "--input", "x=" + missing, "-o", out);
    }

    @Test
    void badNpyFile() throws IOException {
        Path bad = file("bad.npy", "PK\3\4 this is a zip".getBytes());
        fails(1, List.of(bad + ": not a NumPy .npy file"), "infer", "--model", relu, "--input", "x=" + bad, "-o", out);
        Path cut = file("cut.npy", Arrays.copyOf(Files.readAllBytes(x), 100));
        fails(1, List.of(cut + ": truncated"), "infer", "--model", relu, "--input", "x=" + cut, "-o", out);
    }

    @Test
    void outputDirectoryIsAFile() throws IOException {
        Path taken = file("taken", new byte[] {1});
        fails(1, List.of(taken + ": exists and is not a directory"), "infer", "--model", relu, "--input", x,
                "-o", taken);
        assertTrue(Files.isRegularFile(taken));
    }

    @Test
    void usageErrorsExitWithTwo() throws IOException {
        fails(2, List.of("--bogus", "ktc infer --help"), "infer", "--model", relu, "--input", x, "-o", out, "--bogus");
        fails(2, List.of("--model"), "infer", "--input", x, "-o", out);
        fails(2, List.of("unknown command 'frobnicate'"), "frobnicate");
        fails(2, List.of("missing a command"));
        fails(2, List.of("--threads must be 0"), "infer", "--model", relu, "--input", x, "-o", out, "--threads", -2);
    }

    @Test
    void verboseAddsTheStackTrace() {
        Ktc.Run r = Ktc.run("--verbose", "infer", "--model", dir.resolve("none.onnx"), "--input", x, "-o", out);
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith(Main.ERROR_PREFIX), r::toString);
        assertTrue(r.err().contains("\tat org.ktcj."), r::toString);
        r = Ktc.run("infer", "--verbose", "--model", dir.resolve("none.onnx"), "--input", x, "-o", out);
        assertTrue(r.err().lines().count() > 1, r::toString);
        assertFalse(Files.exists(out));
    }
}
