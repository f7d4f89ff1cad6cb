package org.ktcj.ir;

/**
 * One dimension of a value's shape: a known size, a named symbol ("batch", "N"), or unknown.
 *
 * @param size   the size, or -1 when not known
 * @param symbol the symbolic name when the size is not known, else null
 */
public record Dim(long size, String symbol) {
    private static final Dim UNKNOWN = new Dim(-1, null);

    public Dim {
        if (size < -1) {
            throw new IllegalArgumentException("negative dimension " + size);
        }
        if (size >= 0) {
            symbol = null;
        }
    }

    public static Dim of(long size) {
        return new Dim(size, null);
    }

    public static Dim symbol(String name) {
        return name == null || name.isEmpty() ? UNKNOWN : new Dim(-1, name);
    }

    public static Dim unknown() {
        return UNKNOWN;
    }

    public boolean isKnown() {
        return size >= 0;
    }

    @Override
    public String toString() {
        return size >= 0 ? Long.toString(size) : symbol != null ? symbol : "?";
    }
}
