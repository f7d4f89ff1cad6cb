package org.ktcj.backend.npu.check;

import org.ktcj.ir.Shape;
import org.ktcj.spi.chip.ShapedNode;

/** An input or output of a node, written "in0", "out0" in a check. */
record Port(boolean output, int index) {
    static Port parse(String text) {
        boolean out = text.startsWith("out");
        String digits = text.substring(out ? 3 : text.startsWith("in") ? 2 : 0);
        if (!(out || text.startsWith("in")) || digits.isEmpty() || !digits.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' is not a port: write in0, in1, ..., out0, ...");
        }
        return new Port(out, Integer.parseInt(digits));
    }

    /** The shape at this port, or null when absent or not known. */
    Shape shape(ShapedNode n) {
        return output ? n.outputShape(index) : n.inputShape(index);
    }

    @Override
    public String toString() {
        return (output ? "out" : "in") + index;
    }
}
