package org.ktcj.backend.npu.check;

import java.util.List;
import java.util.stream.Collectors;
import org.ktcj.backend.npu.check.Outcome.Status;
import org.ktcj.spi.chip.ShapedNode;

/** A test of a value: a predicate key of a check ({@code "eq"}, {@code "each"}, ...). */
sealed interface Predicate permits Predicate.Compare, Predicate.In, Predicate.PowerOf2, Predicate.AllEqual,
        Predicate.Pattern, Predicate.Each, Predicate.Len, Predicate.Product {
    Status test(Object value, ShapedNode n);

    /** What was expected, for a report: "<= 12", "each one of [2, 4]". */
    String describe(ShapedNode n);

    /** The comparison operators. */
    enum Op {
        EQ("="), NE("!="), MIN(">="), MAX("<="), GT(">"), LT("<");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }
    }

    /**
     * {@code "eq"}, {@code "ne"}, {@code "min"}, {@code "max"}, {@code "gt"}, {@code "lt"}: a comparison with
     * a literal, or with another value of the node when the operand is a reference ({@code {"attr": ...}}).
     *
     * @param literal the operand, or null when {@code ref} gives it
     * @param ref     the operand as a value of the node, or null
     */
    record Compare(Op op, Object literal, Ref ref) implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            Found f = operand(n);
            if (!(f instanceof Found.Some other)) {
                return Status.UNKNOWN;
            }
            Object o = other.value();
            if (op == Op.EQ || op == Op.NE) {
                return pass(Values.same(value, o) == (op == Op.EQ));
            }
            if (!(value instanceof Double a) || !(o instanceof Double b)) {
                return Status.FAIL;
            }
            return pass(switch (op) {
                case MIN -> a >= b;
                case MAX -> a <= b;
                case GT -> a > b;
                default -> a < b;
            });
        }

        private Found operand(ShapedNode n) {
            return ref == null ? new Found.Some(literal) : ref.find(n);
        }

        @Override
        public String describe(ShapedNode n) {
            if (ref == null) {
                return op.symbol + " " + Values.format(literal);
            }
            Found f = ref.find(n);
            return op.symbol + " " + ref.describe() + " ("
                    + (f instanceof Found.Some s ? Values.format(s.value()) : "not known") + ")";
        }
    }

    /** {@code "in": [...]}: equal to one of the listed values. */
    record In(List<Object> allowed) implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            return pass(allowed.stream().anyMatch(a -> Values.same(value, a)));
        }

        @Override
        public String describe(ShapedNode n) {
            return "one of " + Values.format(allowed);
        }
    }

    /** {@code "powerOf2": true}: a positive whole power of two. */
    record PowerOf2() implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            return pass(value instanceof Double d && d >= 1 && d == Math.rint(d) && Long.bitCount(d.longValue()) == 1);
        }

        @Override
        public String describe(ShapedNode n) {
            return "a power of 2";
        }
    }

    /** {@code "allEqual": true}: a list whose elements are all equal (a kernel "n x n"). */
    record AllEqual() implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            List<Object> l = Values.asList(value);
            return pass(l.stream().allMatch(v -> Values.same(v, l.get(0))));
        }

        @Override
        public String describe(ShapedNode n) {
            return "all equal";
        }
    }

    /** {@code "pattern": [1, 4, "?", "?"]}: a list of this length, equal where the pattern is not "?". */
    record Pattern(List<Object> pattern) implements Predicate {
        static final String ANY = "?";

        @Override
        public Status test(Object value, ShapedNode n) {
            List<Object> l = Values.asList(value);
            if (l.size() != pattern.size()) {
                return Status.FAIL;
            }
            for (int i = 0; i < l.size(); i++) {
                if (!ANY.equals(pattern.get(i)) && !Values.same(l.get(i), pattern.get(i))) {
                    return Status.FAIL;
                }
            }
            return Status.PASS;
        }

        @Override
        public String describe(ShapedNode n) {
            return "like " + Values.format(pattern);
        }
    }

    /** {@code "each": {...}}: every element of a list (a single value counts as a list of one) passes. */
    record Each(List<Predicate> inner) implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            Status worst = Status.PASS;
            for (Object v : Values.asList(value)) {
                worst = worse(worst, allOf(inner, v, n));
            }
            return worst;
        }

        @Override
        public String describe(ShapedNode n) {
            return "each " + describeAll(inner, n);
        }
    }

    /** {@code "len": {...}}: the number of elements passes. */
    record Len(List<Predicate> inner) implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            return allOf(inner, (double) Values.asList(value).size(), n);
        }

        @Override
        public String describe(ShapedNode n) {
            return "length " + describeAll(inner, n);
        }
    }

    /** {@code "product": {...}}: the product of the elements (1 for none) passes. */
    record Product(List<Predicate> inner) implements Predicate {
        @Override
        public Status test(Object value, ShapedNode n) {
            double p = 1;
            for (Object v : Values.asList(value)) {
                if (!(v instanceof Double d)) {
                    return Status.FAIL;
                }
                p *= d;
            }
            return allOf(inner, p, n);
        }

        @Override
        public String describe(ShapedNode n) {
            return "product " + describeAll(inner, n);
        }
    }

    private static Status pass(boolean ok) {
        return ok ? Status.PASS : Status.FAIL;
    }

    /** The worse of two: a failure outweighs an unknown, which outweighs a pass. */
    private static Status worse(Status a, Status b) {
        return a == Status.FAIL || b == Status.FAIL ? Status.FAIL
                : a == Status.UNKNOWN || b == Status.UNKNOWN ? Status.UNKNOWN : Status.PASS;
    }

    static Status allOf(List<Predicate> predicates, Object value, ShapedNode n) {
        Status s = Status.PASS;
        for (Predicate p : predicates) {
            s = worse(s, p.test(value, n));
        }
        return s;
    }

    private static String describeAll(List<Predicate> predicates, ShapedNode n) {
        return predicates.stream().map(p -> p.describe(n)).collect(Collectors.joining(" and "));
    }
}
