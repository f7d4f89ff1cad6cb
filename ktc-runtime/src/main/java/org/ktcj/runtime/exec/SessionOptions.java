package org.ktcj.runtime.exec;

import org.ktcj.runtime.ops.OperatorRegistry;

/**
 * How a {@link Session} runs.
 *
 * @param threads  threads per run (0: one per core)
 * @param registry the operators the session may use
 */
public record SessionOptions(int threads, OperatorRegistry registry) {
    private static final OperatorRegistry STANDARD = OperatorRegistry.standard();

    /** All cores, the standard operators. */
    public static SessionOptions defaults() {
        return new SessionOptions(0, STANDARD);
    }

    public SessionOptions withThreads(int n) {
        return new SessionOptions(n, registry);
    }

    /** The shared registry of standard operators. */
    public static OperatorRegistry standardRegistry() {
        return STANDARD;
    }
}
