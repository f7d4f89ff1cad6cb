package org.ktcj.backend.npu;

import java.util.List;

/**
 * One operator's cell in a chip's column of the operator table.
 *
 * @param npu        whether the NPU runs the operator (when its conditions hold)
 * @param conditions the numbered conditions that must hold on the NPU
 * @param notes      the numbered remarks that apply (such as a decomposition)
 */
public record OperatorEntry(boolean npu, List<Integer> conditions, List<Integer> notes) {
    public OperatorEntry {
        conditions = List.copyOf(conditions);
        notes = List.copyOf(notes);
    }
}
