package org.ktcj.cli;

import java.util.Map;
import org.ktcj.ir.Tensor;

/** An inference engine as {@code ktc bench} times it: inputs are prepared once, then runs repeat. */
interface BenchEngine extends AutoCloseable {
    /** The name in the table. */
    String name();

    /** One inference on the prepared inputs: the part that is timed. */
    void run();

    /** The outputs of one more inference, by name, to compare engines. */
    Map<String, Tensor> outputs();

    @Override
    void close();
}
