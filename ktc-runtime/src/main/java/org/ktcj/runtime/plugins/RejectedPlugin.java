package org.ktcj.runtime.plugins;

/**
 * A plugin that was found but did not join the registry; nothing of it is used.
 *
 * @param source where it was found
 * @param file   the plugin's file name in the plugins directory; for the class path, the jar (or classes
 *               directory) its class came from, or {@code META-INF/services/org.ktcj.spi.KtcPlugin} when
 *               the class it lists there could not be loaded
 * @param reason why, in one line
 */
public record RejectedPlugin(PluginSource source, String file, String reason) {
}
