package org.ktcj.backend.npu.check;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/**
 * The values checks compare: numbers as Double (ONNX ints and floats alike), String, Boolean, and
 * lists of these.
 */
final class Values {
    private Values() {
    }

    static Found ofAttribute(Attribute a) {
        return switch (a.kind()) {
            case INT -> new Found.Some((double) a.intValue());
            case FLOAT -> new Found.Some((double) a.floatValue());
            case STRING -> new Found.Some(a.stringValue());
            case INTS -> new Found.Some(numbers(a.ints()));
            case FLOATS -> {
                float[] f = a.floats();
                List<Object> out = new ArrayList<>(f.length);
                for (float x : f) {
                    out.add((double) x);
                }
                yield new Found.Some(out);
            }
            case STRINGS -> new Found.Some(List.copyOf(a.strings()));
            case TENSOR -> new Found.Some(ofTensor(a.tensorValue()));
            case GRAPH, TENSORS, GRAPHS -> Found.unknown("attribute " + a.name() + " is a " + a.kind());
        };
    }

    /** A rank-0 tensor as its element, any other as the flat list of its elements. */
    static Object ofTensor(Tensor t) {
        List<Object> out = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            out.add(t.type() == DataType.STRING ? t.strings()[i] : (Object) t.getDouble(i));
        }
        return t.rank() == 0 ? out.get(0) : out;
    }

    static List<Object> numbers(long[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (long x : v) {
            out.add((double) x);
        }
        return out;
    }

    /** A list as itself, anything else as a list of one. */
    @SuppressWarnings("unchecked")
    static List<Object> asList(Object v) {
        return v instanceof List<?> l ? (List<Object>) l : List.of(v);
    }

    /** Equality with numbers compared by value (so 0.0 equals -0.0) and lists element by element. */
    static boolean same(Object a, Object b) {
        if (a instanceof Double x && b instanceof Double y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** As a report shows it: whole numbers without ".0", lists in brackets. */
    static String format(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Values::format).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }
}
