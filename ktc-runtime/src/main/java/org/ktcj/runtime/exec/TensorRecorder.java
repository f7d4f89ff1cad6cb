package org.ktcj.runtime.exec;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/**
 * An observer that keeps copies of the tensors a run produces: all of them, or only the named ones, so
 * a caller holds no more than it asked for.
 */
public final class TensorRecorder implements TensorObserver {
    private final Predicate<String> wanted;
    private final Map<String, Tensor> recorded = Collections.synchronizedMap(new LinkedHashMap<>());

    private TensorRecorder(Predicate<String> wanted) {
        this.wanted = wanted;
    }

    /** Records every intermediate and output tensor. */
    public static TensorRecorder all() {
        return new TensorRecorder(name -> true);
    }

    /** Records only the named values. */
    public static TensorRecorder only(Collection<String> names) {
        Set<String> set = Set.copyOf(names);
        return new TensorRecorder(set::contains);
    }

    @Override
    public void onTensor(Node producer, String name, Tensor value) {
        if (wanted.test(name)) {
            recorded.put(name, value.copy());
        }
    }

    /** What was recorded, by value name, in the order produced. */
    public Map<String, Tensor> tensors() {
        synchronized (recorded) {
            return Collections.unmodifiableMap(new LinkedHashMap<>(recorded));
        }
    }

    public Tensor get(String name) {
        return recorded.get(name);
    }
}
