package org.ktcj.runtime.optimize;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.ops.ShapeInference;

/**
 * What is known of every value of a graph before any input is given: its type and shape (from
 * {@link ShapeInference}), its value when that is already determined, and, for the small integer
 * tensors exporters compute shapes with, each element as a {@link ShapeElement}: a number, a symbol
 * of the graph ("batch"), or unknown.
 *
 * <p>The elements follow {@code Shape} through {@code Gather}, {@code Slice}, {@code Squeeze},
 * {@code Unsqueeze}, {@code Concat}, {@code Cast}, {@code Reshape} and integer arithmetic, which is how
 * exporters write a dynamic batch: {@code Reshape(x, Concat(Unsqueeze(Gather(Shape(x), 0)), [-1]))}.
 * Where every element ends up known, the value is a constant although the shape it came from was not
 * static.
 */
final class ValueFacts {
    /** Longest integer tensor whose elements are tracked: shapes and indices, not data. */
    private static final int MAX_ELEMENTS = 64;

    private final Map<String, ValueInfo> infos;
    private final Map<String, Tensor> constants;
    private final Map<String, List<ShapeElement>> elements = new HashMap<>();

    private ValueFacts(ShapeInference.Result r) {
        this.infos = new HashMap<>(r.values());
        this.constants = new HashMap<>(r.constants());
    }

    static ValueFacts of(Graph graph, int opset, OperatorRegistry registry) {
        ValueFacts f = new ValueFacts(ShapeInference.infer(graph, opset, registry, false, Map.of()));
        for (Node n : graph.nodes()) {
            // Every value gets an entry, known or not: a missing one would make the editor recompute.
            for (String out : n.outputs()) {
                if (!out.isEmpty()) {
                    f.infos.putIfAbsent(out, new ValueInfo(out, null, null));
                }
            }
            f.track(n);
        }
        return f;
    }

    boolean knows(String value) {
        return infos.containsKey(value);
    }

    ValueInfo info(String value) {
        return infos.get(value);
    }

    Tensor constant(String value) {
        return constants.get(value);
    }

    /** The value's elements, or null when it is not a small integer tensor of rank 0 or 1. */
    List<ShapeElement> elements(String value) {
        List<ShapeElement> e = elements.get(value);
        if (e != null) {
            return e;
        }
        Tensor t = constants.get(value);
        if (t == null || !isIndexLike(t.type()) || t.rank() > 1 || t.size() > MAX_ELEMENTS) {
            return null;
        }
        List<ShapeElement> d = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            d.add(ShapeElement.of(t.getLong(i)));
        }
        return d;
    }

    private static boolean isIndexLike(DataType t) {
        return t == DataType.INT64 || t == DataType.INT32;
    }

    /** Computes the node's output elements from its inputs', and records a constant when all are known. */
    private void track(Node n) {
        if (!n.domain().isEmpty() || n.outputs().size() != 1 || constants.containsKey(n.output(0))) {
            return;
        }
        String name = n.output(0);
        ValueInfo info = infos.get(name);
        if (info == null || !isIndexLike(info.type()) || info.shape() == null || info.shape().rank() > 1) {
            return;
        }
        List<ShapeElement> out = evaluate(n);
        if (out == null || out.size() > MAX_ELEMENTS) {
            return;
        }
        elements.put(name, out);
        if (out.stream().allMatch(ShapeElement::isKnown)) {
            long[] v = out.stream().mapToLong(ShapeElement::value).toArray();
            int[] shape = info.shape().rank() == 0 ? new int[0] : new int[] {v.length};
            if (Tensor.elementCount(shape) == v.length) {
                constants.put(name, Tensor.ofLongs(v, shape).castTo(info.type()));
            }
        }
    }

    private List<ShapeElement> evaluate(Node n) {
        return switch (n.opType()) {
            case "Shape" -> shapeOf(n);
            case "Identity", "Cast", "Squeeze", "Unsqueeze", "Reshape", "Flatten" -> elements(n.input(0));
            case "Gather" -> gather(n);
            case "Concat" -> concat(n);
            case "Slice" -> slice(n);
            case "Add", "Sub", "Mul", "Div" -> arithmetic(n);
            default -> null;
        };
    }

    private List<ShapeElement> shapeOf(Node n) {
        ValueInfo in = infos.get(n.input(0));
        if (in == null || in.shape() == null) {
            return null;
        }
        List<Dim> dims = in.shape().dims();
        int rank = dims.size();
        int start = clampAxis(n.attrInt("start", 0), rank);
        int end = clampAxis(n.attrInt("end", rank), rank);
        List<ShapeElement> out = new ArrayList<>();
        for (int i = start; i < end; i++) {
            out.add(ShapeElement.of(dims.get(i)));
        }
        return out;
    }

    private static int clampAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return (int) Math.max(0, Math.min(rank, a));
    }

    private List<ShapeElement> gather(Node n) {
        List<ShapeElement> data = elements(n.input(0));
        Tensor idx = constants.get(n.input(1));
        if (data == null || idx == null || n.attrInt("axis", 0) != 0 || idx.rank() > 1) {
            return null;
        }
        List<ShapeElement> out = new ArrayList<>();
        for (long i : idx.toLongArray()) {
            long k = i < 0 ? i + data.size() : i;
            if (k < 0 || k >= data.size()) {
                return null;
            }
            out.add(data.get((int) k));
        }
        return out;
    }

    private List<ShapeElement> concat(Node n) {
        List<ShapeElement> out = new ArrayList<>();
        for (String in : n.inputs()) {
            List<ShapeElement> e = elements(in);
            if (e == null) {
                return null;
            }
            out.addAll(e);
        }
        return out;
    }

    /** Slice of a 1-D tensor, its parameters from attributes (opsets 1 to 9) or constant inputs. */
    private List<ShapeElement> slice(Node n) {
        List<ShapeElement> data = elements(n.input(0));
        long[] starts = n.hasAttribute("starts") ? n.attrInts("starts", null) : longs(n.input(1));
        long[] ends = n.hasAttribute("ends") ? n.attrInts("ends", null) : longs(n.input(2));
        long[] axes = n.hasAttribute("axes") ? n.attrInts("axes", null)
                : n.hasInput(3) ? longs(n.input(3)) : new long[] {0};
        long[] steps = n.hasInput(4) ? longs(n.input(4)) : new long[] {1};
        if (data == null || starts == null || ends == null || axes == null || steps == null || starts.length != 1
                || ends.length != 1 || axes.length != 1 || steps.length != 1 || (axes[0] != 0 && axes[0] != -1)
                || steps[0] == 0) {
            return null;
        }
        int size = data.size();
        long step = steps[0];
        long s = starts[0] < 0 ? starts[0] + size : starts[0];
        long e = ends[0] < 0 ? ends[0] + size : ends[0];
        List<ShapeElement> out = new ArrayList<>();
        if (step > 0) {
            s = Math.max(0, Math.min(size, s));
            e = Math.max(0, Math.min(size, e));
            for (long i = s; i < e; i += step) {
                out.add(data.get((int) i));
            }
        } else {
            s = Math.max(-1, Math.min(size - 1, s));
            e = Math.max(-1, Math.min(size - 1, e));
            for (long i = s; i > e; i += step) {
                out.add(data.get((int) i));
            }
        }
        return out;
    }

    private long[] longs(String value) {
        Tensor t = value.isEmpty() ? null : constants.get(value);
        return t == null ? null : t.toLongArray();
    }

    /** Integer arithmetic: exact on numbers; a symbol survives adding 0 and multiplying or dividing by 1. */
    private List<ShapeElement> arithmetic(Node n) {
        List<ShapeElement> a = elements(n.input(0));
        List<ShapeElement> b = elements(n.input(1));
        if (a == null || b == null || (a.size() != b.size() && a.size() != 1 && b.size() != 1)) {
            return null;
        }
        int size = Math.max(a.size(), b.size());
        List<ShapeElement> r = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            r.add(combine(n.opType(), a.get(a.size() == 1 ? 0 : i), b.get(b.size() == 1 ? 0 : i)));
        }
        return r;
    }

    private static ShapeElement combine(String op, ShapeElement x, ShapeElement y) {
        if (x.isKnown() && y.isKnown()) {
            long a = x.value();
            long b = y.value();
            return switch (op) {
                case "Add" -> ShapeElement.of(a + b);
                case "Sub" -> ShapeElement.of(a - b);
                case "Mul" -> ShapeElement.of(a * b);
                // Integer Div truncates toward zero, as Java's does.
                default -> b == 0 ? ShapeElement.unknown() : ShapeElement.of(a / b);
            };
        }
        long identity = op.equals("Add") || op.equals("Sub") ? 0 : 1;
        if (y.isKnown() && y.value() == identity) {
            return x;
        }
        boolean commutative = op.equals("Add") || op.equals("Mul");
        return commutative && x.isKnown() && x.value() == identity ? y : ShapeElement.unknown();
    }
}
