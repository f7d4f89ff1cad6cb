package org.ktcj.runtime.evaluate;

import java.util.List;
import java.util.Set;
import org.ktcj.ir.Node;
import org.ktcj.spi.chip.Placement;

/**
 * Which nodes the NPU applies in the output stage of the layer before them, as Kneron's compiler fuses
 * them: a BatchNormalization folds into the weights and bias of a convolution or dense layer, and an
 * activation is applied to the accumulators on their way out. A fused node costs nothing of its own
 * and its input never reaches memory.
 */
final class Fusion {
    /** Per-channel affine maps and activations the output stage applies. */
    private static final Set<String> FUSIBLE = Set.of("BatchNormalization", "Relu", "Clip", "LeakyRelu", "PRelu");

    private Fusion() {
    }

    /**
     * Whether {@code node} folds into {@code producer}, the step that made its first input.
     *
     * @param consumers how many nodes read that input
     * @param isModelOutput whether that input is an output of the model (then it must be written out)
     */
    static boolean fuses(Node node, Placement placement, Step producer, int consumers, boolean isModelOutput) {
        return placement.unit() == Placement.Unit.NPU && FUSIBLE.contains(node.opType()) && node.domain().isEmpty()
                && producer != null && producer.onNpu() && producer.work().kind().usesMacArray()
                && producer.outputs().equals(List.of(node.input(0))) && consumers == 1 && !isModelOutput;
    }
}
