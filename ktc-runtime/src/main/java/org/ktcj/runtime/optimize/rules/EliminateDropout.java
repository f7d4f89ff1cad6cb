package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Dropout(x) -> x} at inference, when its mask is not used and it is not in training mode (the
 * {@code training_mode} input of opset 12, absent or a constant false).
 */
public final class EliminateDropout extends NopRule {
    public EliminateDropout() {
        super("eliminate-dropout", "Dropout(x) -> x", "Dropout");
    }

    @Override
    int passedInput(Node n, GraphEditor g) {
        if (n.hasInput(2)) {
            Tensor training = g.knownValue(n.input(2));
            if (training == null || training.getDouble(0) != 0) {
                return -1;
            }
        }
        return 0;
    }
}
