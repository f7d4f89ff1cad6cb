package org.ktcj.spi.chip;

import java.util.Map;

/**
 * Why a node cannot run on the NPU: a numbered condition of the operator table that it breaks, with the
 * offending values, or the absence of its operator from the chip's NPU table.
 *
 * @param condition the condition's number in the operator table, or {@link #NOT_IN_TABLE}
 * @param text      the condition as the table states it, or why the operator is not on the NPU
 * @param values    the attribute, shape or constant values that broke it, by what they are
 *                  ("kernel_shape" to "[13, 13]")
 * @param detail    one line saying what was found and what was expected; empty for NOT_IN_TABLE
 */
public record Violation(int condition, String text, Map<String, String> values, String detail) {
    /** The {@code condition} of an operator the chip's NPU does not run at all. */
    public static final int NOT_IN_TABLE = 0;

    public Violation {
        values = Map.copyOf(values);
    }

    /** An operator that is not on the chip's NPU. */
    public static Violation notInTable(String why) {
        return new Violation(NOT_IN_TABLE, why, Map.of(), "");
    }

    /** "condition 6 (kernel <= 12) failed: kernel = [13, 13], expected each <= 12", or the text alone. */
    public String describe() {
        return condition == NOT_IN_TABLE ? text : "condition " + condition + " (" + text + ") failed: " + detail;
    }
}
