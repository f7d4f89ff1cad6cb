package org.ktcj.runtime.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.ktcj.KtcException;
import org.ktcj.spi.KtcPlugin;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginLoader;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.pf4j.util.FileUtils;

/**
 * The plugins directory, through PF4J: which files in it are plugins, and loading one of them, its
 * descriptor checked, into a class loader of its own ({@link IsolatingClassLoader}).
 *
 * <p>A plugin is a jar that names itself in its manifest ({@code Plugin-Id}, {@code Plugin-Version},
 * {@code Plugin-Requires}) or in a {@code plugin.properties} at its top, or a zip with
 * {@code plugin.properties} at its top and its jars in {@code lib/}. PF4J unpacks a zip into a directory
 * beside it, named as the zip without {@code .zip}: that directory is the zip's unpacked form, not another
 * plugin. Plugins are loaded each on its own; one may not depend on another ({@code Plugin-Dependencies}).
 */
final class PluginDirectory extends DefaultPluginManager {
    /** A bare version in Plugin-Requires ("1.0.0"): read as "^1.0.0", that version up to the next major. */
    private static final Pattern BARE_VERSION = Pattern.compile("\\d+(\\.\\d+){0,2}");

    /** The file each loaded plugin came from, by plugin id, for the message of a duplicate id. */
    private final Map<String, String> files = new HashMap<>();

    PluginDirectory(Path dir) {
        super(dir);
    }

    /**
     * The plugin files in a directory, by name: jars, zips, and directories that are not a zip's
     * unpacked form. Hidden files and any others (PF4J's enabled.txt, a README) are not plugins.
     */
    static List<Path> pluginFiles(Path dir) {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(p -> !name(p).startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new KtcException("cannot list the plugins directory " + dir + ": " + e.getMessage(), e);
        }
        Set<String> zips = entries.stream().map(PluginDirectory::name).filter(PluginDirectory::isZip)
                .map(n -> n.substring(0, n.length() - ".zip".length())).collect(Collectors.toSet());
        return entries.stream().filter(p -> Files.isDirectory(p)
                ? !zips.contains(name(p))
                : isZip(name(p)) || name(p).toLowerCase(Locale.ROOT).endsWith(".jar")).toList();
    }

    /**
     * Loads one plugin file into its class loader, resolved.
     *
     * @throws PluginRejectedException (or another exception PF4J throws) with the reason the file cannot be a
     *                                 plugin; nothing of it stays loaded
     */
    PluginWrapper load(Path file) {
        PluginWrapper plugin = getPlugin(loadPlugin(unpacked(file)));
        if (plugin.getPluginState() == PluginState.DISABLED) {
            unloadPlugin(plugin.getPluginId());
            throw new PluginRejectedException("disabled by the plugins directory's disabled.txt or enabled.txt");
        }
        files.put(plugin.getPluginId(), name(file));
        return plugin;
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new DescriptorFinder();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new CompoundPluginLoader()
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path plugin, PluginDescriptor descriptor) {
                        return new IsolatingClassLoader(pluginManager, descriptor);
                    }
                })
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path plugin, PluginDescriptor descriptor) {
                        return new IsolatingClassLoader(pluginManager, descriptor);
                    }
                });
    }

    /** PF4J's checks with reasons a user can act on, and the SPI version and no-dependency checks. */
    @Override
    protected void validatePluginDescriptor(PluginDescriptor descriptor) {
        String id = descriptor.getPluginId();
        if (id == null || id.isBlank()) {
            throw new PluginRejectedException("no plugin id: Plugin-Id in the jar's manifest, or plugin.id in "
                    + DescriptorFinder.PROPERTIES);
        }
        if (descriptor.getVersion() == null || descriptor.getVersion().isBlank()) {
            throw new PluginRejectedException("no plugin version: Plugin-Version in the jar's manifest, or "
                    + "plugin.version in " + DescriptorFinder.PROPERTIES);
        }
        if (getPlugin(id) != null) {
            throw new PluginRejectedException("plugin id '" + id + "' is already taken by " + files.get(id));
        }
        checkRequires(descriptor.getRequires().trim());
        List<PluginDependency> dependencies = descriptor.getDependencies();
        if (!dependencies.isEmpty()) {
            throw new PluginRejectedException("it depends on other plugins ("
                    + dependencies.stream().map(PluginDependency::getPluginId).collect(Collectors.joining(", "))
                    + "), but each plugin is loaded on its own: bundle what it needs in its lib/");
        }
    }

    /** The plugin names the SPI versions it works with, and this one is among them. */
    private void checkRequires(String requires) {
        if (requires.isEmpty() || requires.equals("*")) {
            throw new PluginRejectedException("no Plugin-Requires (plugin.requires): it must name the plugin SPI"
                    + " versions it works with, such as ^" + KtcPlugin.SPI_VERSION);
        }
        String range = BARE_VERSION.matcher(requires).matches() ? "^" + requires : requires;
        boolean compatible;
        try {
            compatible = getVersionManager().checkVersionConstraint(KtcPlugin.SPI_VERSION, range);
        } catch (RuntimeException e) {
            throw new PluginRejectedException("Plugin-Requires '" + requires + "' is not a SemVer range: "
                    + e.getMessage(), e);
        }
        if (!compatible) {
            throw new PluginRejectedException("it needs plugin SPI " + requires + " (Plugin-Requires), and this"
                    + " KTC-J has SPI " + KtcPlugin.SPI_VERSION);
        }
    }

    /** The directory PF4J unpacks a zip into (after checking it is one), or the file itself. */
    private static Path unpacked(Path file) {
        if (!FileUtils.isZipFile(file)) {
            return file;
        }
        // PF4J's unzip finds no entries in a file that is not a zip, and says nothing: check it first.
        try (ZipFile zip = new ZipFile(file.toFile())) {
            if (zip.getEntry(DescriptorFinder.PROPERTIES) == null) {
                throw new PluginRejectedException("no " + DescriptorFinder.PROPERTIES + " at the top of the zip");
            }
        } catch (IOException e) {
            throw new PluginRejectedException("cannot be read as a zip: " + e.getMessage(), e);
        }
        try {
            return FileUtils.expandIfZip(file);
        } catch (IOException e) {
            throw new PluginRejectedException("cannot be unpacked beside it: " + e.getMessage(), e);
        }
    }

    private static boolean isZip(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".zip");
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }
}
