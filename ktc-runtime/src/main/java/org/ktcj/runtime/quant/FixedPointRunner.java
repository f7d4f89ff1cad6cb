package org.ktcj.runtime.quant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.fx.FixedPointOperators;

/**
 * The fixed-point simulator (Kneron's "dynasty"): runs a {@link FixedPointModel}'s integer graph, float
 * tensors in and out. Integer operators are exact, so its results are the same for any thread count.
 */
public final class FixedPointRunner implements AutoCloseable {
    private final FixedPointModel model;
    private final Session session;

    /** @param threads threads per run (0: one per core) */
    public FixedPointRunner(FixedPointModel model, int threads) {
        this.model = model;
        this.session = Session.create(model.fixedModel(),
                new SessionOptions(threads, FixedPointOperators.registry()));
    }

    /** The outputs, dequantized to float32, by the float model's output names. */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return session.run(inputs);
    }

    /** The outputs' SNR against the float model: per output by name, and over all of them. */
    public record OutputSnr(Map<String, Snr> perOutput, Snr total) {
    }

    /** The outputs' SNR against the float model over the samples. */
    public OutputSnr outputSnr(List<Map<String, Tensor>> samples) {
        Map<String, Snr> out = new LinkedHashMap<>();
        Snr all = new Snr();
        try (Session reference = Session.create(model.floatModel(), SessionOptions.defaults().withThreads(1))) {
            for (Map<String, Tensor> sample : samples) {
                Map<String, Tensor> want = reference.run(sample);
                Map<String, Tensor> got = run(sample);
                for (Map.Entry<String, Tensor> e : want.entrySet()) {
                    Tensor f = e.getValue();
                    Snr s = out.computeIfAbsent(e.getKey(), k -> new Snr());
                    s.add(f.toFloatArray(), got.get(e.getKey()).toFloatArray(), f.size());
                }
            }
            out.values().forEach(all::add);
        }
        return new OutputSnr(out, all);
    }

    @Override
    public void close() {
        session.close();
    }
}
