package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.models.OrtRunner;
import org.ktcj.runtime.models.ReferenceModels;

/**
 * The test-built MobileNetV2-, ResNet- and detector-shaped models (BatchNormalization after every
 * convolution, Clip as ReLU6, Reshape, Transpose, Concat, Resize) through both flows: no BN or Identity
 * is left, the outputs and their names are the original's (simulator within 1e-5, and ONNX Runtime on
 * the optimized model as exported).
 */
class ReferenceModelsOptimizeTest {
    static Stream<ReferenceModels.Case> models() {
        return ReferenceModels.cases(Map.of(
                "mobilenetv2-small", 96, "resnet-small", 64, "detector-small", 128, "mobilenetv2", 64,
                "resnet50", 64, "detector-resnet50", 64, "detector-mobilenetv2", 64));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void bothFlowsKeepTheNumbers(ReferenceModels.Case c) throws Exception {
        Model m = c.model().get();
        Map<String, Tensor> inputs = SameOutputs.randomInputs(m, 17);
        Map<String, Tensor> before = SameOutputs.run(m, inputs);
        for (Optimizer flow : new Optimizer[] {Optimizer.general(), Optimizer.pytorch()}) {
            Optimizer.Result r = flow.run(m);
            Model opt = r.model();
            for (Node n : opt.graph().nodes()) {
                assertTrue(!Set.of("BatchNormalization", "Identity").contains(n.opType()), c + ": " + n + " is left");
            }
            assertEquals(m.graph().outputs().stream().map(ValueInfo::name).toList(),
                    opt.graph().outputs().stream().map(ValueInfo::name).toList());
            double diff = SameOutputs.assertSame(c.name(), before, opt, inputs);
            Map<String, Tensor> ort = OrtRunner.run(opt, inputs);
            for (Map.Entry<String, Tensor> e : before.entrySet()) {
                // ONNX Runtime against the simulator: two implementations, so their usual agreement (1e-4).
                Tensor got = ort.get(e.getKey());
                double rel = maxAbsDiff(e.getValue(), got) / maxAbs(e.getValue());
                assertTrue(rel <= 1e-4, c + " ONNX Runtime output " + e.getKey() + ": " + rel);
            }
            System.out.printf("%s (%s flow): %d -> %d nodes, max relative difference %.2e%n", c, r.report().flow(),
                    m.graph().nodes().size(), opt.graph().nodes().size(), diff);
        }
    }

    private static double maxAbsDiff(Tensor a, Tensor b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.getDouble(i) - b.getDouble(i)));
        }
        return m;
    }

    private static double maxAbs(Tensor a) {
        double m = Float.MIN_NORMAL;
        for (int i = 0; i < a.size(); i++) {
            m = Math.max(m, Math.abs(a.getDouble(i)));
        }
        return m;
    }
}
