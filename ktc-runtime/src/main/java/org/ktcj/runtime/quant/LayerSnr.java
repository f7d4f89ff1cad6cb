package org.ktcj.runtime.quant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.exec.TensorRecorder;
import org.ktcj.runtime.fx.FixedPointOperators;

/**
 * The SNR of every quantized tensor against the float model's value of the same name, the fixed-point
 * model running end to end ("entire": each layer sees the quantized outputs of the layers before it).
 */
final class LayerSnr {
    private LayerSnr() {
    }

    /** Per float value name, in the float model's order, over the samples. */
    static Map<String, Snr> entire(FixedPointModel fx, List<Map<String, Tensor>> samples, int threads) {
        Map<String, Snr> out = new LinkedHashMap<>();
        fx.floatModel().graph().nodes().forEach(n -> n.outputs().forEach(o -> {
            if (fx.params().containsKey(fx.integerName(o))) {
                out.put(o, new Snr());
            }
        }));
        try (Session reference = Session.create(fx.floatModel(), SessionOptions.defaults().withThreads(threads));
             Session fixed = Session.create(fx.fixedModel(), new SessionOptions(threads,
                     FixedPointOperators.registry()))) {
            for (Map<String, Tensor> sample : samples) {
                TensorRecorder want = TensorRecorder.only(out.keySet());
                reference.run(sample, want);
                TensorRecorder got = TensorRecorder.only(out.keySet().stream().map(fx::integerName).toList());
                fixed.run(sample, got);
                for (Map.Entry<String, Snr> e : out.entrySet()) {
                    Tensor f = want.get(e.getKey());
                    Tensor q = got.get(fx.integerName(e.getKey()));
                    if (f != null && q != null && f.type() == DataType.FLOAT) {
                        e.getValue().add(f.floats(), dequantize(q, fx.params().get(fx.integerName(e.getKey()))),
                                f.size());
                    }
                }
            }
        }
        return out;
    }

    /** An integer tensor's real values: {@code q / (scale * 2^radix)}. */
    static float[] dequantize(Tensor q, QuantParams p) {
        float[] out = new float[q.size()];
        double factor = p.factor(0);
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (q.getDouble(i) / factor);
        }
        return out;
    }
}
