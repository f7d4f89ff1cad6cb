package org.ktcj.backend.npu.check;

import java.util.List;
import org.ktcj.backend.npu.check.Outcome.Status;
import org.ktcj.spi.chip.ShapedNode;

/**
 * A value of the node and the predicates it must pass. A value that is absent (after its default) fails,
 * unless the leaf is {@code optional}; an input that is not a constant fails; a shape that is not known
 * makes the outcome unknown.
 *
 * @param ref        the value
 * @param optional   whether an absent value passes
 * @param predicates all must pass
 */
record Leaf(Ref ref, boolean optional, List<Predicate> predicates) implements Check {
    @Override
    public Outcome evaluate(ShapedNode node) {
        String subject = ref.describe();
        Found f = ref.find(node);
        if (f instanceof Found.Missing m) {
            return switch (m.why()) {
                case ABSENT -> optional ? Outcome.PASS
                        : Outcome.of(Status.FAIL, subject, "absent", subject + " is absent (" + m.what() + ")");
                case NOT_CONSTANT -> Outcome.of(Status.FAIL, subject, "not constant",
                        subject + ": " + m.what() + " is not a constant");
                case UNKNOWN -> Outcome.of(Status.UNKNOWN, subject, "not known",
                        subject + " cannot be checked: " + m.what() + " is not known");
            };
        }
        Object value = ((Found.Some) f).value();
        for (Predicate p : predicates) {
            Status s = p.test(value, node);
            if (s != Status.PASS) {
                String actual = Values.format(value);
                return Outcome.of(s, subject, actual, subject + " = " + actual + ", expected " + p.describe(node));
            }
        }
        return Outcome.PASS;
    }
}
