package org.ktcj.spi;

import java.util.List;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The entry point of a plugin: a jar lists its implementation in
 * {@code META-INF/services/org.ktcj.spi.KtcPlugin} (found with {@link java.util.ServiceLoader} on the
 * class path, or by PF4J in a plugins directory).
 *
 * <p>Every method is a {@code default} returning an empty list, so a plugin overrides only what it
 * provides, and a capability added in a later SPI version never breaks a plugin written before it.
 */
public interface KtcPlugin {
    /**
     * The version of the plugin SPI ({@code org.ktcj.spi} and its subpackages), as semantic version:
     * the minor number rises when a default method or a type is added, the major one on a change that
     * breaks existing plugins. A plugin names the range it needs in PF4J's {@code plugin.requires}.
     */
    String SPI_VERSION = "1.1.0";

    /** The chips this plugin targets, one factory each. */
    default List<ChipTargetFactory> chipTargets() {
        return List.of();
    }

    /** The model formats this plugin reads. */
    default List<ModelFrontend> frontends() {
        return List.of();
    }

    /** The model formats this plugin writes. */
    default List<ModelExporter> exporters() {
        return List.of();
    }
}
