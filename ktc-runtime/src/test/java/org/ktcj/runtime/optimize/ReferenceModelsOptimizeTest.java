package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktcj.runtime.models.OrtRunner;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.models.ReferenceModels;

/**
 * The test-built MobileNetV2-, ResNet- and detector-shaped models (BatchNormalization after every
 * convolution, Clip as ReLU6, Reshape, Transpose, Concat, Resize) through both flows: no BN or Identity
 * is left, the outputs and their names are the original's (simulator within 1e-5, and ONNX Runtime on
 * the optimized model as exported).
 */
class ReferenceModelsOptimizeTest {
    record Case(String name, Supplier<Model> model) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> models() {
        return Stream.of(
                new Case("mobilenetv2-small-96-op13", () -> ReferenceModels.mobileNetV2Small(96, 13)),
                new Case("mobilenetv2-small-96-op11", () -> ReferenceModels.mobileNetV2Small(96, 11)),
                new Case("resnet-small-64-op13", () -> ReferenceModels.resNetSmall(64, 13)),
                new Case("detector-small-128-op13", () -> ReferenceModels.detectorSmall(128, 13)),
                new Case("detector-small-128-op11", () -> ReferenceModels.detectorSmall(128, 11)),
                new Case("mobilenetv2-64-op13", () -> ReferenceModels.mobileNetV2(64, 13)),
                new Case("resnet50-64-op11", () -> ReferenceModels.resNet50(64, 11)),
                new Case("detector-resnet50-64-op13", () -> ReferenceModels.detectorResNet50(64, 13)),
                new Case("detector-mobilenetv2-64-op11", () -> ReferenceModels.detectorMobileNetV2(64, 11)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void bothFlowsKeepTheNumbers(Case c) throws Exception {
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
