package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.io.Npy;

/** ONNX Runtime is on the test class path (ktc-cli has it in provided scope), so bench compares. */
class BenchAndDemoTest {
    @TempDir
    Path dir;

    @Test
    void benchTimesBothEnginesOnRandomInputsAndComparesOutputs() {
        Path model = Ktc.reluModel(dir.resolve("relu.onnx"), "y");
        Ktc.Run r = Ktc.run("bench", "--model", model, "--threads", 1, "--repeat", 3, "--warmup", 1);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("x float[1, 3, 2, 2] (random normal, seed 42)"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ktc ")), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("ONNX Runtime ")), r::toString);
        assertTrue(r.out().contains("ratio ktc/ORT (medians): "), r::toString);
        assertTrue(r.out().contains("max relative difference ktc vs ONNX Runtime 0.00e+00 (output 'y')"), r::toString);
        // Relu's input and output, 12 floats each: no weights.
        assertTrue(r.out().contains("; goal 0.0 MB (weights + 2 x largest activation pair of 0.0 MB)"), r::toString);
    }

    @Test
    void benchTakesInputFiles() {
        Path model = Ktc.addModel(dir.resolve("add.onnx"));
        Npy.write(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), dir.resolve("a.npy"));
        Ktc.Run r = Ktc.run("bench", "--model", model, "--input", "a=" + dir.resolve("a.npy"), "--repeat", 2);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("a float[2, 3] (from file), b float[2, 3] (random normal, seed 42)"), r::toString);
    }

    @Test
    void demoRunsTheBundledModelAndMatchesPyTorch() {
        Path out = dir.resolve("demo");
        Ktc.Run r = Ktc.run("demo", "-o", out);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("max relative difference vs PyTorch"), r::toString);
        assertTrue(r.out().contains(": OK"), r::toString);
        assertTrue(Files.isRegularFile(out.resolve("model.onnx")));
        assertTrue(Files.isRegularFile(out.resolve("input.npy")));
        assertTrue(Files.isRegularFile(out.resolve("logits.npy")));
        assertTrue(r.out().contains("[4/5] evaluate on the KL720"), r::toString);
        assertTrue(r.out().contains("top class the same"), r::toString);
        assertTrue(Files.isRegularFile(out.resolve("model.bie")));
    }
}
