package org.ktcj.backend.npu;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.ktcj.backend.npu.check.CheckParser;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.BitWidths;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters;

/**
 * Turns a chip description, merged through its inheritance, into a {@link ChipSpec}, rejecting unknown
 * keys and references to what it does not define.
 *
 * <p>The format is in the package documentation.
 */
final class ChipSpecParser {
    private static final Set<String> TOP_KEYS = Set.of("description", "id", "name", "bit_widths", "features",
            "hardware", "table_operators", "cpu", "conditions", "notes", "operators");

    private ChipSpecParser() {
    }

    /**
     * Checks and converts a merged description.
     *
     * @throws IllegalArgumentException naming the key at fault
     */
    static ChipSpec parse(JsonNode json) {
        keys(json, "the description", TOP_KEYS);
        Set<String> table = strings(required(json, "table_operators"), "table_operators");
        Map<Integer, Condition> conditions = conditions(required(json, "conditions"));
        Map<Integer, String> notes = notes(required(json, "notes"));
        JsonNode cpu = required(json, "cpu");
        keys(cpu, "cpu", Set.of("description", "operators"));
        Set<String> cpuOps = strings(required(cpu, "cpu", "operators"), "cpu.operators");
        for (String op : cpuOps) {
            inTable(op, table, "cpu.operators");
        }
        return new ChipSpec(text(required(json, "id"), "id"), text(required(json, "name"), "name"),
                bitWidths(required(json, "bit_widths")), features(json.get("features")),
                hardware(required(json, "hardware")), table, cpuOps,
                operators(required(json, "operators"), table, conditions, notes), conditions, notes);
    }

    private static BitWidths bitWidths(JsonNode json) {
        keys(json, "bit_widths", Set.of("description", "datapath", "weights"));
        return new BitWidths(widths(required(json, "bit_widths", "datapath"), "bit_widths.datapath"),
                widths(required(json, "bit_widths", "weights"), "bit_widths.weights"));
    }

    private static Set<BitWidth> widths(JsonNode json, String at) {
        Set<BitWidth> out = EnumSet.noneOf(BitWidth.class);
        for (String w : strings(json, at)) {
            try {
                out.add(BitWidth.of(w));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static Set<Feature> features(JsonNode json) {
        Set<Feature> out = EnumSet.noneOf(Feature.class);
        if (json != null) {
            for (String f : strings(json, "features")) {
                out.add(enumValue(Feature.class, f, "features"));
            }
        }
        return out;
    }

    private static HardwareParameters hardware(JsonNode json) {
        Set<String> allowed = new LinkedHashSet<>(List.of("description", "provisional"));
        for (HardwareParameters.Parameter p : HardwareParameters.Parameter.values()) {
            allowed.add(p.key());
        }
        keys(json, "hardware", allowed);
        Map<String, Double> efficiency = new HashMap<>();
        JsonNode eff = required(json, "hardware", HardwareParameters.Parameter.EFFICIENCY.key());
        for (Map.Entry<String, JsonNode> e : eff.properties()) {
            efficiency.put(e.getKey(), number(e.getValue(), "hardware.efficiency." + e.getKey()));
        }
        Set<HardwareParameters.Parameter> provisional = EnumSet.noneOf(HardwareParameters.Parameter.class);
        if (json.has("provisional")) {
            for (String p : strings(json.get("provisional"), "hardware.provisional")) {
                provisional.add(enumValue(HardwareParameters.Parameter.class, p, "hardware.provisional"));
            }
        }
        return new HardwareParameters(
                (int) whole(json, HardwareParameters.Parameter.MAC_ARRAY, Integer.MAX_VALUE),
                (int) whole(json, HardwareParameters.Parameter.CLOCK_MHZ, Integer.MAX_VALUE),
                whole(json, HardwareParameters.Parameter.SRAM_BYTES, Long.MAX_VALUE),
                whole(json, HardwareParameters.Parameter.DRAM_BYTES_PER_SECOND, Long.MAX_VALUE),
                efficiency, provisional);
    }

    private static long whole(JsonNode json, HardwareParameters.Parameter p, long max) {
        JsonNode v = required(json, "hardware", p.key());
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong() || v.asLong() > max) {
            throw new IllegalArgumentException("hardware." + p.key() + ": expected a whole number up to " + max
                    + ", found " + v);
        }
        return v.asLong();
    }

    private static Map<Integer, Condition> conditions(JsonNode json) {
        Map<Integer, Condition> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            int id = number(e.getKey(), "conditions");
            String at = "conditions." + id;
            JsonNode c = e.getValue();
            keys(c, at, Set.of("text", "reading", "check"));
            String text = text(required(c, at, "text"), at + ".text");
            JsonNode check = required(c, at, "check");
            try {
                out.put(id, new Condition(id, text, CheckParser.parse(check)));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException(at + "." + x.getMessage(), x);
            }
        }
        return out;
    }

    private static Map<Integer, String> notes(JsonNode json) {
        Map<Integer, String> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            out.put(number(e.getKey(), "notes"), text(e.getValue(), "notes." + e.getKey()));
        }
        return out;
    }

    private static Map<String, OperatorEntry> operators(JsonNode json, Set<String> table,
                                                        Map<Integer, Condition> conditions,
                                                        Map<Integer, String> notes) {
        Map<String, OperatorEntry> out = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            String op = e.getKey();
            String at = "operators." + op;
            inTable(op, table, "operators");
            JsonNode entry = e.getValue();
            keys(entry, at, Set.of("npu", "conditions", "notes"));
            JsonNode npu = required(entry, at, "npu");
            if (!npu.isBoolean()) {
                throw new IllegalArgumentException(at + ".npu: expected true or false, found " + npu);
            }
            List<Integer> conds = ids(entry.get("conditions"), at + ".conditions", conditions.keySet());
            if (!npu.asBoolean() && !conds.isEmpty()) {
                throw new IllegalArgumentException(at + ": conditions apply only to an operator on the NPU");
            }
            List<Integer> remarks = ids(entry.get("notes"), at + ".notes", notes.keySet());
            out.put(op, new OperatorEntry(npu.asBoolean(), conds, remarks));
        }
        return out;
    }

    private static List<Integer> ids(JsonNode json, String at, Set<Integer> defined) {
        List<Integer> out = new ArrayList<>();
        if (json == null) {
            return out;
        }
        if (!json.isArray()) {
            throw new IllegalArgumentException(at + ": expected a list of numbers, found " + json);
        }
        for (JsonNode v : json) {
            if (!v.isIntegralNumber() || !defined.contains(v.asInt())) {
                throw new IllegalArgumentException(at + ": " + v + " is not defined");
            }
            out.add(v.asInt());
        }
        return out;
    }

    private static void inTable(String op, Set<String> table, String at) {
        if (!table.contains(op)) {
            throw new IllegalArgumentException(at + ": '" + op + "' is not in table_operators");
        }
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String at) {
        try {
            return Enum.valueOf(type, name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": unknown value '" + name + "'", e);
        }
    }

    private static JsonNode required(JsonNode json, String key) {
        return required(json, null, key);
    }

    /** The value of a key of the object at {@code at} (null for the top level). */
    private static JsonNode required(JsonNode json, String at, String key) {
        JsonNode v = json.get(key);
        if (v == null) {
            throw new IllegalArgumentException((at == null ? "" : at + ": ") + "'" + key + "' is missing");
        }
        return v;
    }

    private static void keys(JsonNode json, String at, Set<String> allowed) {
        if (!json.isObject()) {
            throw new IllegalArgumentException(at + ": expected an object, found " + json);
        }
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            if (!allowed.contains(e.getKey())) {
                throw new IllegalArgumentException(at + ": unknown key '" + e.getKey() + "'");
            }
        }
    }

    private static Set<String> strings(JsonNode json, String at) {
        if (!json.isArray()) {
            throw new IllegalArgumentException(at + ": expected a list of strings, found " + json);
        }
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode v : json) {
            if (!out.add(text(v, at))) {
                throw new IllegalArgumentException(at + ": '" + v.asText() + "' is listed twice");
            }
        }
        return out;
    }

    private static String text(JsonNode v, String at) {
        if (!v.isTextual()) {
            throw new IllegalArgumentException(at + ": expected a string, found " + v);
        }
        return v.asText();
    }

    private static double number(JsonNode v, String at) {
        if (!v.isNumber()) {
            throw new IllegalArgumentException(at + ": expected a number, found " + v);
        }
        return v.asDouble();
    }

    private static int number(String key, String at) {
        try {
            return Integer.parseInt(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(at + ": '" + key + "' is not a number", e);
        }
    }
}
