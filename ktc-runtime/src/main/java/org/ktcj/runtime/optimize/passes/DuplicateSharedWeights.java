package org.ktcj.runtime.optimize.passes;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.GraphPass;
import org.ktcj.runtime.optimize.PassLog;

/**
 * Gives each weight slot its own initializer when one initializer feeds the weights of several nodes
 * (Conv, ConvTranspose, Gemm, MatMul, BatchNormalization, PRelu): the compiler packs weights per layer
 * and quantizes them per layer, so a shared tensor is copied for each reader after the first (Kneron's
 * {@code duplicate_shared_weights} level 1).
 */
public final class DuplicateSharedWeights implements GraphPass {
    private static final Set<String> WEIGHTED = Set.of("Conv", "ConvTranspose", "Gemm", "MatMul",
            "BatchNormalization", "PRelu");

    @Override
    public String name() {
        return "duplicate-shared-weights";
    }

    @Override
    public String summary() {
        return "copy an initializer shared by the weights of several layers, one per layer";
    }

    @Override
    public void run(GraphEditor graph, PassLog log) {
        Set<String> seen = new HashSet<>();
        int copies = 0;
        for (Node n : graph.nodes()) {
            if (!WEIGHTED.contains(n.opType()) || !n.domain().isEmpty()) {
                continue;
            }
            List<String> ins = new ArrayList<>(n.inputs());
            boolean changed = false;
            for (int i = 1; i < ins.size(); i++) {
                String w = ins.get(i);
                Tensor t = graph.initializer(w);
                if (t != null && !seen.add(w)) {
                    ins.set(i, graph.addInitializer(w + "_copy", t));
                    changed = true;
                    copies++;
                }
            }
            if (changed) {
                graph.replace(n, n.toBuilder().inputs(ins).build());
            }
        }
        log.count("weights copied", copies);
    }
}
