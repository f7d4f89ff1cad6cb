package org.ktcj.runtime.optimize;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a flow did to a model: one {@link PassReport} per pass that ran, in order.
 *
 * @param flow   the flow's name ("general", "pytorch")
 * @param passes the passes that ran
 */
public record OptimizeReport(String flow, List<PassReport> passes) {
    public OptimizeReport {
        passes = List.copyOf(passes);
    }

    /** Nodes before the first pass. */
    public int nodesBefore() {
        return passes.isEmpty() ? 0 : passes.get(0).nodesBefore();
    }

    /** Nodes after the last pass. */
    public int nodesAfter() {
        return passes.isEmpty() ? 0 : passes.get(passes.size() - 1).nodesAfter();
    }

    /** The report of the named pass, or null when it did not run. */
    public PassReport pass(String name) {
        return passes.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** Every note of every pass. */
    public List<String> notes() {
        return passes.stream().flatMap(p -> p.notes().stream()).toList();
    }

    /**
     * A table, one row per pass: nodes before and after, then what fired and how often; the notes
     * follow.
     */
    public String format() {
        StringBuilder sb = new StringBuilder();
        int width = Math.max(24, passes.stream().mapToInt(p -> p.name().length()).max().orElse(0) + 2);
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %7s %7s  %s%n", "pass", "before", "after", "changes"));
        for (PassReport p : passes) {
            StringBuilder changes = new StringBuilder();
            for (Map.Entry<String, Integer> e : p.counts().entrySet()) {
                changes.append(changes.length() == 0 ? "" : ", ").append(e.getKey()).append(" x").append(e.getValue());
            }
            sb.append(String.format(Locale.ROOT, "%-" + width + "s %7d %7d  %s%n", p.name(), p.nodesBefore(),
                    p.nodesAfter(), changes.length() == 0 ? "-" : changes));
        }
        sb.append(String.format(Locale.ROOT, "%-" + width + "s %7d %7d%n", "(" + flow + " flow)", nodesBefore(),
                nodesAfter()));
        for (String note : notes()) {
            sb.append("note: ").append(note).append(System.lineSeparator());
        }
        return sb.toString();
    }
}
