package org.ktcj.runtime.evaluate;

import org.ktcj.KtcException;

/**
 * A model with a node neither the NPU nor the CPU of the chip runs. The message is Kneron's error for
 * the first such node, "Invalid program input: undefined CPU op [OP] of node [NODE]: ...", with the
 * rule it broke; the full report, with every node, comes with it.
 */
public final class UnsupportedNodeException extends KtcException {
    private static final long serialVersionUID = 1L;

    private final transient EvaluationReport report;

    UnsupportedNodeException(String message, EvaluationReport report) {
        super(message);
        this.report = report;
    }

    /** The report of the whole model, the unsupported nodes included. */
    public EvaluationReport report() {
        return report;
    }
}
