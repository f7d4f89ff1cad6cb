package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.optimize.Tiny.ops;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.ir.ValueInfo;

/** The flows as a whole: their declared passes, the options, skipping by name, the report. */
class OptimizerTest {
    /** Conv, BN, Identity, Relu; a Sub by a constant (which becomes a BN: an affine map); Identity as the output. */
    private static Model model() {
        return new Tiny(13).input("x", 1, 3, 6, 6).weight("w", 4, 3, 3, 3).weight("g", 4).weight("b", 4).weight("m", 4)
                .uniform("v", 0.5, 2, 4).scalar("c", 0.25f).op("Conv", "conv", "x", "w")
                .op("BatchNormalization", "bn", "conv", "g", "b", "m", "v").op("Identity", "id", "bn")
                .op("Relu", "relu", "id").op("Sub", "sub", "relu", "c").op("Identity", "out", "sub").output("out")
                        .build();
    }

    @Test
    void theGeneralFlowLeavesTheFewestOperatorsAndKeepsNames() {
        Model m = model();
        Optimizer.Result r = Optimizer.general().run(m);
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1, "Relu", 1), ops(r.model()));
        assertEquals(List.of("out"), r.model().graph().outputs().stream().map(ValueInfo::name).toList());
        assertEquals(List.of("x"), r.model().graph().inputs().stream().map(ValueInfo::name).toList());
        Tiny.same(m, r.model());
    }

    @Test
    void runningAFlowTwiceChangesNothingMore() {
        Model once = Optimizer.pytorch().run(model()).model();
        Optimizer.Result twice = Optimizer.pytorch().run(once);
        assertEquals(once.graph().nodes().size(), twice.model().graph().nodes().size());
        assertEquals(0, twice.report().pass("simplify").changes());
    }

    @Test
    void passesAndRulesAreSkippedByName() {
        Model m = model();
        assertEquals(Map.of("BatchNormalization", 2, "Conv", 1, "Relu", 1),
                ops(Optimizer.general().withoutBnFusion().run(m).model()));
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1, "Identity", 2, "Relu", 1),
                ops(Optimizer.general().skipping(List.of("eliminate-identity")).run(m).model()));
        Optimizer.Result r = Optimizer.general().skipping(List.of("simplify")).run(m);
        assertEquals(null, r.report().pass("simplify"));
        assertEquals(6, r.model().graph().nodes().size());
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        KtcException e = assertThrows(KtcException.class, () -> Optimizer.general()
                .skipping(List.of("fuse-everything")));
        assertTrue(e.getMessage().startsWith("no pass or rule is named 'fuse-everything'; the general flow has ["),
                e.getMessage());
        assertTrue(e.getMessage().contains("fuse-bn-into-conv"), e.getMessage());
        assertThrows(KtcException.class, () -> Optimizer.general().skipping(List.of("resize-from-shape-arithmetic")));
        Optimizer.pytorch().skipping(List.of("resize-from-shape-arithmetic"));
    }

    @Test
    void theReportCountsNodesPassByPass() {
        Optimizer.Result r = Optimizer.general().run(model());
        List<PassReport> passes = r.report().passes();
        assertEquals(List.of("infer-shapes", "constant-folding", "simplify", "duplicate-shared-weights",
                "remove-unused-initializers"), passes.stream().map(PassReport::name).toList());
        for (int i = 1; i < passes.size(); i++) {
            assertEquals(passes.get(i - 1).nodesAfter(), passes.get(i).nodesBefore());
        }
        assertEquals(6, r.report().nodesBefore());
        assertEquals(3, r.report().nodesAfter());
        String table = r.report().format();
        assertTrue(table.startsWith("pass"), table);
        assertTrue(table.contains("fuse-bn-into-conv x1"), table);
        assertTrue(table.contains("eliminate-identity x2"), table);
        assertTrue(table.contains("(general flow)"), table);
    }

    @Test
    void theUpgradeRunsFirstWhenAsked() {
        Model old = new Tiny(9).input("x", 1, 3, 4, 4).op("Clip", "c", "x").attr("min", 0f).attr("max", 6f)
                .op("Identity", "y", "c").output("y").build();
        Optimizer.Result r = Optimizer.general().upgradingOpset().run(old);
        assertEquals(13, r.model().opset());
        assertEquals("upgrade-opset", r.report().passes().get(0).name());
        assertEquals(Map.of("Clip", 1), ops(r.model()));
        Tiny.same(old, r.model());
        assertEquals(9, Optimizer.general().run(old).model().opset());
    }

    @Test
    void theFlowsDescribeThemselves() {
        String text = Optimizer.pytorch().describe();
        assertTrue(text.startsWith("pytorch flow:"), text);
        for (String name : Optimizer.pytorch().names()) {
            assertTrue(text.contains(name), name);
        }
        assertTrue(Optimizer.pytorch().names().containsAll(Optimizer.general().names()));
    }

    @Test
    void theOptimizedModelDeclaresEveryIntermediateShape() {
        Model opt = Optimizer.general().run(model()).model();
        for (org.ktcj.ir.Node n : opt.graph().nodes()) {
            for (String out : n.outputs()) {
                if (!opt.graph().isOutput(out)) {
                    assertTrue(opt.graph().valueInfo().get(out).shape().isStatic(), out);
                }
            }
        }
    }

    @Test
    void anInconsistentModelIsAClearError() {
        Model bad = new Tiny(13).input("x", 1, 3, 4, 4).weight("w", 2, 5, 1, 1).op("Conv", "y", "x", "w").output("y")
                .build();
        KtcException e = assertThrows(KtcException.class, () -> Optimizer.general().run(bad));
        assertTrue(e.getMessage().startsWith("Conv node 'y': input has 3 channels"), e.getMessage());
    }

    @Test
    void sharedWeightsGetACopyPerLayer() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).weight("w", 3, 3, 1, 1).op("Conv", "a", "x", "w")
                .op("Conv", "y", "a", "w").output("y").build();
        Optimizer.Result r = Optimizer.general().run(m);
        assertEquals(2, r.model().graph().initializers().size());
        assertEquals(Map.of("weights copied", 1), r.report().pass("duplicate-shared-weights").counts());
        Tiny.same(m, r.model());
    }
}
