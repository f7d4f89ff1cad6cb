package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Model;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;

/** Tail elimination: which trailing nodes go, what the new outputs are, and what the report asks for. */
class EliminateTailTest {
    private static Optimizer.Result run(Model m) {
        return Optimizer.general().eliminatingTail().run(m);
    }

    @Test
    void trailingReshapeTransposeAndSoftmaxGoWithPostProcessingNotes() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).weight("w", 6, 3, 1, 1).op("Conv", "c", "x", "w")
                .op("Transpose", "t", "c").ints("perm", 0, 2, 3, 1).longs("s", 1, -1, 6).op("Reshape", "r", "t", "s")
                .op("Softmax", "y", "r").attr("axis", -1).output("y").build();
        Optimizer.Result r = run(m);
        Model out = r.model();
        assertEquals(Map.of("Conv", 1), Tiny.ops(out));
        ValueInfo o = out.graph().outputs().get(0);
        assertEquals("c", o.name());
        assertEquals(Shape.of(1, 6, 4, 4), o.shape());
        List<String> notes = r.report().notes();
        assertEquals(3, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("output 'y' is now 'r'") && notes.get(0).contains("softmax over axis -1"),
                notes.get(0));
        assertTrue(notes.get(1).contains("reshape (giving shape [1, 16, 6])"), notes.get(1));
        assertTrue(notes.get(2).contains("transpose with perm [0, 2, 3, 1]"), notes.get(2));
    }

    @Test
    void aTailNodeWhoseInputHasOtherReadersStillGoesButStopsThere() {
        Model m = new Tiny(13).input("x", 2, 3).op("Relu", "a", "x").op("Flatten", "f", "a").op("Tanh", "t", "a")
                .op("Reshape", "y", "f", "shape").longs("shape", 6).output("y", "t").build();
        Model out = run(m).model();
        assertEquals(List.of("a", "t"), out.graph().outputs().stream().map(ValueInfo::name).toList());
        assertEquals(Map.of("Relu", 1, "Tanh", 1), Tiny.ops(out));
    }

    @Test
    void withoutTheOptionOutputsStay() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "a", "x").op("Softmax", "y", "a").output("y").build();
        Optimizer.Result r = Optimizer.general().run(m);
        assertEquals(Map.of("Relu", 1, "Softmax", 1), Tiny.ops(r.model()));
        assertEquals(null, r.report().pass("eliminate-tail"));
    }

    @Test
    void aNodeReadingAGraphInputStays() {
        Model m = new Tiny(13).input("x", 1, 3).op("Softmax", "y", "x").output("y").build();
        assertEquals(Map.of("Softmax", 1), Tiny.ops(run(m).model()));
    }
}
