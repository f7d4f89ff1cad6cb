package org.ktcj.backend.npu.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a check found on one node.
 *
 * @param status pass, fail, or cannot tell (a shape the check needs is not known)
 * @param values the values that made it fail, by what they are ("strides[-1]" to "17"); empty on pass
 * @param detail one line on what was found and what was expected; empty on pass
 */
public record Outcome(Status status, Map<String, String> values, String detail) {
    /** Whether the node meets a check. */
    public enum Status { PASS, FAIL, UNKNOWN }

    static final Outcome PASS = new Outcome(Status.PASS, Map.of(), "");

    public Outcome {
        values = Map.copyOf(values);
    }

    static Outcome of(Status status, String subject, String actual, String detail) {
        return new Outcome(status, Map.of(subject, actual), detail);
    }

    public boolean passed() {
        return status == Status.PASS;
    }

    /** Every part must pass; the failures of all parts are reported. */
    static Outcome all(List<Outcome> parts) {
        List<Outcome> bad = parts.stream().filter(o -> !o.passed()).toList();
        if (bad.isEmpty()) {
            return PASS;
        }
        Status s = bad.stream().anyMatch(o -> o.status == Status.FAIL) ? Status.FAIL : Status.UNKNOWN;
        return new Outcome(s, merged(bad), bad.stream().map(Outcome::detail).collect(Collectors.joining("; ")));
    }

    /** One part must pass; when none does, why each failed. Unknown when an unknown part might pass. */
    static Outcome any(List<Outcome> parts) {
        if (parts.stream().anyMatch(Outcome::passed)) {
            return PASS;
        }
        Status s = parts.stream().anyMatch(o -> o.status == Status.UNKNOWN) ? Status.UNKNOWN : Status.FAIL;
        String detail = parts.size() == 1 ? parts.get(0).detail
                : parts.stream().map(o -> "(" + o.detail + ")").collect(Collectors.joining(" or ", "none holds: ", ""));
        return new Outcome(s, merged(parts), detail);
    }

    private static Map<String, String> merged(List<Outcome> parts) {
        Map<String, String> out = new LinkedHashMap<>();
        parts.forEach(o -> o.values.forEach(out::putIfAbsent));
        return out;
    }
}
