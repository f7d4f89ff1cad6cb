package org.ktcj.backend.npu;

import org.ktcj.spi.chip.BitWidths;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.OperatorSupport;

/** A chip target that answers everything from its {@link ChipSpec}: the same code for every chip. */
public final class JsonChipTarget implements ChipTarget {
    private final ChipSpec spec;
    private final OperatorTable support;

    public JsonChipTarget(ChipSpec spec) {
        this.spec = spec;
        this.support = new OperatorTable(spec);
    }

    /** The description this target answers from. */
    public ChipSpec spec() {
        return spec;
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public OperatorSupport support() {
        return support;
    }

    @Override
    public BitWidths bitWidths() {
        return spec.bitWidths();
    }

    @Override
    public HardwareParameters hardware() {
        return spec.hardware();
    }

    @Override
    public boolean has(Feature feature) {
        return spec.features().contains(feature);
    }

    @Override
    public String toString() {
        return spec.name() + " (" + spec.id() + ")";
    }
}
