package org.ktcj.cli;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/**
 * ONNX Runtime (its Java API, CPU provider) as a {@link BenchEngine}: all graph optimizations, the same
 * number of intra-op threads as ktc. Only loaded when ONNX Runtime's jar is on the class path.
 *
 * <p>Tensors cross as raw bytes: ONNX Runtime's buffers are in native order, which is little-endian on
 * every platform it ships for, as is the tensors' raw encoding.
 */
final class OrtEngine implements BenchEngine {
    private final OrtSession session;
    private final Map<String, OnnxTensor> inputs = new LinkedHashMap<>();

    /** @throws KtcException when ONNX Runtime cannot load the model or take an input's type */
    OrtEngine(Path model, int threads, Map<String, Tensor> inputs) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(threads);
                options.setOptimizationLevel(OptLevel.ALL_OPT);
                session = env.createSession(model.toString(), options);
            }
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                Tensor t = e.getValue();
                long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
                ByteBuffer data = ByteBuffer.allocateDirect(t.size() * t.type().byteSize());
                data.put(t.toRawBytes()).rewind();
                this.inputs.put(e.getKey(), OnnxTensor.createTensor(env, data, shape, javaType(e.getKey(), t.type())));
            }
        } catch (OrtException e) {
            close();
            throw new KtcException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "ONNX Runtime";
    }

    @Override
    public void run() {
        try {
            session.run(inputs).close(); // only the time matters: free the outputs at once
        } catch (OrtException e) {
            throw new KtcException("ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public Map<String, Tensor> outputs() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (OrtSession.Result r = session.run(inputs)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                if (e.getValue() instanceof OnnxTensor t) {
                    DataType type = dataType(t.getInfo().type);
                    if (type != null) {
                        int[] shape = Arrays.stream(t.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
                        out.put(e.getKey(), Tensor.fromRaw(type, shape, t.getByteBuffer()));
                    }
                }
            }
        } catch (OrtException e) {
            throw new KtcException("ONNX Runtime: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public void close() {
        inputs.values().forEach(OnnxTensor::close);
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException ignored) {
            // closing frees native memory; nothing to tell the user
        }
    }

    private static OnnxJavaType javaType(String input, DataType t) {
        return switch (t) {
            case FLOAT -> OnnxJavaType.FLOAT;
            case DOUBLE -> OnnxJavaType.DOUBLE;
            case FLOAT16 -> OnnxJavaType.FLOAT16;
            case BFLOAT16 -> OnnxJavaType.BFLOAT16;
            case INT8 -> OnnxJavaType.INT8;
            case UINT8 -> OnnxJavaType.UINT8;
            case INT16 -> OnnxJavaType.INT16;
            case INT32 -> OnnxJavaType.INT32;
            case INT64 -> OnnxJavaType.INT64;
            case BOOL -> OnnxJavaType.BOOL;
            default -> throw new KtcException("ONNX Runtime's Java API takes no " + t.displayName()
                    + " tensors (input '" + input + "')");
        };
    }

    private static DataType dataType(OnnxJavaType t) {
        return switch (t) {
            case FLOAT -> DataType.FLOAT;
            case DOUBLE -> DataType.DOUBLE;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOL;
            default -> null;
        };
    }
}
