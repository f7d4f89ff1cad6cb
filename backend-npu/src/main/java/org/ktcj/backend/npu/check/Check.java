package org.ktcj.backend.npu.check;

import java.util.List;
import org.ktcj.spi.chip.ShapedNode;

/**
 * A condition of the operator table written as data and evaluated on one node. See the package
 * documentation for the JSON form.
 */
public sealed interface Check permits Check.All, Check.Any, Check.If, Leaf {
    Outcome evaluate(ShapedNode node);

    /** {@code {"all": [...]}}: every part holds. */
    record All(List<Check> parts) implements Check {
        @Override
        public Outcome evaluate(ShapedNode node) {
            return Outcome.all(parts.stream().map(c -> c.evaluate(node)).toList());
        }
    }

    /** {@code {"any": [...]}}: at least one part holds (the alternatives of the pooling conditions). */
    record Any(List<Check> parts) implements Check {
        @Override
        public Outcome evaluate(ShapedNode node) {
            return Outcome.any(parts.stream().map(c -> c.evaluate(node)).toList());
        }
    }

    /**
     * {@code {"if": test, "then": check, "else": check}}: the condition's "... if ..." clauses. Without
     * {@code else} the check holds when the test does not; when the test cannot be decided, neither can
     * the check.
     *
     * @param otherwise the else part, or null
     */
    record If(Check test, Check then, Check otherwise) implements Check {
        @Override
        public Outcome evaluate(ShapedNode node) {
            Outcome t = test.evaluate(node);
            return switch (t.status()) {
                case PASS -> then.evaluate(node);
                case FAIL -> otherwise == null ? Outcome.PASS : otherwise.evaluate(node);
                case UNKNOWN -> t;
            };
        }
    }
}
