package org.ktcj.runtime.plugins;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.ktcj.KtcException;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.ModelExporter;
import org.ktcj.spi.ModelFrontend;
import org.ktcj.spi.chip.ChipTargetFactory;
import org.pf4j.PluginWrapper;

/**
 * Every plugin the toolchain can use, in one place: the chips, frontends and exporters of the
 * {@link KtcPlugin}s on the class path (found with {@link ServiceLoader}: a host that puts
 * {@code backend-kl720} on its class path gets the KL720) and of the plugin files in a plugins directory
 * (loaded with PF4J, each in a class loader of its own that shares only the API with the host).
 *
 * <p>A plugin joins whole or not at all. One that cannot be loaded, whose SPI version does not fit, whose
 * code throws, or that offers a chip id or format another plugin already offers is skipped and listed in
 * {@link #rejected()} with its file and the reason; the others load regardless. The class path comes
 * first, then the plugin files in name order, so a plugin file cannot replace a chip on the class path.
 *
 * <p>Immutable once loaded, and safe to share between threads. {@link #close()} it when nothing it
 * provided is in use any more: that closes the plugin files' class loaders.
 */
public final class PluginRegistry implements AutoCloseable {
    /** The environment variable naming the plugins directory when none is given. */
    public static final String PLUGINS_DIR_VARIABLE = "KTC_PLUGINS_DIR";

    /** Where a plugin is listed; the file of a class path plugin whose class cannot be loaded. */
    static final String SERVICES = "META-INF/services/" + KtcPlugin.class.getName();

    private final Map<String, Provided<ChipTargetFactory>> chips = new TreeMap<>();
    private final Map<String, Provided<ModelFrontend>> frontends = new TreeMap<>();
    private final Map<String, Provided<ModelExporter>> exporters = new TreeMap<>();
    private final List<LoadedPlugin> loaded = new ArrayList<>();
    private final List<RejectedPlugin> rejected = new ArrayList<>();
    /** The plugin files' manager, holding their class loaders; null when there were none. */
    private final PluginDirectory directory;

    /** An extension and the plugin it came from. */
    private record Provided<T>(T extension, LoadedPlugin plugin) {
    }

    private PluginRegistry(ClassLoader classpath, Path pluginsDir) {
        joinClasspath(classpath);
        List<Path> files = pluginsDir != null && Files.isDirectory(pluginsDir)
                ? PluginDirectory.pluginFiles(pluginsDir) : List.of();
        directory = files.isEmpty() ? null : new PluginDirectory(pluginsDir);
        for (Path file : files) {
            joinFile(file);
        }
    }

    /** The plugins on the class path (of this class's loader) only: for a host with no plugins directory. */
    public static PluginRegistry fromClasspath() {
        return load(PluginRegistry.class.getClassLoader(), null);
    }

    /**
     * The plugins on the class path, then those in a plugins directory.
     *
     * @param pluginsDir the plugins directory; one that does not exist holds no plugins
     */
    public static PluginRegistry load(Path pluginsDir) {
        return load(PluginRegistry.class.getClassLoader(), pluginsDir);
    }

    /** The plugins {@code classpath} lists, then those in {@code pluginsDir} (none when null). */
    static PluginRegistry load(ClassLoader classpath, Path pluginsDir) {
        return new PluginRegistry(classpath, pluginsDir);
    }

    /** The plugins directory when none is given: {@value #PLUGINS_DIR_VARIABLE}, else {@code ~/.ktc/plugins}. */
    public static Path defaultPluginsDir() {
        return defaultPluginsDir(System.getenv(), System.getProperty("user.home"));
    }

    static Path defaultPluginsDir(Map<String, String> env, String userHome) {
        String dir = env.get(PLUGINS_DIR_VARIABLE);
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(userHome, ".ktc", "plugins");
    }

    /** Every chip target, by id. */
    public List<ChipTargetFactory> chipTargets() {
        return extensions(chips);
    }

    /**
     * The chip target with this id ("720").
     *
     * @throws KtcException naming the chips there are (and the rejected plugins) when none has the id
     */
    public ChipTargetFactory chipTarget(String id) {
        Provided<ChipTargetFactory> chip = chips.get(id);
        if (chip == null) {
            String known = chips.isEmpty() ? "none" : String.join(", ", chips.keySet());
            String skipped = rejected.isEmpty() ? "" : "; rejected plugins: "
                    + rejected.stream().map(RejectedPlugin::file).collect(Collectors.joining(", "));
            throw new KtcException("unknown chip '" + id + "' (known chips: " + known + skipped + ")");
        }
        return chip.extension();
    }

    /** Every frontend, by format. */
    public List<ModelFrontend> frontends() {
        return extensions(frontends);
    }

    /** Every exporter, by format. */
    public List<ModelExporter> exporters() {
        return extensions(exporters);
    }

    /** The plugins that joined: those on the class path in its order, then the plugin files by name. */
    public List<LoadedPlugin> loaded() {
        return List.copyOf(loaded);
    }

    /** The plugins that were found and skipped, with the reason, in the order they were met. */
    public List<RejectedPlugin> rejected() {
        return List.copyOf(rejected);
    }

    /** Closes the plugin files' class loaders: what they provided may fail to load classes afterwards. */
    @Override
    public void close() {
        if (directory != null) {
            directory.unloadPlugins();
        }
    }

    private void joinClasspath(ClassLoader classpath) {
        Iterator<KtcPlugin> it = ServiceLoader.load(KtcPlugin.class, classpath).iterator();
        while (true) {
            KtcPlugin plugin;
            try {
                if (!it.hasNext()) {
                    return;
                }
                plugin = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // The iterator has moved past the provider that failed, so the others still load.
                rejected.add(new RejectedPlugin(PluginSource.CLASSPATH, SERVICES, reason(e)));
                continue;
            }
            Class<?> type = plugin.getClass();
            try {
                join(type.getName(), PluginSource.CLASSPATH, location(type), List.of(plugin));
            } catch (RuntimeException | LinkageError e) {
                rejected.add(new RejectedPlugin(PluginSource.CLASSPATH, location(type), reason(e)));
            }
        }
    }

    private void joinFile(Path file) {
        String name = file.getFileName().toString();
        PluginWrapper plugin = null;
        try {
            plugin = directory.load(file);
            List<KtcPlugin> entries = new ArrayList<>();
            ServiceLoader.load(KtcPlugin.class, plugin.getPluginClassLoader()).forEach(entries::add);
            if (entries.isEmpty()) {
                throw new PluginRejectedException("it has no " + SERVICES + " naming its entry point");
            }
            join(plugin.getPluginId() + " " + plugin.getDescriptor().getVersion(), PluginSource.PLUGINS_DIR, name,
                    entries);
        } catch (RuntimeException | LinkageError | ServiceConfigurationError e) {
            if (plugin != null) {
                directory.unloadPlugin(plugin.getPluginId());
            }
            rejected.add(new RejectedPlugin(PluginSource.PLUGINS_DIR, name, reason(e)));
        }
    }

    /** Adds what the plugin's entry points offer, all of it or, on any conflict or failure, none. */
    private void join(String name, PluginSource source, String file, List<KtcPlugin> entries) {
        Map<String, ChipTargetFactory> newChips = new TreeMap<>();
        Map<String, ModelFrontend> newFrontends = new TreeMap<>();
        Map<String, ModelExporter> newExporters = new TreeMap<>();
        for (KtcPlugin entry : entries) {
            offer(entry.chipTargets(), ChipTargetFactory::id, "chip", newChips, chips);
            offer(entry.frontends(), ModelFrontend::format, "frontend", newFrontends, frontends);
            offer(entry.exporters(), ModelExporter::format, "exporter", newExporters, exporters);
        }
        LoadedPlugin plugin = new LoadedPlugin(name, source, file, List.copyOf(newChips.keySet()),
                List.copyOf(newFrontends.keySet()), List.copyOf(newExporters.keySet()));
        newChips.forEach((id, e) -> chips.put(id, new Provided<>(e, plugin)));
        newFrontends.forEach((id, e) -> frontends.put(id, new Provided<>(e, plugin)));
        newExporters.forEach((id, e) -> exporters.put(id, new Provided<>(e, plugin)));
        loaded.add(plugin);
    }

    private static <T> void offer(List<T> offered, Function<T, String> idOf, String kind, Map<String, T> into,
                                  Map<String, Provided<T>> taken) {
        for (T extension : offered) {
            String id = idOf.apply(extension);
            if (id == null || id.isBlank()) {
                throw new PluginRejectedException("it has a " + kind + " with no id");
            }
            Provided<T> other = taken.get(id);
            if (other != null) {
                throw new PluginRejectedException(kind + " '" + id + "' is already provided by "
                        + other.plugin().name() + " (" + other.plugin().file() + ")");
            }
            if (into.putIfAbsent(id, extension) != null) {
                throw new PluginRejectedException("it has " + kind + " '" + id + "' twice");
            }
        }
    }

    private static <T> List<T> extensions(Map<String, Provided<T>> byId) {
        return byId.values().stream().map(Provided::extension).toList();
    }

    /** The jar's file name, or the directory's path, a class was loaded from. */
    private static String location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return SERVICES;
        }
        try {
            Path p = Path.of(source.getLocation().toURI());
            return Files.isDirectory(p) ? p.toString() : p.getFileName().toString();
        } catch (URISyntaxException | RuntimeException e) {
            // Not a file (a jar nested in a jar, say): its URL is the best name there is.
            return source.getLocation().toString();
        }
    }

    /**
     * One line for a failure: each exception in the chain, down to the first whose message says it all (a
     * toolchain error, or a class that failed to link).
     */
    static String reason(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (!out.isEmpty()) {
                out.append(": ");
            }
            out.append(describe(t));
            if (t instanceof KtcException || t instanceof LinkageError) {
                break;
            }
        }
        return out.toString();
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        String service = KtcPlugin.class.getName() + ": ";
        if (message == null) {
            return t.getClass().getSimpleName();
        } else if (t instanceof NoClassDefFoundError) {
            return "class " + message.replace('/', '.') + " not found (a dependency missing from the plugin?)";
        } else if (t instanceof ServiceConfigurationError && message.startsWith(service)) {
            // "org.ktcj.spi.KtcPlugin: Provider x could not be instantiated": the service goes without saying.
            return message.substring(service.length());
        } else if (t instanceof KtcException || t instanceof ServiceConfigurationError) {
            return message;
        }
        return t.getClass().getSimpleName() + ": " + message;
    }
}
