package org.ktcj.runtime.ops;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * What a kernel derives from its input shape, kept while the shape stays (when its weights are
 * constants). Shape and plan are published together, so concurrent runs never pair one shape's key
 * with another's plan.
 *
 * @param <P> the plan
 */
public final class PlanCache<P> {
    private record Entry<P>(int[] shape, P plan) {
    }

    private volatile Entry<P> entry;

    /** The plan for {@code shape}: the kept one when the shape matches, else a new one, kept if {@code cacheable}. */
    public P get(int[] shape, boolean cacheable, Supplier<P> make) {
        Entry<P> e = entry;
        if (e != null && Arrays.equals(e.shape(), shape)) {
            return e.plan();
        }
        P p = make.get();
        if (cacheable) {
            entry = new Entry<>(shape.clone(), p);
        }
        return p;
    }
}
