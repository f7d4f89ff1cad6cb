/**
 * The chip-target extension point: what a backend plugin tells the toolchain about one Kneron NPU.
 *
 * <p>A {@link org.ktcj.spi.KtcPlugin} returns {@link org.ktcj.spi.chip.ChipTargetFactory factories};
 * a factory creates a {@link org.ktcj.spi.chip.ChipTarget}, which answers with data: where each node
 * runs ({@link org.ktcj.spi.chip.OperatorSupport}), which bit widths the chip computes in
 * ({@link org.ktcj.spi.chip.BitWidths}), the figures of its performance model
 * ({@link org.ktcj.spi.chip.HardwareParameters}) and its optional {@link org.ktcj.spi.chip.Feature
 * features}. Code asks for a feature or a bit width, never for a chip by name.
 *
 * <p>Versioned by {@link org.ktcj.spi.KtcPlugin#SPI_VERSION}.
 */
package org.ktcj.spi.chip;
