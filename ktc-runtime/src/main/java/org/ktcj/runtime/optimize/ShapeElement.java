package org.ktcj.runtime.optimize;

import org.ktcj.ir.Dim;

/**
 * One element of a small integer tensor (a shape, an index) as far as it is known before the model
 * runs: a number (negative ones included: -1 in a Reshape target), a symbol of the graph that stands
 * for an unknown size ("batch"), or nothing.
 *
 * @param value  the number, or null
 * @param symbol the symbol when the number is not known, else null
 */
public record ShapeElement(Long value, String symbol) {
    private static final ShapeElement UNKNOWN = new ShapeElement(null, null);

    public static ShapeElement of(long value) {
        return new ShapeElement(value, null);
    }

    public static ShapeElement unknown() {
        return UNKNOWN;
    }

    /** The element a dimension of a shape is: its size, or its symbol. */
    public static ShapeElement of(Dim d) {
        return d.isKnown() ? of(d.size()) : d.symbol() == null ? UNKNOWN : new ShapeElement(null, d.symbol());
    }

    public boolean isKnown() {
        return value != null;
    }

    /**
     * True when this element is certainly the size of {@code d}: the same number, or the same symbol
     * (in ONNX, one symbol names one size throughout a graph). Unknown matches nothing.
     */
    public boolean sameAs(Dim d) {
        return isKnown() ? d.isKnown() && d.size() == value : symbol != null && symbol.equals(d.symbol());
    }

    @Override
    public String toString() {
        return isKnown() ? value.toString() : symbol != null ? symbol : "?";
    }
}
