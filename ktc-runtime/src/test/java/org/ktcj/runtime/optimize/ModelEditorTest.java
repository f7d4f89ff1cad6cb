package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.optimize.Tiny.ops;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/** The model editor: each edit's effect on the graph, and on the numbers where it keeps them. */
class ModelEditorTest {
    /** x [1, 3, 8, 8] -> Conv c1 (4, 1x1) -> Relu r -> Conv c2 (5, 3x3 padded) -> Softmax y; r also -> GAP g. */
    private static Model net() {
        return new Tiny(13).input("x", 1, 3, 8, 8).weight("w1", 4, 3, 1, 1).weight("b1", 4).weight("w2", 5, 4, 3, 3)
                .op("Conv", "c1", "x", "w1", "b1").op("Relu", "r", "c1").op("Conv", "c2", "r", "w2")
                .ints("pads", 1, 1, 1, 1).op("Softmax", "y", "c2").attr("axis", 1).op("GlobalAveragePool", "g", "r")
                .output("y", "g").build();
    }

    private static List<String> outputs(Model m) {
        return m.graph().outputs().stream().map(ValueInfo::name).toList();
    }

    @Test
    void deletingANodeConnectsItsReadersToItsInput() {
        Model m = ModelEditor.of(net()).deleteNodes(List.of("r")).model();
        assertEquals(Map.of("Conv", 2, "GlobalAveragePool", 1, "Softmax", 1), ops(m));
        assertEquals("c1", m.graph().node("c2").input(0));
        Model tail = ModelEditor.of(net()).deleteNodes(List.of("y")).model();
        assertEquals(List.of("c2", "g"), outputs(tail));
    }

    @Test
    void deletingAnOutputRemovesWhatOnlyItNeeded() {
        Model m = ModelEditor.of(net()).deleteOutputs(List.of("y")).model();
        assertEquals(Map.of("Conv", 1, "GlobalAveragePool", 1, "Relu", 1), ops(m));
        assertEquals(List.of("w1", "b1"), List.copyOf(m.graph().initializers().keySet()));
    }

    @Test
    void deletingAnInputRemovesAllThatDependsOnIt() {
        Model m = new Tiny(13).input("a", 1, 3).input("b", 1, 3).op("Relu", "ra", "a").op("Add", "s", "ra", "b")
                .op("Tanh", "t", "a").output("s", "t").build();
        Model out = ModelEditor.of(m).deleteInputs(List.of("b")).model();
        assertEquals(List.of("t"), outputs(out));
        assertEquals(Map.of("Tanh", 1), ops(out));
    }

    @Test
    void cutAfterEndsTheGraphThere() {
        Model m = ModelEditor.of(net()).cutAfter(List.of("r")).model();
        assertEquals(List.of("r"), outputs(m));
        assertEquals(Map.of("Conv", 1, "Relu", 1), ops(m));
        assertEquals(Shape.of(1, 4, 8, 8), m.graph().outputs().get(0).shape());
    }

    @Test
    void cutFromANodeMakesWhatItReadAnOutput() {
        Model m = ModelEditor.of(net()).cutFromNodes(List.of("c2")).model();
        assertEquals(List.of("g", "r"), outputs(m));
        Model byType = ModelEditor.of(net()).cutFromTypes(List.of("Softmax")).model();
        assertEquals(List.of("g", "c2"), outputs(byType));
    }

    @Test
    void extractKeepsThePartBetweenNamedValues() {
        Model m = ModelEditor.of(net()).extract(List.of("r"), List.of("c2")).model();
        assertEquals(Map.of("Conv", 1), ops(m));
        assertEquals("r", m.graph().inputs().get(0).name());
        assertEquals(Shape.of(1, 4, 8, 8), m.graph().inputs().get(0).shape());
        assertEquals(List.of("c2"), outputs(m));
    }

    @Test
    void cutBeforeStartsTheGraphThere() {
        Model m = ModelEditor.of(net()).cutBefore(List.of("r")).model();
        assertEquals(List.of("r"), m.graph().inputs().stream().map(ValueInfo::name).toList());
        assertEquals(Map.of("Conv", 1, "GlobalAveragePool", 1, "Softmax", 1), ops(m));
        assertEquals(List.of("w2"), List.copyOf(m.graph().initializers().keySet()));
        Model two = new Tiny(13).input("a", 1, 3).input("b", 1, 3).op("Relu", "ra", "a").op("Add", "y", "ra", "b")
                .output("y").build();
        Model kept = ModelEditor.of(two).cutBefore(List.of("ra")).model();
        assertEquals(List.of("ra", "b"), kept.graph().inputs().stream().map(ValueInfo::name).toList());
        assertThrows(KtcException.class, () -> ModelEditor.of(net()).cutBefore(List.of("w1")));
    }

    @Test
    void newInputShapesPropagate() {
        Model m = ModelEditor.of(net()).setInputShape("x", Shape.of(2, 3, 16, 16)).model();
        assertEquals(Shape.of(2, 5, 16, 16), m.graph().outputs().get(0).shape());
        assertEquals(Shape.of(2, 4, 16, 16), m.graph().info("r").shape());
        SameOutputs.run(m, SameOutputs.randomInputs(m, 1));
    }

    @Test
    void addedConvAndBnDoNothing() {
        Model base = net();
        Model m = ModelEditor.of(base).addConvAfter(List.of("x", "r")).addBnAfter(List.of("c2")).model();
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 4, "GlobalAveragePool", 1, "Relu", 1, "Softmax", 1),
                ops(m));
        assertEquals(outputs(base), outputs(m));
        SameOutputs.assertSame("do-nothing nodes", base, m, SameOutputs.randomInputs(base, 3));
    }

    @Test
    void renamingAnOutputKeepsItsProducer() {
        Model m = ModelEditor.of(net()).renameOutput("y", "probabilities").model();
        assertEquals(List.of("probabilities", "g"), outputs(m));
        assertThrows(KtcException.class, () -> ModelEditor.of(net()).renameOutput("y", "r"));
        assertThrows(KtcException.class, () -> ModelEditor.of(net()).renameOutput("nope", "x2"));
    }

    @Test
    void pixelScaleAndBiasFoldIntoAnUnpaddedFirstConv() {
        float[] scale = {1 / 58.4f, 1 / 57.1f, 1 / 57.4f};
        float[] bias = {-2.1f, -2.0f, -1.8f};
        ModelEditor e = ModelEditor.of(net()).pixelModify(scale, bias);
        Model m = e.model();
        assertEquals(Map.of("Conv", 2, "GlobalAveragePool", 1, "Relu", 1, "Softmax", 1), ops(m));
        assertTrue(e.changes().get(0).startsWith("folded pixel scale"), e.changes().toString());
        Map<String, Tensor> raw = SameOutputs.randomInputs(m, 9);
        float[] v = raw.get("x").floats();
        float[] normalized = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            int c = i / 64;
            normalized[i] = v[i] * scale[c] + bias[c];
        }
        Map<String, Tensor> want = SameOutputs.run(net(), Map.of("x", Tensor.of(normalized, 1, 3, 8, 8)));
        SameOutputs.assertSame("pixel modify", want, m, raw);
    }

    @Test
    void pixelModifyStaysABatchNormalizationBeforeAPaddedConv() {
        Model padded = new Tiny(13).input("x", 1, 3, 8, 8).weight("w", 4, 3, 3, 3).op("Conv", "y", "x", "w")
                .ints("pads", 1, 1, 1, 1).output("y").build();
        Model m = ModelEditor.of(padded).pixelModify(new float[] {0.5f}, new float[] {-1f}).model();
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1), ops(m));
        Model scaleOnly = ModelEditor.of(padded).pixelModify(new float[] {0.5f}, new float[] {0f}).model();
        assertEquals(Map.of("Conv", 1), ops(scaleOnly));
    }

    @Test
    void unknownNamesAreClearErrors() {
        KtcException e = assertThrows(KtcException.class, () -> ModelEditor.of(net()).deleteNodes(List.of("zzz")));
        assertEquals("the graph has no node named 'zzz'", e.getMessage());
        e = assertThrows(KtcException.class, () -> ModelEditor.of(net()).setInputShape("q", Shape.of(1)));
        assertTrue(e.getMessage().contains("its inputs are [x]"), e.getMessage());
        assertThrows(KtcException.class, () -> ModelEditor.of(net()).cutAfter(List.of("nothing")));
    }

    @Test
    void theOriginalModelIsUntouched() {
        Model base = net();
        ModelEditor.of(base).deleteNodes(List.of("r")).cutAfter(List.of("c1")).model();
        assertEquals(5, base.graph().nodes().size());
        assertArrayEquals(new int[] {1, 3, 8, 8}, base.graph().inputs().get(0).shape().toIntArray());
    }
}
