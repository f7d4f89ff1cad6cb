package org.ktcj.ir;

import java.util.Objects;

/**
 * What is known about a named value of a graph: its element type and shape, either of which may be
 * unknown (null).
 */
public record ValueInfo(String name, DataType type, Shape shape) {
    public ValueInfo {
        Objects.requireNonNull(name, "name");
    }

    public static ValueInfo of(String name, DataType type, int... shape) {
        return new ValueInfo(name, type, Shape.of(shape));
    }

    public ValueInfo withShape(Shape newShape) {
        return new ValueInfo(name, type, newShape);
    }

    public ValueInfo withName(String newName) {
        return new ValueInfo(newName, type, shape);
    }

    @Override
    public String toString() {
        return name + ": " + (type == null ? "?" : type.displayName()) + (shape == null ? "[?]" : shape.toString());
    }
}
