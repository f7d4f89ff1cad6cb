package org.ktcj.runtime.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The header dictionary of a .npy file, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}:
 * a Python literal, parsed here without a Python.
 *
 * @param descr        the array-protocol type string; null when the file has a structured dtype (a list)
 * @param fortranOrder true when the data is stored column-major
 * @param shape        the dimensions ({@code ()} for a 0-d scalar)
 */
record NpyHeader(String descr, boolean fortranOrder, long[] shape) {
    private static final Set<String> KEYS = Set.of("descr", "fortran_order", "shape");

    /** NumPy leaves room to grow the first axis in place; matching it makes our files byte-identical. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;

    /**
     * Parses the header text.
     *
     * @throws IllegalArgumentException with a short reason when it is not the dictionary NumPy writes
     */
    static NpyHeader parse(String text) {
        Object value = new Parser(text).parseTop();
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("header is not a dictionary");
        }
        if (!map.keySet().equals(KEYS)) {
            throw new IllegalArgumentException("header has keys " + map.keySet() + ", expected " + KEYS.stream().sorted().toList());
        }
        Object descr = map.get("descr");
        Object fortran = map.get("fortran_order");
        Object shape = map.get("shape");
        if (!(descr instanceof String) && !(descr instanceof List)) {
            throw new IllegalArgumentException("header 'descr' is not a type string");
        }
        if (!(fortran instanceof Boolean f)) {
            throw new IllegalArgumentException("header 'fortran_order' is not True or False");
        }
        if (!(shape instanceof Tuple t)) {
            throw new IllegalArgumentException("header 'shape' is not a tuple");
        }
        long[] dims = new long[t.items().size()];
        for (int i = 0; i < dims.length; i++) {
            if (!(t.items().get(i) instanceof Long d) || d < 0) {
                throw new IllegalArgumentException("header 'shape' " + t + " is not a tuple of sizes");
            }
            dims[i] = d;
        }
        return new NpyHeader(descr instanceof String s ? s : null, f, dims);
    }

    /** The header text NumPy 1.24 writes for this dictionary, before alignment padding. */
    String format() {
        StringBuilder sb = new StringBuilder("{'descr': '").append(descr).append("', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': ").append(shapeText()).append(", }");
        if (shape.length > 0) {
            long growthAxis = shape[fortranOrder ? shape.length - 1 : 0];
            sb.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(growthAxis).length())));
        }
        return sb.toString();
    }

    /** The shape as Python prints a tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    String shapeText() {
        return new Tuple(java.util.Arrays.stream(shape).boxed().map(Object.class::cast).toList()).toString();
    }

    /** A Python tuple, kept apart from a list because NumPy's shape is a tuple. */
    private record Tuple(List<Object> items) {
        @Override
        public String toString() {
            if (items.size() == 1) {
                return "(" + items.get(0) + ",)";
            }
            StringBuilder sb = new StringBuilder("(");
            for (int i = 0; i < items.size(); i++) {
                sb.append(i > 0 ? ", " : "").append(items.get(i));
            }
            return sb.append(')').toString();
        }
    }

    /** Recursive descent over the Python literals a header may hold: dict, tuple, list, str, int, bool. */
    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        Object parseTop() {
            Object v = value();
            skipSpace();
            if (pos != s.length()) {
                throw error("unexpected text after the dictionary");
            }
            return v;
        }

        private Object value() {
            skipSpace();
            if (pos >= s.length()) {
                throw error("header ends early");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> dict();
                case '(' -> new Tuple(sequence(')'));
                case '[' -> sequence(']');
                case '\'', '"' -> string();
                default -> Character.isDigit(c) || c == '-' ? number() : word();
            };
        }

        private Map<String, Object> dict() {
            Map<String, Object> out = new LinkedHashMap<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return out;
                }
                Object key = value();
                if (!(key instanceof String k)) {
                    throw error("dictionary key is not a string");
                }
                skipSpace();
                expect(':');
                if (out.put(k, value()) != null) {
                    throw error("key '" + k + "' appears twice");
                }
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error("expected ',' or '}'");
                }
            }
        }

        private List<Object> sequence(char close) {
            List<Object> out = new ArrayList<>();
            pos++;
            while (true) {
                skipSpace();
                if (peek() == close) {
                    pos++;
                    return out;
                }
                out.add(value());
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != close) {
                    throw error("expected ',' or '" + close + "'");
                }
            }
        }

        private String string() {
            char quote = s.charAt(pos++);
            StringBuilder sb = new StringBuilder();
            while (pos < s.length() && s.charAt(pos) != quote) {
                char c = s.charAt(pos++);
                if (c == '\\' && pos < s.length()) {
                    c = s.charAt(pos++);
                }
                sb.append(c);
            }
            expect(quote);
            return sb.toString();
        }

        private Long number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            String digits = s.substring(start, pos);
            if (peek() == 'L') {
                pos++; // Python 2 wrote long sizes as 3L
            }
            try {
                return Long.parseLong(digits);
            } catch (NumberFormatException e) {
                throw error("bad number '" + digits + "'");
            }
        }

        private Object word() {
            int start = pos;
            while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
                pos++;
            }
            return switch (s.substring(start, pos)) {
                case "True" -> Boolean.TRUE;
                case "False" -> Boolean.FALSE;
                default -> throw error("unexpected '" + (start < s.length() ? s.charAt(start) : ' ') + "'");
            };
        }

        private void skipSpace() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }

        private char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException("malformed header at character " + pos + ": " + what);
        }
    }
}
