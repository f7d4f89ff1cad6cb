package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What one pass did: how often each of its rewrites fired, and notes for the user. */
public final class PassLog {
    private final Map<String, Integer> counts = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    /** Records {@code n} more applications of {@code what} (a rule's name, or what the pass changed). */
    public void count(String what, int n) {
        if (n > 0) {
            counts.merge(what, n, Integer::sum);
        }
    }

    /** A note for the user: something they must act on, or why a rewrite stopped. */
    public void note(String message) {
        notes.add(message);
    }

    /** The counts, in the order they were first recorded. */
    Map<String, Integer> counts() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(counts));
    }

    List<String> notes() {
        return List.copyOf(notes);
    }
}
