package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ModelFiles;

/** {@code ktc edit}: each option edits the model; bad names are one-line errors. */
class EditCommandTest {
    @TempDir
    Path dir;

    private static List<String> ops(Model m) {
        return m.graph().nodes().stream().map(Node::opType).toList();
    }

    @Test
    void deletesAddsReshapesRenamesAndCuts() {
        Path in = OptimizeCommandTest.convBnModel(dir.resolve("m.onnx"));
        Path out = dir.resolve("e.onnx");
        Ktc.Run r = OptimizeCommandTest.ktc("edit", in, "-o", out, "--delete-node", "id", "--add-bn-after", "c",
                "--input-shape", "x=2,3,8,8", "--rename-output", "y=features");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("deleted Identity node 'id'"), r::toString);
        assertTrue(r.out().contains("input 'x' shape [1, 3, 4, 4] -> [2, 3, 8, 8]"), r::toString);
        Model m = ModelFiles.load(out);
        assertEquals(List.of("Conv", "BatchNormalization", "BatchNormalization", "Flatten"), ops(m));
        ValueInfo o = m.graph().outputs().get(0);
        assertEquals("features", o.name());
        assertEquals(Shape.of(2, 256), o.shape());

        Path cut = dir.resolve("cut.onnx");
        r = OptimizeCommandTest.ktc("edit", in, "-o", cut, "--cut-after", "c", "--input-shape", "N,3,4,4");
        assertEquals(0, r.exit(), r::toString);
        Model c = ModelFiles.load(cut);
        assertEquals(List.of("Conv"), ops(c));
        assertEquals("c", c.graph().outputs().get(0).name());
        assertEquals("N", c.graph().outputs().get(0).shape().dim(0).symbol());

        Path tail = dir.resolve("tail.onnx");
        r = OptimizeCommandTest.ktc("edit", in, "-o", tail, "--cut-before", "n");
        assertEquals(0, r.exit(), r::toString);
        Model t = ModelFiles.load(tail);
        assertEquals(List.of("Identity", "Flatten"), ops(t));
        assertEquals("n", t.graph().inputs().get(0).name());
    }

    @Test
    void pixelScaleFoldsIntoTheFirstConv() {
        Path in = OptimizeCommandTest.convBnModel(dir.resolve("m.onnx"));
        Path out = dir.resolve("p.onnx");
        Ktc.Run r = OptimizeCommandTest.ktc("edit", in, "-o", out, "--pixel-scale", "0.5,0.25,2", "--pixel-bias", "-1");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().contains("folded pixel scale [0.5, 0.25, 2.0] and bias [-1.0, -1.0, -1.0]"
                + " into Conv node 'conv'"),
                r::toString);
        assertEquals(4, ModelFiles.load(out).graph().nodes().size());
    }

    @Test
    void unknownNamesAreOneLineErrors() {
        Path in = OptimizeCommandTest.convBnModel(dir.resolve("m.onnx"));
        Ktc.Run r = OptimizeCommandTest.ktc("edit", in, "-o", dir.resolve("x.onnx"), "--delete-node", "nope");
        assertEquals(1, r.exit(), r::toString);
        assertEquals(Main.ERROR_PREFIX + "the graph has no node named 'nope'", r.err().strip());
        r = OptimizeCommandTest.ktc("edit", in, "-o", dir.resolve("x.onnx"), "--input-shape", "q=1,2");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("names none of [x]"), r::toString);
        r = OptimizeCommandTest.ktc("edit", in, "-o", dir.resolve("x.onnx"), "--input-shape", "x=1,?,4");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("neither a size nor a symbol"), r::toString);
    }
}
