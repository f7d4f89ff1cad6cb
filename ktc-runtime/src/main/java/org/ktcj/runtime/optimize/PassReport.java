package org.ktcj.runtime.optimize;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one pass of a flow did.
 *
 * @param name        the pass
 * @param nodesBefore nodes in the graph when it started
 * @param nodesAfter  nodes when it ended
 * @param counts      how often each rewrite fired (by rule name), or what the pass counted, in order
 * @param notes       what the user must know or do (tail elimination lists the post-processing to add)
 */
public record PassReport(String name, int nodesBefore, int nodesAfter, Map<String, Integer> counts,
        List<String> notes) {
    public PassReport {
        counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        notes = List.copyOf(notes);
    }

    /** Total applications of every rewrite. */
    public int changes() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }
}
