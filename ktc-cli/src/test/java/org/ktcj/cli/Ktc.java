package org.ktcj.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.ValueInfo;

/** Runs the {@code ktc} command in-process, and makes the small models the tests run. */
final class Ktc {
    /** What a run printed and returned. */
    record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    private Ktc() {
    }

    static Run run(Object... args) {
        String[] strings = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            strings[i] = String.valueOf(args[i]);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cmd = Main.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(strings);
        return new Run(exit, out.toString(), err.toString());
    }

    /** y = Relu(x), x and y float[1, 3, 2, 2]; {@code output} names y. */
    static Path reluModel(Path file, String output) {
        Graph g = Graph.builder().name("relu")
                .input(ValueInfo.of("x", DataType.FLOAT, 1, 3, 2, 2))
                .output(ValueInfo.of(output, DataType.FLOAT, 1, 3, 2, 2))
                .node(Node.builder("Relu").name("relu").inputs("x").outputs(output).build())
                .build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }

    /** sum = Add(a, b), all float[2, 3]. */
    static Path addModel(Path file) {
        Graph g = Graph.builder().name("add")
                .input(ValueInfo.of("a", DataType.FLOAT, 2, 3))
                .input(ValueInfo.of("b", DataType.FLOAT, 2, 3))
                .output(ValueInfo.of("sum", DataType.FLOAT, 2, 3))
                .node(Node.builder("Add").name("add").inputs("a", "b").outputs("sum").build())
                .build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }

    /** An operator no one implements. */
    static Path unknownOperatorModel(Path file) {
        Graph g = Graph.builder().name("mystery")
                .input(ValueInfo.of("x", DataType.FLOAT, 2))
                .output(ValueInfo.of("y", DataType.FLOAT, 2))
                .node(Node.builder("FrobnicateTensor").name("frob").inputs("x").outputs("y").build())
                .build();
        OnnxExporter.write(Model.builder(g).opset(13).build(), file);
        return file;
    }
}
