package org.ktcj.ir;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** A named, typed node attribute, with ONNX's attribute kinds. Immutable. */
public final class Attribute {
    /** The attribute kinds of ONNX's {@code AttributeProto.AttributeType}. */
    public enum Kind { FLOAT, INT, STRING, TENSOR, GRAPH, FLOATS, INTS, STRINGS, TENSORS, GRAPHS }

    private final String name;
    private final Kind kind;
    private final Object value;

    private Attribute(String name, Kind kind, Object value) {
        this.name = Objects.requireNonNull(name, "name");
        this.kind = kind;
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Attribute of(String name, float v) {
        return new Attribute(name, Kind.FLOAT, v);
    }

    public static Attribute of(String name, long v) {
        return new Attribute(name, Kind.INT, v);
    }

    public static Attribute of(String name, String v) {
        return new Attribute(name, Kind.STRING, v);
    }

    public static Attribute of(String name, Tensor v) {
        return new Attribute(name, Kind.TENSOR, v);
    }

    public static Attribute of(String name, Graph v) {
        return new Attribute(name, Kind.GRAPH, v);
    }

    public static Attribute of(String name, float[] v) {
        return new Attribute(name, Kind.FLOATS, v.clone());
    }

    public static Attribute of(String name, long[] v) {
        return new Attribute(name, Kind.INTS, v.clone());
    }

    public static Attribute ofStrings(String name, List<String> v) {
        return new Attribute(name, Kind.STRINGS, List.copyOf(v));
    }

    public static Attribute ofTensors(String name, List<Tensor> v) {
        return new Attribute(name, Kind.TENSORS, List.copyOf(v));
    }

    public static Attribute ofGraphs(String name, List<Graph> v) {
        return new Attribute(name, Kind.GRAPHS, List.copyOf(v));
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public float floatValue() {
        return (Float) as(Kind.FLOAT);
    }

    public long intValue() {
        return (Long) as(Kind.INT);
    }

    public String stringValue() {
        return (String) as(Kind.STRING);
    }

    public Tensor tensorValue() {
        return (Tensor) as(Kind.TENSOR);
    }

    public Graph graphValue() {
        return (Graph) as(Kind.GRAPH);
    }

    public float[] floats() {
        return ((float[]) as(Kind.FLOATS)).clone();
    }

    public long[] ints() {
        return ((long[]) as(Kind.INTS)).clone();
    }

    @SuppressWarnings("unchecked")
    public List<String> strings() {
        return (List<String>) as(Kind.STRINGS);
    }

    @SuppressWarnings("unchecked")
    public List<Tensor> tensors() {
        return (List<Tensor>) as(Kind.TENSORS);
    }

    @SuppressWarnings("unchecked")
    public List<Graph> graphs() {
        return (List<Graph>) as(Kind.GRAPHS);
    }

    private Object as(Kind wanted) {
        if (kind != wanted) {
            throw new InvalidGraphException("attribute '" + name + "' is " + kind + ", expected " + wanted);
        }
        return value;
    }

    @Override
    public String toString() {
        String v = switch (kind) {
            case FLOATS -> Arrays.toString((float[]) value);
            case INTS -> Arrays.toString((long[]) value);
            case STRING -> '"' + (String) value + '"';
            default -> String.valueOf(value);
        };
        return name + "=" + v;
    }
}
