package org.ktcj.spi.chip;

/**
 * One Kneron NPU as the toolchain sees it. Chips differ in data, so everything here is a question
 * answered from the chip's description; later SPI versions add the compiler and the hardware simulator
 * as default methods.
 */
public interface ChipTarget {
    /** The platform id: "520", "720", "530", "630". */
    String id();

    /** The product name: "KL520". */
    String name();

    /** Where each node runs on this chip: NPU, CPU or nowhere. */
    OperatorSupport support();

    /** The bit widths the chip computes in. */
    BitWidths bitWidths();

    /** The figures of the chip's performance model. */
    HardwareParameters hardware();

    /** Whether the chip has an optional capability. */
    boolean has(Feature feature);
}
