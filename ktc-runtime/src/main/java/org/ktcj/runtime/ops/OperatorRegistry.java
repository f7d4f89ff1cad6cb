package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.ktcj.ir.Node;

/**
 * The operators the simulator knows, keyed by (domain, op type, first opset version). A lookup takes
 * the entry with the highest first version not above the model's opset.
 */
public final class OperatorRegistry {
    private final Map<String, TreeMap<Integer, Operator>> entries = new TreeMap<>();

    /** The registry with every standard operator ({@link StandardOperators}). */
    public static OperatorRegistry standard() {
        OperatorRegistry r = new OperatorRegistry();
        StandardOperators.registerAll(r);
        return r;
    }

    /** Registers {@code op} for the default domain from opset {@code sinceVersion} on. */
    public OperatorRegistry register(String opType, int sinceVersion, Operator op) {
        return register(Node.ONNX_DOMAIN, opType, sinceVersion, op);
    }

    public OperatorRegistry register(String domain, String opType, int sinceVersion, Operator op) {
        TreeMap<Integer, Operator> versions = entries.computeIfAbsent(key(domain, opType), k -> new TreeMap<>());
        if (versions.putIfAbsent(sinceVersion, op) != null) {
            throw new IllegalStateException(opType + " since opset " + sinceVersion + " is registered twice");
        }
        return this;
    }

    /** The operator for the node at the model's opset, or null when none is registered. */
    public Operator find(Node node, int opset) {
        TreeMap<Integer, Operator> versions = entries.get(key(node.domain(), node.opType()));
        if (versions == null) {
            return null;
        }
        Map.Entry<Integer, Operator> e = versions.floorEntry(opset <= 0 ? Integer.MAX_VALUE : opset);
        return e == null ? null : e.getValue();
    }

    /** Op types registered for the domain, sorted. */
    public List<String> opTypes(String domain) {
        List<String> out = new ArrayList<>();
        String prefix = domain + "::";
        for (String k : entries.keySet()) {
            if (k.startsWith(prefix)) {
                out.add(k.substring(prefix.length()));
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static String key(String domain, String opType) {
        return (domain == null ? "" : domain) + "::" + opType;
    }
}
