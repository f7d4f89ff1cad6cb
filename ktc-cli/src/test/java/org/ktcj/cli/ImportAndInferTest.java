package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.io.Npy;

class ImportAndInferTest {
    @TempDir
    Path dir;

    private static final float[] X = {-1, 2, -3, 4, 5, -6, 7, -8, 0, 1.5f, -2.5f, 3};

    private static float[] relu(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.max(0, x[i]);
        }
        return y;
    }

    @Test
    void importsThenInfersAndWritesFloat32Outputs() {
        Path source = Ktc.reluModel(dir.resolve("relu.onnx"), "y");
        Path imported = dir.resolve("imported.onnx");
        Ktc.Run r = Ktc.run("import", "--format", "onnx", source, "-o", imported);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("wrote " + imported + ": 1 node, opset 13, 0 parameters"), r::toString);
        Model m = ModelFiles.load(imported);
        assertEquals("Relu", m.graph().nodes().get(0).opType());

        Npy.write(Tensor.of(X, 1, 3, 2, 2), dir.resolve("x.npy"));
        Path out = dir.resolve("out");
        r = Ktc.run("infer", "--model", imported, "--input", "x=" + dir.resolve("x.npy"), "-o", out, "--threads", 1);
        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err());
        Tensor y = Npy.read(out.resolve("y.npy"));
        assertEquals(DataType.FLOAT, y.type());
        assertArrayEquals(new int[] {1, 3, 2, 2}, y.shape());
        assertArrayEquals(relu(X), y.toFloatArray());
    }

    @Test
    void importNotesOperatorsTheSimulatorLacks() {
        Path model = Ktc.unknownOperatorModel(dir.resolve("mystery.onnx"));
        Ktc.Run r = Ktc.run("import", "--format", "onnx", model, "-o", dir.resolve("imported.onnx"));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("note: the simulator does not run these operators yet: FrobnicateTensor"), r::toString);
        assertTrue(Files.isRegularFile(dir.resolve("imported.onnx")));
    }

    @Test
    void oneInputNeedsNoNameAndOtherTypesAreConverted() {
        Path model = Ktc.reluModel(dir.resolve("relu.onnx"), "y");
        double[] x = new double[X.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = X[i];
        }
        // NumPy saves float64 unless told otherwise.
        Npy.write(Tensor.wrap(DataType.DOUBLE, new int[] {1, 3, 2, 2}, x), dir.resolve("x64.npy"));
        Ktc.Run r = Ktc.run("infer", "--model", model, "--input", dir.resolve("x64.npy"), "-o", dir.resolve("out"));
        assertEquals(0, r.exit(), r::toString);
        assertArrayEquals(relu(X), Npy.read(dir.resolve("out/y.npy")).toFloatArray());
    }

    @Test
    void nhwcInputsAreTransposedToNchw() {
        Path model = Ktc.reluModel(dir.resolve("relu.onnx"), "y");
        // X in NCHW is [c][h][w]; write it channel-last.
        float[] nhwc = new float[12];
        for (int c = 0; c < 3; c++) {
            for (int h = 0; h < 2; h++) {
                for (int w = 0; w < 2; w++) {
                    nhwc[(h * 2 + w) * 3 + c] = X[(c * 2 + h) * 2 + w];
                }
            }
        }
        Npy.write(Tensor.of(nhwc, 1, 2, 2, 3), dir.resolve("x.npy"));
        Ktc.Run r = Ktc.run("infer", "--model", model, "--input", "x=" + dir.resolve("x.npy"), "--layout", "nhwc",
                "-o", dir.resolve("out"));
        assertEquals(0, r.exit(), r::toString);
        Tensor y = Npy.read(dir.resolve("out/y.npy"));
        assertArrayEquals(new int[] {1, 3, 2, 2}, y.shape());
        assertArrayEquals(relu(X), y.toFloatArray());
    }

    @Test
    void outputNamesBecomeSafeFileNames() {
        Path model = Ktc.reluModel(dir.resolve("relu.onnx"), "../block/relu:0");
        Npy.write(Tensor.of(X, 1, 3, 2, 2), dir.resolve("x.npy"));
        Ktc.Run r = Ktc.run("infer", "--model", model, "--input", dir.resolve("x.npy"), "-o", dir.resolve("out"));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(Files.exists(dir.resolve("out/_._block_relu_0.npy")), r::toString);
    }

    @Test
    void severalInputsByNameIntoAnExistingDirectory() throws IOException {
        Path model = Ktc.addModel(dir.resolve("add.onnx"));
        Npy.write(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3), dir.resolve("a.npy"));
        Npy.write(Tensor.of(new float[] {10, 20, 30, 40, 50, 60}, 2, 3), dir.resolve("b.npy"));
        Path out = Files.createDirectory(dir.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "kept");
        Files.writeString(out.resolve("sum.npy"), "replaced");
        Ktc.Run r = Ktc.run("infer", "--model", model, "--input", "b=" + dir.resolve("b.npy"),
                "--input", "a=" + dir.resolve("a.npy"), "-o", out);
        assertEquals(0, r.exit(), r::toString);
        assertArrayEquals(new float[] {11, 22, 33, 44, 55, 66}, Npy.read(out.resolve("sum.npy")).toFloatArray());
        assertEquals("kept", Files.readString(out.resolve("notes.txt")));
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".")), "no staging directory is left");
        }
    }

    @Test
    void versionAndHelp() {
        Ktc.Run r = Ktc.run("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("ktc "), r::toString);
        r = Ktc.run("--help");
        assertEquals(0, r.exit());
        for (String command : new String[] {"import", "infer", "bench", "demo"}) {
            assertTrue(r.out().contains(command), r::toString);
        }
        assertEquals(0, Ktc.run("help", "infer").exit());
    }
}
