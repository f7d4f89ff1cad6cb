package org.ktcj.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.ktcj.KtcException;
import org.ktcj.runtime.plugins.PluginRegistry;
import picocli.CommandLine.Option;

/** The {@code --plugins-dir} option: where more chips and model formats come from. */
final class PluginsDirOption {
    @Option(names = "--plugins-dir", paramLabel = "DIR",
            description = "A plugins directory with more chips and model formats (default: $"
                    + PluginRegistry.PLUGINS_DIR_VARIABLE + ", else ~/.ktc/plugins).")
    Path given;

    /** The directory in effect: the one given, which must exist, else the default one, which may not. */
    Path directory() {
        if (given != null && !Files.isDirectory(given)) {
            throw new KtcException("--plugins-dir " + given + ": no such directory");
        }
        return given != null ? given : PluginRegistry.defaultPluginsDir();
    }

    /** The class path's plugins and those of the directory, joined in one registry the caller closes. */
    PluginRegistry load() {
        return PluginRegistry.load(directory());
    }
}
