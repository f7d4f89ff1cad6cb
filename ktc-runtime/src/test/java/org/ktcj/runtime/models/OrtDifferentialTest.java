package org.ktcj.runtime.models;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
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
    static Stream<ReferenceModels.Case> models() {
        return ReferenceModels.cases(Map.of(
                "mobilenetv2-small", 224, "resnet-small", 224, "detector-small", 256, "mobilenetv2", 96,
                "resnet50", 64, "detector-resnet50", 96, "detector-mobilenetv2", 128));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void matchesOnnxRuntime(ReferenceModels.Case c) throws OrtException {
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
