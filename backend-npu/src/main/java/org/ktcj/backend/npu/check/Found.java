package org.ktcj.backend.npu.check;

/** What a {@link Ref} found on a node: a value, or why there is none. */
sealed interface Found {
    /** A value: a Double, String, Boolean, or a List of these. */
    record Some(Object value) implements Found {
    }

    /** No value, and why. */
    record Missing(Why why, String what) implements Found {
    }

    /** Why a value is missing; each one ends a check differently (see {@link Leaf}). */
    enum Why {
        /** Not in the node (an attribute or optional input left out): a default or {@code optional} applies. */
        ABSENT,
        /** An input the check needs the value of is computed at run time. */
        NOT_CONSTANT,
        /** A shape the check needs is not known. */
        UNKNOWN
    }

    static Found absent(String what) {
        return new Missing(Why.ABSENT, what);
    }

    static Found unknown(String what) {
        return new Missing(Why.UNKNOWN, what);
    }
}
