package org.ktcj.runtime.quant;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

/**
 * Runs the float model over the calibration inputs and keeps a {@link RangeHistogram} of every float
 * tensor: the model's inputs and every value a node computes. Inputs are spread over threads, each run
 * on one thread; each thread keeps its own histograms, merged at the end (exactly, so the result does not
 * depend on the thread count). Memory is one histogram per tensor and thread, whatever the input count.
 */
public final class Calibration {
    private Calibration() {
    }

    /**
     * @param samples  one map of input name to tensor per calibration input, already checked
     * @param threads  runs at a time (at least 1)
     * @param progress told the number of inputs done after each one (from any thread)
     * @return the histograms by tensor name
     */
    public static Map<String, RangeHistogram> run(Model model, List<Map<String, Tensor>> samples, int threads,
                                                  IntConsumer progress) {
        int workers = Math.max(1, Math.min(threads, samples.size()));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        List<Future<Map<String, RangeHistogram>>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "ktc-calibration");
            t.setDaemon(true);
            return t;
        });
        try (Session session = Session.create(model, SessionOptions.defaults().withThreads(1))) {
            for (int w = 0; w < workers; w++) {
                results.add(pool.submit(() -> {
                    Map<String, RangeHistogram> seen = new HashMap<>();
                    for (int i = next.getAndIncrement(); i < samples.size(); i = next.getAndIncrement()) {
                        Map<String, Tensor> sample = samples.get(i);
                        sample.forEach((name, value) -> observe(seen, name, value));
                        try {
                            session.run(sample, (node, name, value) -> observe(seen, name, value));
                        } catch (KtcException e) {
                            throw new KtcException("calibration input " + i + ": " + e.getMessage(), e);
                        }
                        progress.accept(done.incrementAndGet());
                    }
                    return seen;
                }));
            }
            Map<String, RangeHistogram> merged = new HashMap<>();
            for (Future<Map<String, RangeHistogram>> f : results) {
                f.get().forEach((name, h) -> merged.computeIfAbsent(name, n -> new RangeHistogram()).merge(h));
            }
            return merged;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new KtcException("calibration failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KtcException("calibration was interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void observe(Map<String, RangeHistogram> seen, String name, Tensor value) {
        if (value.type() != DataType.FLOAT) {
            return;
        }
        float[] data = value.floats();
        int n = value.size();
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(data[i])) {
                throw new KtcException("tensor '" + name + "' holds " + data[i] + " at element " + i
                        + ": the model computes a non-finite value on this input");
            }
        }
        seen.computeIfAbsent(name, x -> new RangeHistogram()).add(data, n);
    }
}
