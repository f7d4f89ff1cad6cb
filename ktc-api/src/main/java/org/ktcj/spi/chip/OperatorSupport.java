package org.ktcj.spi.chip;

import java.util.Set;

/** Where a chip runs each node: the operator-support table of the chip, with its conditions. */
public interface OperatorSupport {
    /** Places one node, judging its attributes, shapes and constant inputs against the chip's table. */
    Placement place(ShapedNode node);

    /** The ONNX op types the chip's NPU runs when their conditions hold. */
    Set<String> npuOperators();

    /** The ONNX op types the chip's CPU runs when the NPU cannot. */
    Set<String> cpuOperators();
}
