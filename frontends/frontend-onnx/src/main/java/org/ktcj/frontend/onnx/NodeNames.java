package org.ktcj.frontend.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ktcj.frontend.onnx.proto.OnnxProto.NodeProto;

/**
 * Unique, non-empty node names for one graph, as the IR requires and ONNX does not: an unnamed node
 * becomes {@code <OpType>_<n>}, a repeated name {@code <name>__<n>}, never clashing with a name the
 * file already uses.
 */
final class NodeNames {
    private NodeNames() {
    }

    /** The names for the nodes, in order. */
    static List<String> unique(List<NodeProto> nodes) {
        Set<String> taken = new HashSet<>();
        for (NodeProto n : nodes) {
            if (!n.getName().isEmpty()) {
                taken.add(n.getName());
            }
        }
        Set<String> kept = new HashSet<>();
        Map<String, Integer> nextSuffix = new HashMap<>();
        List<String> names = new ArrayList<>(nodes.size());
        for (NodeProto n : nodes) {
            String name = n.getName();
            if (name.isEmpty()) {
                name = fresh(n.getOpType() + "_", 0, taken, nextSuffix);
            } else if (!kept.add(name)) {
                name = fresh(name + "__", 1, taken, nextSuffix);
            }
            names.add(name);
        }
        return names;
    }

    private static String fresh(String prefix, int first, Set<String> taken, Map<String, Integer> nextSuffix) {
        int k = nextSuffix.getOrDefault(prefix, first);
        while (taken.contains(prefix + k)) {
            k++;
        }
        nextSuffix.put(prefix, k + 1);
        taken.add(prefix + k);
        return prefix + k;
    }
}
