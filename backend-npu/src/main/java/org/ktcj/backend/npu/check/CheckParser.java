package org.ktcj.backend.npu.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads a {@link Check} from its JSON form (see the package documentation). */
public final class CheckParser {
    // Lists, not sets: their order is the order error messages name them in.
    private static final List<String> SELECTORS = List.of("attr", "value", "const", "rank", "dims", "axesChanged",
            "resize");
    private static final List<String> REF_KEYS = List.of("orInput", "default", "padAxes", "axisOf", "from", "index");
    private static final List<String> COMPARISONS = List.of("eq", "ne", "min", "max", "gt", "lt");
    private static final List<String> OTHER_PREDICATES = List.of("in", "powerOf2", "allEqual", "pattern", "each",
            "len", "product");

    private CheckParser() {
    }

    /**
     * Parses a check.
     *
     * @throws IllegalArgumentException saying where in {@code json} and what is wrong
     */
    public static Check parse(JsonNode json) {
        return check(json, "check");
    }

    private static Check check(JsonNode json, String at) {
        if (!json.isObject()) {
            throw error(at, "a check is an object");
        }
        if (json.has("all") || json.has("any")) {
            String kind = json.has("all") ? "all" : "any";
            onlyKeys(json, at, Set.of(kind));
            List<Check> parts = new ArrayList<>();
            JsonNode list = json.get(kind);
            if (!list.isArray() || list.isEmpty()) {
                throw error(at, "'" + kind + "' takes a non-empty list of checks");
            }
            for (int i = 0; i < list.size(); i++) {
                parts.add(check(list.get(i), at + "." + kind + "[" + i + "]"));
            }
            return kind.equals("all") ? new Check.All(List.copyOf(parts)) : new Check.Any(List.copyOf(parts));
        }
        if (json.has("if")) {
            onlyKeys(json, at, Set.of("if", "then", "else"));
            if (!json.has("then")) {
                throw error(at, "'if' needs 'then'");
            }
            return new Check.If(check(json.get("if"), at + ".if"), check(json.get("then"), at + ".then"),
                    json.has("else") ? check(json.get("else"), at + ".else") : null);
        }
        return leaf(json, at);
    }

    private static Leaf leaf(JsonNode json, String at) {
        Set<String> allowed = new LinkedHashSet<>(SELECTORS);
        allowed.addAll(REF_KEYS);
        allowed.add("optional");
        allowed.addAll(COMPARISONS);
        allowed.addAll(OTHER_PREDICATES);
        onlyKeys(json, at, allowed);
        List<Predicate> predicates = predicates(json, at);
        if (predicates.isEmpty()) {
            throw error(at, "a check needs a predicate (" + String.join(", ", COMPARISONS) + ", "
                    + String.join(", ", OTHER_PREDICATES) + ")");
        }
        boolean optional = json.has("optional") && bool(json.get("optional"), at + ".optional");
        return new Leaf(ref(json, at), optional, List.copyOf(predicates));
    }

    /** The value part of a leaf, or a whole reference operand such as {@code {"attr": "kernel_shape"}}. */
    private static Ref ref(JsonNode json, String at) {
        List<String> selectors = new ArrayList<>();
        json.fieldNames().forEachRemaining(k -> {
            if (SELECTORS.contains(k)) {
                selectors.add(k);
            }
        });
        if (selectors.size() != 1) {
            throw error(at, "name exactly one value (" + String.join(", ", SELECTORS) + "), not " + selectors);
        }
        String kind = selectors.get(0);
        JsonNode arg = json.get(kind);
        if (json.has("orInput") && !kind.equals("attr")) {
            throw error(at, "'orInput' goes with 'attr'");
        }
        Source source = switch (kind) {
            case "attr" -> new Source.Attr(text(arg, at + ".attr"),
                    json.has("orInput") ? integer(json.get("orInput"), at + ".orInput") : null);
            case "value" -> new Source.InputValue(inputIndex(arg, at + ".value"));
            case "const" -> new Source.IsConstant(inputIndex(arg, at + ".const"));
            case "rank" -> new Source.Rank(port(arg, at + ".rank"));
            case "dims" -> new Source.Dims(port(arg, at + ".dims"));
            case "axesChanged" -> {
                if (!arg.isArray() || arg.size() != 2) {
                    throw error(at, "'axesChanged' takes two ports, [\"in0\", \"out0\"]");
                }
                yield new Source.AxesChanged(port(arg.get(0), at), port(arg.get(1), at));
            }
            default -> {
                String what = text(arg, at + ".resize");
                if (!what.equals("phase") && !what.equals("delta")) {
                    throw error(at, "'resize' is \"phase\" or \"delta\", not \"" + what + "\"");
                }
                yield new ResizeSampling(what.equals("delta"));
            }
        };
        List<Modifier> modifiers = new ArrayList<>();
        if (json.has("padAxes")) {
            modifiers.add(new Modifier.PadAxes(integers(json.get("padAxes"), at + ".padAxes")));
        }
        if (json.has("axisOf")) {
            modifiers.add(new Modifier.AxisOf(port(json.get("axisOf"), at + ".axisOf")));
        }
        if (json.has("from")) {
            modifiers.add(new Modifier.From(integer(json.get("from"), at + ".from")));
        }
        if (json.has("index")) {
            modifiers.add(new Modifier.Index(integer(json.get("index"), at + ".index")));
        }
        Object defaultValue = json.has("default") ? literal(json.get("default"), at + ".default") : null;
        return new Ref(source, defaultValue, List.copyOf(modifiers));
    }

    private static List<Predicate> predicates(JsonNode json, String at) {
        List<Predicate> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            String where = at + "." + key;
            if (COMPARISONS.contains(key)) {
                Predicate.Op op = Predicate.Op.valueOf(key.toUpperCase(Locale.ROOT));
                out.add(v.isObject() ? new Predicate.Compare(op, null, operand(v, where))
                        : new Predicate.Compare(op, literal(v, where), null));
                continue;
            }
            switch (key) {
                case "in" -> out.add(new Predicate.In(list(v, where)));
                case "powerOf2" -> out.add(trueOnly(v, where, new Predicate.PowerOf2()));
                case "allEqual" -> out.add(trueOnly(v, where, new Predicate.AllEqual()));
                case "pattern" -> out.add(new Predicate.Pattern(list(v, where)));
                case "each" -> out.add(new Predicate.Each(nested(v, where)));
                case "len" -> out.add(new Predicate.Len(nested(v, where)));
                case "product" -> out.add(new Predicate.Product(nested(v, where)));
                default -> {
                    // a selector, modifier or "optional": not a predicate
                }
            }
        }
        return out;
    }

    /** A reference operand: a value of the node without predicates of its own. */
    private static Ref operand(JsonNode json, String at) {
        Set<String> allowed = new LinkedHashSet<>(SELECTORS);
        allowed.addAll(REF_KEYS);
        onlyKeys(json, at, allowed);
        return ref(json, at);
    }

    /** The predicates of "each", "len" and "product", which apply to derived values and select none. */
    private static List<Predicate> nested(JsonNode json, String at) {
        if (!json.isObject()) {
            throw error(at, "takes an object of predicates, such as {\"max\": 3}");
        }
        Set<String> allowed = new LinkedHashSet<>(COMPARISONS);
        allowed.addAll(OTHER_PREDICATES);
        onlyKeys(json, at, allowed);
        List<Predicate> p = predicates(json, at);
        if (p.isEmpty()) {
            throw error(at, "needs a predicate");
        }
        return List.copyOf(p);
    }

    private static Predicate trueOnly(JsonNode v, String at, Predicate p) {
        if (!bool(v, at)) {
            throw error(at, "can only be true");
        }
        return p;
    }

    private static Object literal(JsonNode v, String at) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isArray()) {
            return list(v, at);
        }
        throw error(at, "expected a number, string, boolean or list, found " + v);
    }

    private static List<Object> list(JsonNode v, String at) {
        if (!v.isArray()) {
            throw error(at, "expected a list, found " + v);
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(literal(v.get(i), at + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static List<Integer> integers(JsonNode v, String at) {
        if (!v.isArray()) {
            throw error(at, "expected a list of integers, found " + v);
        }
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            out.add(integer(v.get(i), at + "[" + i + "]"));
        }
        return List.copyOf(out);
    }

    private static int integer(JsonNode v, String at) {
        if (!v.isIntegralNumber()) {
            throw error(at, "expected an integer, found " + v);
        }
        return v.asInt();
    }

    private static boolean bool(JsonNode v, String at) {
        if (!v.isBoolean()) {
            throw error(at, "expected true or false, found " + v);
        }
        return v.asBoolean();
    }

    private static String text(JsonNode v, String at) {
        if (!v.isTextual()) {
            throw error(at, "expected a string, found " + v);
        }
        return v.asText();
    }

    private static Port port(JsonNode v, String at) {
        try {
            return Port.parse(text(v, at));
        } catch (IllegalArgumentException e) {
            throw error(at, e.getMessage());
        }
    }

    private static int inputIndex(JsonNode v, String at) {
        Port p = port(v, at);
        if (p.output()) {
            throw error(at, "names an input (in0, in1, ...), not " + p);
        }
        return p.index();
    }

    private static void onlyKeys(JsonNode json, String at, Set<String> allowed) {
        json.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw error(at, "unknown key '" + k + "'");
            }
        });
    }

    private static IllegalArgumentException error(String at, String message) {
        return new IllegalArgumentException(at + ": " + message);
    }
}
