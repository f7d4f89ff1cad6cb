package org.ktcj.spi.chip;

import java.util.Map;

/** Creates the {@link ChipTarget} of one chip, optionally with some of its settings changed. */
public interface ChipTargetFactory {
    /** The chip's id as the command line names it ({@code --platform 520}): "520", "720", "530", "630". */
    String id();

    /**
     * Creates the target.
     *
     * @param config settings that replace the chip's defaults, by the names the factory documents (for
     *               example a DRAM bandwidth measured on a given board); empty for the defaults
     * @throws org.ktcj.KtcException naming the setting when a key is unknown or a value is invalid
     */
    ChipTarget create(Map<String, String> config);
}
