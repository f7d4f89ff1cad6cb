package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.optimize.Tiny.ops;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.runtime.models.OrtRunner;
import org.ktcj.KtcException;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/**
 * Opset upgrades: each rewritten operator computes the same in the simulator and, for float models, in
 * ONNX Runtime (which runs both opsets itself: an independent check of what changed between them).
 */
class OpsetUpgradeTest {
    /** Upgrades to 11 and to 13; checks each against the original; returns the opset-13 model. */
    private static Model upgradeChecked(Model m, boolean ort) throws Exception {
        Map<String, Tensor> inputs = SameOutputs.randomInputs(m, 5);
        Model last = null;
        for (int target : new int[] {11, 13}) {
            Model up = new OpsetUpgrade(target).apply(m);
            assertEquals(target, up.opset());
            assertTrue(up.irVersion() >= (target == 11 ? 6 : 7), "IR version " + up.irVersion());
            SameOutputs.assertSame("opset " + m.opset() + " -> " + target, m, up, inputs);
            if (ort) {
                Map<String, Tensor> want = OrtRunner.run(m, inputs);
                Map<String, Tensor> got = OrtRunner.run(up, inputs);
                for (String out : want.keySet()) {
                    SameOutputs.compare("ONNX Runtime, opset " + target + ", output " + out, want.get(out),
                            got.get(out));
                }
            }
            last = up;
        }
        return last;
    }

    @Test
    void upsampleBecomesResizeWithTheSameSampling() throws Exception {
        for (String mode : new String[] {"nearest", "linear"}) {
            Model m = new Tiny(9).input("x", 1, 2, 3, 4).initializer("s", Tensor.of(new float[] {1, 1, 2, 3}, 4))
                    .op("Upsample", "y", "x", "s").attr("mode", mode).output("y").build();
            Model up = upgradeChecked(m, true);
            Node resize = up.graph().nodes().get(0);
            assertEquals("Resize", resize.opType());
            assertEquals("asymmetric", resize.attrString("coordinate_transformation_mode", ""));
        }
    }

    @Test
    void upsampleWithScalesAsAnAttributeToo() throws Exception {
        Model m = new Tiny(8).input("x", 1, 2, 3, 4).op("Upsample", "y", "x").floats("scales", 1, 1, 2, 2)
                .output("y").build();
        assertEquals(Map.of("Resize", 1), ops(upgradeChecked(m, false)));
    }

    @Test
    void shrinkingNearestResizeRoundsUp() throws Exception {
        Model m = new Tiny(10).input("x", 1, 2, 7, 9).initializer("s", Tensor.of(new float[] {1, 1, 0.5f, 0.4f}, 4))
                .op("Resize", "y", "x", "s").output("y").build();
        Model up = upgradeChecked(m, true);
        assertEquals("ceil", up.graph().nodes().get(0).attrString("nearest_mode", ""));
    }

    @Test
    void padClipAndSliceAttributesBecomeInputs() throws Exception {
        Model m = new Tiny(9).input("x", 1, 3, 4, 5)
                .op("Pad", "p", "x").ints("pads", 0, 0, 1, 2, 0, 0, 2, 1).attr("value", 1.5f)
                .op("Pad", "q", "p").ints("pads", 0, 0, 1, 1, 0, 0, 1, 1).attr("mode", "reflect")
                .op("Clip", "c", "q").attr("min", -0.5f).attr("max", 0.5f).op("Clip", "d", "c").attr("max", 0.25f)
                .op("Slice", "y", "d").ints("starts", 1, -3).ints("ends", 4, 100).ints("axes", 2, 3)
                .output("y").build();
        Model up = upgradeChecked(m, true);
        for (Node n : up.graph().nodes()) {
            assertFalse(n.hasAttribute("pads") || n.hasAttribute("min") || n.hasAttribute("starts"), n.toString());
        }
    }

    @Test
    void squeezeUnsqueezeSplitAndReduceSumAxesBecomeInputs() throws Exception {
        Model m = new Tiny(11).input("x", 1, 6, 1, 4).op("Squeeze", "s", "x").ints("axes", 2)
                .node("Split", new String[] {"a", "b"}, "s").attr("axis", 1).ints("split", 2, 4)
                .op("ReduceSum", "r", "b").ints("axes", 1)
                .op("Unsqueeze", "y", "a").ints("axes", 0).output("y", "r").build();
        Model up = upgradeChecked(m, true);
        for (Node n : up.graph().nodes()) {
            assertFalse(n.hasAttribute("axes") || n.hasAttribute("split"), n.toString());
        }
    }

    @Test
    void softmaxOverInnerAxesKeepsItsFlattenedMeaning() throws Exception {
        Model m = new Tiny(11).input("x", 2, 3, 4, 5).op("Softmax", "y", "x").attr("axis", 1)
                .op("LogSoftmax", "z", "x").attr("axis", 3).output("y", "z").build();
        Model up = upgradeChecked(m, true);
        assertEquals(Map.of("Flatten", 1, "LogSoftmax", 1, "Reshape", 1, "Shape", 1, "Softmax", 1), ops(up));
    }

    @Test
    void topKBatchNormalizationAndDropoutChangeForm() throws Exception {
        Model m = new Tiny(8).input("x", 1, 3, 2, 2).weight("g", 3).weight("b", 3).weight("mean", 3)
                .uniform("var", 0.5, 1.5, 3).op("BatchNormalization", "n", "x", "g", "b", "mean", "var")
                        .attr("spatial", 1).op("Dropout", "d", "n").attr("ratio", 0.3f)
                .node("TopK", new String[] {"y", "i"}, "d").attr("k", 1).output("y", "i").build();
        Model up = upgradeChecked(m, false);
        assertTrue(up.graph().nodes().stream().noneMatch(n -> n.hasAttribute("k") || n.hasAttribute("spatial")
                || n.hasAttribute("ratio")));
    }

    @Test
    void aModelAtTheTargetIsLeftAlone() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "y", "x").output("y").build();
        PassLog log = new PassLog();
        assertEquals(m, new OpsetUpgrade(13).apply(m, log));
        assertTrue(log.notes().get(0).contains("nothing to upgrade"), log.notes().toString());
    }

    @Test
    void unsupportedStartsTargetsAndSubgraphsAreRefused() {
        assertThrows(KtcException.class, () -> new OpsetUpgrade(8));
        assertThrows(KtcException.class, () -> new OpsetUpgrade(18));
        Model ancient = new Tiny(6).input("x", 1, 3).op("Relu", "y", "x").output("y").build();
        assertThrows(KtcException.class, () -> new OpsetUpgrade(13).apply(ancient));
        Graph branch = Graph.builder().name("b").outerScope(List.of("x")).output("x").build();
        Graph g = Graph.builder().name("g").input(org.ktcj.ir.ValueInfo.of("x", org.ktcj.ir.DataType.FLOAT, 1))
                .input(org.ktcj.ir.ValueInfo.of("c", org.ktcj.ir.DataType.BOOL)).output("y")
                .node(Node.builder("If").name("if").inputs("c").outputs("y").attr(Attribute.of("then_branch", branch))
                        .attr(Attribute.of("else_branch", branch)).build()).build();
        Model sub = Model.builder(g).opset(9).build();
        KtcException e = assertThrows(KtcException.class, () -> new OpsetUpgrade(13).apply(sub));
        assertTrue(e.getMessage().contains("subgraphs"), e.getMessage());
    }
}
