package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Node;
import org.ktcj.spi.chip.Placement;

/**
 * One thing the chip does, in model order: an NPU layer (a node with the nodes fused into it) or a node
 * off the NPU.
 */
final class Step {
    private final Node root;
    private final Placement placement;
    private final Work work;
    private final List<String> inputs;
    private final List<Node> fused = new ArrayList<>();
    private List<String> outputs;

    /**
     * @param inputs the feature maps it reads: the node's inputs that are not constants
     */
    Step(Node root, Placement placement, Work work, List<String> inputs) {
        this.root = root;
        this.placement = placement;
        this.work = work;
        this.inputs = List.copyOf(inputs);
        this.outputs = root.outputs().stream().filter(o -> !o.isEmpty()).toList();
    }

    Node root() {
        return root;
    }

    Placement placement() {
        return placement;
    }

    Work work() {
        return work;
    }

    boolean onNpu() {
        return placement.unit() == Placement.Unit.NPU;
    }

    List<String> inputs() {
        return inputs;
    }

    /** The values the step leaves: its last fused node's outputs. */
    List<String> outputs() {
        return outputs;
    }

    List<Node> fused() {
        return fused;
    }

    /** Folds a node that reads this step's only output into it; the step now leaves that node's outputs. */
    void fuse(Node node) {
        fused.add(node);
        outputs = node.outputs().stream().filter(o -> !o.isEmpty()).toList();
    }
}
