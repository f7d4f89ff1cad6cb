package org.ktcj.runtime.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

/**
 * Whole models against ONNX Runtime: each {@link ReferenceModels} model is exported to ONNX bytes, run
 * by ONNX Runtime and by the float simulator (one and two threads) on the same random input, and
 * every output is compared (see {@link OutputCheck}). The full-size architectures run at small input
 * sizes to keep the suite quick; the benchmarks run them at 224.
 */
class OrtDifferentialTest {
    /** A named model to build. */
    record Case(String name, Supplier<Model> model) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> models() {
        return Stream.of(
                new Case("mobilenetv2-small-224-op13", () -> ReferenceModels.mobileNetV2Small(224, 13)),
                new Case("mobilenetv2-small-224-op11", () -> ReferenceModels.mobileNetV2Small(224, 11)),
                new Case("resnet-small-224-op13", () -> ReferenceModels.resNetSmall(224, 13)),
                new Case("detector-small-256-op13", () -> ReferenceModels.detectorSmall(256, 13)),
                new Case("detector-small-256-op11", () -> ReferenceModels.detectorSmall(256, 11)),
                new Case("mobilenetv2-96-op13", () -> ReferenceModels.mobileNetV2(96, 13)),
                new Case("resnet50-64-op11", () -> ReferenceModels.resNet50(64, 11)),
                new Case("detector-resnet50-96-op13", () -> ReferenceModels.detectorResNet50(96, 13)),
                new Case("detector-mobilenetv2-128-op11", () -> ReferenceModels.detectorMobileNetV2(128, 11)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void matchesOnnxRuntime(Case c) throws OrtException {
        Model model = c.model().get();
        Map<String, Tensor> inputs = randomInputs(model, 7);
        Map<String, Tensor> expected = runOnnxRuntime(OnnxExporter.toBytes(model), inputs);
        for (int threads : new int[] {1, 2}) {
            try (Session session = Session.create(model, SessionOptions.defaults().withThreads(threads))) {
                Map<String, Tensor> actual = session.run(inputs);
                assertEquals(expected.keySet(), actual.keySet(), c + ": output names");
                for (Map.Entry<String, Tensor> e : expected.entrySet()) {
                    Tensor want = e.getValue();
                    String label = c + " [" + threads + " thread(s)] output '" + e.getKey() + "' vs ONNX Runtime";
                    OutputCheck.assertClose(label, want.shape(), want.floats(), actual.get(e.getKey()));
                }
            }
        }
    }

    /** Standard normal values for every input, from a fixed seed. */
    static Map<String, Tensor> randomInputs(Model model, long seed) {
        Random r = new Random(seed);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ValueInfo in : model.graph().inputs()) {
            int[] shape = in.shape().toIntArray();
            float[] v = new float[Tensor.elementCount(shape)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian();
            }
            inputs.put(in.name(), Tensor.of(v, shape));
        }
        return inputs;
    }

    /** ONNX Runtime's outputs (all its graph optimizations, two threads), in the model's output order. */
    private static Map<String, Tensor> runOnnxRuntime(byte[] model, Map<String, Tensor> inputs) throws OrtException {
        return OrtRunner.run(model, inputs, OrtSession.SessionOptions.OptLevel.ALL_OPT);
    }
}
