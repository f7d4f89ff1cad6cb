package org.ktcj.runtime.optimize.passes;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.GraphPass;
import org.ktcj.runtime.optimize.NodeForms;
import org.ktcj.runtime.optimize.PassLog;

/**
 * Removes trailing operators that do no arithmetic the NPU needs (Reshape, Transpose, Flatten, Squeeze,
 * Unsqueeze, Softmax, Identity, Dropout) from the graph's ends, repeatedly: a graph output such a node
 * writes, with no other reader, is replaced by the node's input. This changes the model's outputs, so
 * each removal is noted with the new output's name and what post-processing must now do.
 */
public final class EliminateTail implements GraphPass {
    private static final Set<String> TAIL = Set.of("Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze",
            "Softmax", "Identity", "Dropout");

    @Override
    public String name() {
        return "eliminate-tail";
    }

    @Override
    public String summary() {
        return "remove trailing Reshape, Transpose, Flatten, Squeeze, Unsqueeze, Softmax (the outputs change)";
    }

    @Override
    public void run(GraphEditor graph, PassLog log) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < graph.outputs().size() && !changed; i++) {
                changed = removeTail(graph, i, log);
            }
        }
    }

    private static boolean removeTail(GraphEditor g, int index, PassLog log) {
        String out = g.outputs().get(index).name();
        Node n = g.producer(out);
        if (n == null || !n.domain().isEmpty() || !TAIL.contains(n.opType()) || !g.consumers(out).isEmpty()
                || g.readBySubgraph(out) || g.producer(n.input(0)) == null) {
            return false;
        }
        String in = n.input(0);
        for (int k = 1; k < n.outputs().size(); k++) {
            if (!n.output(k).isEmpty() && g.isUsed(n.output(k))) {
                return false;
            }
        }
        String instruction = instruction(n, g);
        g.removeExposingInput(n);
        log.count(n.opType() + " removed", 1);
        log.note("output '" + out + "' is now '" + in + "' (" + n.describe() + " removed); post-processing must "
                + instruction);
        return true;
    }

    /** What the removed node did, as an instruction for the post-processing that replaces it. */
    private static String instruction(Node n, GraphEditor g) {
        Shape to = g.shape(n.output(0));
        String result = to == null ? "" : " (giving shape " + to + ")";
        return switch (n.opType()) {
            case "Reshape", "Squeeze", "Unsqueeze" -> {
                long[] axes = n.opType().equals("Reshape") ? null : NodeForms.axes(n, g);
                yield n.opType().toLowerCase(Locale.ROOT)
                        + (axes == null ? "" : " axes " + Arrays.toString(axes)) + result;
            }
            case "Flatten" -> "flatten from axis " + n.attrInt("axis", 1) + result;
            case "Transpose" -> "transpose with perm " + Arrays.toString(n.attrInts("perm", null))
                    .replace("null", "reversed") + result;
            case "Softmax" -> "apply softmax over axis " + n.attrInt("axis", g.opsetAtLeast(13) ? -1 : 1)
                    + (g.opsetAtLeast(13) ? "" : " (opset " + g.opset() + ": over all axes from it on, flattened)");
            default -> "do nothing (" + n.opType() + " passed its input through)";
        };
    }
}
