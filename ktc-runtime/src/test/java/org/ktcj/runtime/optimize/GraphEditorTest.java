package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.SessionOptions;

/** The working copy rules edit: its indexes, its one-home helpers, its facts. */
class GraphEditorTest {
    private static GraphEditor editor(Model m) {
        return new GraphEditor(m, SessionOptions.standardRegistry());
    }

    /** x -> Relu a -> Identity b -> (Sigmoid y, Tanh z); outputs y, z. */
    private static Model chain() {
        return new Tiny(13).input("x", 1, 3).op("Relu", "a", "x").op("Identity", "b", "a").op("Sigmoid", "y", "b")
                .op("Tanh", "z", "b").output("y", "z").build();
    }

    @Test
    void producersAndConsumersFollowEdits() {
        GraphEditor g = editor(chain());
        Node id = g.producer("b");
        assertEquals(List.of("y", "z"), g.consumers("b").stream().map(Node::name).toList());
        assertNull(g.soleConsumer("b"));
        assertEquals("b", g.soleConsumer("a").name());
        g.bypass(id, 0);
        assertFalse(g.contains(id));
        assertNull(g.producer("b"));
        assertEquals(2, g.consumers("a").size());
        assertEquals(3, g.toGraph().nodes().size());
    }

    @Test
    void bypassOfAGraphOutputRenamesTheProducerInstead() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "a", "x").op("Identity", "y", "a").op("Sigmoid", "s", "a")
                .output("y", "s").build();
        GraphEditor g = editor(m);
        Node id = g.producer("y");
        assertTrue(g.canBypass(id, 0));
        g.bypass(id, 0);
        Graph out = g.toGraph();
        assertEquals("y", out.node("a").output(0));
        assertEquals("y", out.node("s").input(0), "the other reader follows the rename");
        assertEquals(List.of("y", "s"), out.outputs().stream().map(ValueInfo::name).toList());
    }

    @Test
    void aGraphInputCannotTakeAnOutputName() {
        Model m = new Tiny(13).input("x", 1, 3).op("Identity", "y", "x").output("y").build();
        GraphEditor g = editor(m);
        assertFalse(g.canBypass(g.producer("y"), 0));
    }

    @Test
    void freshNamesNeverReuseAName() {
        GraphEditor g = editor(chain());
        assertEquals("a_1", g.freshValueName("a"));
        assertEquals("a_2", g.freshValueName("a"));
        g.bypass(g.producer("b"), 0);
        assertNotEquals("b", g.freshValueName("b"), "a removed value's name stays taken");
        assertEquals("q", g.addInitializer("q", Tensor.scalar(1f)));
        assertEquals("q_1", g.addInitializer("q", Tensor.scalar(2f)));
    }

    @Test
    void factsKnowShapesAndStayUsefulAcrossRewrites() {
        GraphEditor g = editor(chain());
        assertEquals(Shape.of(1, 3), g.shape("b"));
        String c = g.addInitializer("c", Tensor.of(new float[] {1, 2, 3}, 1, 3));
        g.add(Node.builder("Add").name("add").inputs("z", c).outputs("w").build());
        assertEquals(Shape.of(1, 3), g.shape("w"), "a new value makes the facts recompute");
        assertArrayEquals(new float[] {1, 2, 3}, g.knownValue(c).floats());
    }

    @Test
    void removingANodeCanExposeItsInputAsTheOutput() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "a", "x").op("Softmax", "y", "a").output("y").build();
        GraphEditor g = editor(m);
        g.removeExposingInput(g.producer("y"));
        Graph out = g.toGraph();
        assertEquals(List.of("a"), out.outputs().stream().map(ValueInfo::name).toList());
        assertEquals(Shape.of(1, 3), out.outputs().get(0).shape());
    }

    @Test
    void replaceAllUsesLeavesGraphOutputsAlone() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "a", "x").op("Sigmoid", "b", "a").op("Tanh", "y", "a")
                .output("a", "y").build();
        GraphEditor g = editor(m);
        g.replaceAllUses("a", "x");
        Graph out = g.toGraph();
        assertEquals("x", out.node("b").input(0));
        assertEquals("a", out.outputs().get(0).name());
    }

    private static void assertArrayEquals(float[] want, float[] got) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(want, got);
    }
}
