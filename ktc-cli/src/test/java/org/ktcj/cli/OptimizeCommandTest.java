package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ModelFiles;
import picocli.CommandLine;

/** {@code ktc optimize}: the options reach the optimizer, the report is printed, errors are one line. */
class OptimizeCommandTest {
    @TempDir
    Path dir;

    /** Runs ktc with the optimize and edit commands registered (whether or not Main lists them yet). */
    static Ktc.Run ktc(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        CommandLine cmd = Main.commandLine();
        if (!cmd.getSubcommands().containsKey("optimize")) {
            cmd.addSubcommand(new OptimizeCommand());
        }
        if (!cmd.getSubcommands().containsKey("edit")) {
            cmd.addSubcommand(new EditCommand());
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(strings);
        return new Ktc.Run(exit, out.toString(), err.toString());
    }

    /** x [1, 3, 4, 4] -> Conv -> BatchNormalization -> Identity -> Flatten -> y. */
    static Path convBnModel(Path file) {
        float[] w = new float[4 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5) - 2;
        }
        Graph g = Graph.builder().name("convbn").input(ValueInfo.of("x", DataType.FLOAT, 1, 3, 4, 4))
                .output(ValueInfo.of("y", DataType.FLOAT, 1, 64)).initializer("w", Tensor.of(w, 4, 3, 1, 1))
                .initializer("g", Tensor.of(new float[] {1, 2, 3, 4}, 4))
                .initializer("b", Tensor.of(new float[] {0, 1, 0, 1}, 4))
                .initializer("m", Tensor.of(new float[] {0.5f, 0, 0, 0}, 4))
                .initializer("v", Tensor.of(new float[] {1, 1, 2, 2}, 4))
                .node(Node.builder("Conv").name("conv").inputs("x", "w").outputs("c").build())
                .node(Node.builder("BatchNormalization").name("bn").inputs("c", "g", "b", "m", "v").outputs("n")
                        .build()).node(Node.builder("Identity").name("id").inputs("n").outputs("i").build())
                .node(Node.builder("Flatten").name("flat").inputs("i").outputs("y").build()).build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }

    @Test
    void optimizesAndPrintsEachPass() {
        Path in = convBnModel(dir.resolve("m.onnx"));
        Path out = dir.resolve("m.opt.onnx");
        Ktc.Run r = ktc("optimize", in, "-o", out);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("simplify") && r.out().contains("fuse-bn-into-conv x1"), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\(general flow\\)\\s+4\\s+2")), r::toString);
        assertTrue(r.out().contains("wrote " + out + ": 2 nodes"), r::toString);
        Model m = ModelFiles.load(out);
        assertEquals(List.of("Conv", "Flatten"), m.graph().nodes().stream().map(Node::opType).toList());
    }

    @Test
    void optionsReachTheFlow() {
        Path in = convBnModel(dir.resolve("m.onnx"));
        Path out = dir.resolve("o.onnx");
        Ktc.Run r = ktc("optimize", in, "-o", out, "--no-fuse-bn", "--eliminate-tail", "--pytorch",
                "--skip", "duplicate-shared-weights,remove-unused-initializers", "--upgrade-opset");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("(pytorch flow)"), r::toString);
        assertTrue(r.out().contains("note: output 'y' is now"), r::toString);
        assertFalse(r.out().contains("duplicate-shared-weights"), r::toString);
        Model m = ModelFiles.load(out);
        assertEquals(List.of("Conv", "BatchNormalization"), m.graph().nodes().stream().map(Node::opType).toList());
    }

    @Test
    void listsThePasses() {
        Ktc.Run r = ktc("optimize", "--list-passes", "--pytorch");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("pytorch flow:"), r::toString);
        assertTrue(r.out().contains("resize-from-shape-arithmetic"), r::toString);
    }

    @Test
    void badOptionsAndNamesAreOneLineErrors() {
        Path in = convBnModel(dir.resolve("m.onnx"));
        Path out = dir.resolve("o.onnx");
        Ktc.Run r = ktc("optimize", in, "-o", out, "--skip", "fuse-everything");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith(Main.ERROR_PREFIX + "no pass or rule is named 'fuse-everything'"), r::toString);
        assertEquals(1, r.err().lines().count(), r::toString);
        assertFalse(Files.exists(out));
        r = ktc("optimize", in);
        assertEquals(2, r.exit(), r::toString);
        r = ktc("optimize", in, "-o", out, "--upgrade-opset", "30");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("targets are 9 to 17"), r::toString);
    }
}
