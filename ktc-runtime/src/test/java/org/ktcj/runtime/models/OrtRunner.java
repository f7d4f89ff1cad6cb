package org.ktcj.runtime.models;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;

/** Runs a model in ONNX Runtime, the oracle of the tests (float inputs and outputs, two threads). */
public final class OrtRunner {
    private OrtRunner() {
    }

    /**
     * The model as the ONNX exporter writes it, without ONNX Runtime's graph optimizations: its own
     * fusions would blur what a test compares.
     */
    public static Map<String, Tensor> run(Model model, Map<String, Tensor> inputs) throws OrtException {
        return run(OnnxExporter.toBytes(model), inputs, OrtSession.SessionOptions.OptLevel.NO_OPT);
    }

    /** ONNX model bytes at the given optimization level; outputs in the model's output order. */
    public static Map<String, Tensor> run(byte[] onnx, Map<String, Tensor> inputs, OrtSession.SessionOptions.OptLevel level)
            throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.setOptimizationLevel(level);
            try (OrtSession session = env.createSession(onnx, options)) {
                for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                    long[] shape = Arrays.stream(e.getValue().shape()).asLongStream().toArray();
                    float[] v = e.getValue().castTo(DataType.FLOAT).toFloatArray();
                    feeds.put(e.getKey(), OnnxTensor.createTensor(env, FloatBuffer.wrap(v), shape));
                }
                Map<String, Tensor> out = new LinkedHashMap<>();
                try (OrtSession.Result result = session.run(feeds)) {
                    for (Map.Entry<String, OnnxValue> e : result) {
                        OnnxTensor t = (OnnxTensor) e.getValue();
                        int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
                        FloatBuffer data = t.getFloatBuffer();
                        float[] values = new float[data.remaining()];
                        data.get(values);
                        out.put(e.getKey(), Tensor.of(values, shape));
                    }
                }
                return out;
            } finally {
                feeds.values().forEach(OnnxTensor::close);
            }
        }
    }
}
