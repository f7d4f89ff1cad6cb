package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ktcj.ir.Node;

/**
 * A pass that applies rewrite rules to a fixed point: sweeps over the nodes in topological order,
 * trying on each node of the ONNX domain the rules that target its op type, in their declared order,
 * until a whole sweep changes nothing. A rule that fires moves the sweep on to the next node; what it
 * made is visited in the next sweep.
 */
public final class RuleSet implements GraphPass {
    /** Sweeps before giving up: far more than any real graph needs, so hitting it means rules fight. */
    static final int MAX_SWEEPS = 100;

    private final String name;
    private final String summary;
    private final List<RewriteRule> rules;

    public RuleSet(String name, String summary, List<RewriteRule> rules) {
        this.name = name;
        this.summary = summary;
        this.rules = List.copyOf(rules);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    /** The rules, in the order they are tried on a node. */
    public List<RewriteRule> rules() {
        return rules;
    }

    /** The same set without the rules named in {@code skip}. */
    public RuleSet without(Set<String> skip) {
        return new RuleSet(name, summary, rules.stream().filter(r -> !skip.contains(r.name())).toList());
    }

    @Override
    public void run(GraphEditor graph, PassLog log) {
        Map<String, List<RewriteRule>> byType = new HashMap<>();
        List<RewriteRule> everyType = new ArrayList<>();
        for (RewriteRule r : rules) {
            if (r.targetOpTypes().isEmpty()) {
                everyType.add(r);
            }
        }
        for (int sweep = 1; sweep <= MAX_SWEEPS; sweep++) {
            graph.sortNodes();
            if (sweep > 1) {
                // Facts stay true across rewrites but may have become incomplete: a rewritten node can
                // make a shape downstream known. Each sweep starts from complete ones.
                graph.invalidateFacts();
            }
            boolean changed = false;
            for (Node n : graph.nodes()) {
                // Rules know the ONNX operators only; other domains' nodes are left as they are.
                if (!n.domain().isEmpty() || !graph.contains(n)) {
                    continue;
                }
                for (RewriteRule r : byType.computeIfAbsent(n.opType(), t -> applicable(t, everyType))) {
                    if (r.condition(n, graph) && r.apply(n, graph)) {
                        log.count(r.name(), 1);
                        changed = true;
                        break;
                    }
                }
            }
            if (!changed) {
                return;
            }
        }
        log.note(name + ": stopped after " + MAX_SWEEPS + " sweeps with rules still firing");
    }

    /** The rules tried on nodes of the op type, in declared order. */
    private List<RewriteRule> applicable(String opType, List<RewriteRule> everyType) {
        List<RewriteRule> out = new ArrayList<>();
        for (RewriteRule r : rules) {
            if (everyType.contains(r) || r.targetOpTypes().contains(opType)) {
                out.add(r);
            }
        }
        return out;
    }
}
