package org.ktcj.runtime.evaluate;

import org.ktcj.spi.chip.HardwareParameters;

/**
 * The cycles of one NPU layer. Computing and DMA overlap (the NPU prefetches the next tile while it
 * computes the current one), so the layer takes the longer of the two.
 *
 * @param computeCycles cycles of the MAC array, or of the vector unit for an op without MACs
 * @param memoryCycles  cycles to move the layer's weights and spilled feature maps through DRAM
 */
record Cost(long computeCycles, long memoryCycles) {
    static final Cost NONE = new Cost(0, 0);

    /**
     * Costs a layer: MACs at the array's rate times the kind's efficiency and the lanes its channels
     * fill; an op without MACs streams its input and output bytes at {@code mac_array x efficiency}
     * bytes a cycle; DRAM bytes at the chip's bandwidth.
     */
    static Cost of(Work work, SramPlan.Traffic traffic, String opType, HardwareParameters hw) {
        if (!work.known() || work.kind() == LayerKind.VIEW) {
            return NONE;
        }
        double rate = hw.macArray() * work.kind().efficiency(hw, opType);
        double compute = work.kind().usesMacArray() ? work.macs() / (rate * work.laneFill())
                : (traffic.inputBytes() + work.outputBytes()) / rate;
        double dramBytesPerCycle = hw.dramBytesPerSecond() / (hw.clockMhz() * 1e6);
        long dram = work.weightBytes() + traffic.dramReadBytes() + traffic.dramWriteBytes();
        return new Cost(Math.round(Math.ceil(compute)), Math.round(Math.ceil(dram / dramBytesPerCycle)));
    }

    long cycles() {
        return Math.max(computeCycles, memoryCycles);
    }

    Bound bound() {
        return cycles() == 0 ? Bound.NONE : computeCycles >= memoryCycles ? Bound.COMPUTE : Bound.MEMORY;
    }
}
