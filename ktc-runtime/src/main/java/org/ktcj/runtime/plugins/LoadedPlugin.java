package org.ktcj.runtime.plugins;

import java.util.List;

/**
 * A plugin that joined the registry, and what it brought.
 *
 * @param name        for a plugin file, its id and version ("backend-kl520 0.1.0"); for the class path,
 *                    the class implementing {@link org.ktcj.spi.KtcPlugin}
 * @param source      where it was found
 * @param file        the plugin's file name in the plugins directory; for the class path, the jar (or
 *                    classes directory) its class came from
 * @param chipTargets the ids of the chips it targets
 * @param frontends   the formats it reads
 * @param exporters   the formats it writes
 */
public record LoadedPlugin(String name, PluginSource source, String file, List<String> chipTargets,
                           List<String> frontends, List<String> exporters) {
    public LoadedPlugin {
        chipTargets = List.copyOf(chipTargets);
        frontends = List.copyOf(frontends);
        exporters = List.copyOf(exporters);
    }
}
