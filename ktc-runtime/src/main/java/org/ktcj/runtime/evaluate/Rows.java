package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Node;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.Placement;

/** The report's row for each node. */
final class Rows {
    private Rows() {
    }

    /** The row of an NPU layer: its own node, with the figures of the nodes fused into it. */
    static NodeEstimate layer(Step s, SramPlan.Traffic t, Cost c, HardwareParameters hw) {
        Work w = s.work();
        List<String> notes = new ArrayList<>(s.placement().notes());
        if (!w.known()) {
            notes.add("a shape is unknown: not costed");
        }
        if (!s.fused().isEmpty()) {
            notes.add("fused: " + String.join(", ", s.fused().stream().map(Rows::name).toList()));
        }
        return new NodeEstimate(name(s.root()), s.root().opType(), NodeType.NPU, name(s.root()), w.kind(), w.macs(),
                w.weightBytes(), t.inputBytes(), w.outputBytes(), t.dramReadBytes(), t.dramWriteBytes(),
                c.computeCycles(), c.memoryCycles(), c.cycles(), c.bound(), c.cycles() / (hw.clockMhz() * 1e3),
                List.of(), notes);
    }

    /** A node folded into the layer before it: its costs are that layer's. */
    static NodeEstimate fused(Node node, Placement p, Step into) {
        return new NodeEstimate(name(node), node.opType(), NodeType.FUSED, name(into.root()), into.work().kind(), 0,
                0, 0, 0, 0, 0, 0, 0, 0, Bound.NONE, 0, List.of(), p.notes());
    }

    /** A node on the CPU or nowhere: why not on the NPU; its MACs and sizes for information, no time. */
    static NodeEstimate offNpu(Step s, Placement p) {
        Work w = s.work();
        NodeType type = p.unit() == Placement.Unit.CPU ? NodeType.CPU : NodeType.UNSUPPORTED;
        return new NodeEstimate(name(s.root()), s.root().opType(), type, "", w.kind(), w.macs(), w.weightBytes(), 0,
                w.outputBytes(), 0, 0, 0, 0, 0, Bound.NONE, 0, p.violations(), p.notes());
    }

    /** The node's name, or for a node without one its first output's, in brackets. */
    static String name(Node node) {
        return !node.name().isEmpty() || node.outputs().isEmpty() ? node.name() : "[" + node.output(0) + "]";
    }
}
