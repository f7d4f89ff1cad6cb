package org.ktcj.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ktcj.runtime.plugins.LoadedPlugin;
import org.ktcj.runtime.plugins.PluginRegistry;
import org.ktcj.runtime.plugins.PluginSource;
import org.ktcj.runtime.plugins.RejectedPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ktc plugins}: what the plugin registry found, from where, and what it rejected and why. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "Lists the plugins found on the class path and in the plugins directory, with what each"
                + " provides, and the plugins rejected with the reason.")
final class PluginsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PluginsDirOption plugins;

    @Override
    public Integer call() {
        Path dir = plugins.directory();
        PrintWriter out = spec.commandLine().getOut();
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            out.println("plugins directory: " + dir + (Files.isDirectory(dir) ? "" : " (none there)"));
            out.println("loaded:");
            for (LoadedPlugin p : registry.loaded()) {
                out.println("  " + p.name() + " (" + where(p.source(), p.file()) + "): " + provides(p));
            }
            out.println("rejected:" + (registry.rejected().isEmpty() ? " none" : ""));
            for (RejectedPlugin p : registry.rejected()) {
                out.println("  " + where(p.source(), p.file()) + ": " + p.reason());
            }
        }
        out.flush();
        return 0;
    }

    private static String where(PluginSource source, String file) {
        return source == PluginSource.CLASSPATH ? "class path: " + file : file;
    }

    private static String provides(LoadedPlugin p) {
        List<String> parts = new ArrayList<>();
        if (!p.chipTargets().isEmpty()) {
            parts.add("chips " + String.join(", ", p.chipTargets()));
        }
        if (!p.frontends().isEmpty()) {
            parts.add("reads " + String.join(", ", p.frontends()));
        }
        if (!p.exporters().isEmpty()) {
            parts.add("writes " + String.join(", ", p.exporters()));
        }
        return parts.isEmpty() ? "nothing" : String.join("; ", parts);
    }
}
