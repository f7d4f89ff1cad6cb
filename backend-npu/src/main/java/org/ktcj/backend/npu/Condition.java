package org.ktcj.backend.npu;

import org.ktcj.backend.npu.check.Check;

/**
 * A numbered condition of the operator table.
 *
 * @param id    its number in the table's notes
 * @param text  the condition as the table states it
 * @param check the condition as data
 */
public record Condition(int id, String text, Check check) {
}
