package org.ktcj.runtime.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.pf4j.ManifestPluginDescriptorFinder;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PropertiesPluginDescriptorFinder;
import org.pf4j.util.FileUtils;

/**
 * Finds a plugin's PF4J descriptor: {@code plugin.properties} at the top of a plugin directory (an
 * unpacked zip) or of a jar, else a jar's manifest ({@code Plugin-Id}, ...). PF4J's own compound finder
 * only logs why each kind failed and then says none applied; this one says what is missing.
 */
final class DescriptorFinder implements PluginDescriptorFinder {
    static final String PROPERTIES = PropertiesPluginDescriptorFinder.DEFAULT_PROPERTIES_FILE_NAME;

    private final PluginDescriptorFinder properties = new PropertiesPluginDescriptorFinder();
    private final PluginDescriptorFinder manifest = new ManifestPluginDescriptorFinder();

    @Override
    public boolean isApplicable(Path plugin) {
        return Files.isDirectory(plugin) || FileUtils.isJarFile(plugin);
    }

    @Override
    public PluginDescriptor find(Path plugin) {
        if (Files.isDirectory(plugin)) {
            if (!Files.isRegularFile(plugin.resolve(PROPERTIES))) {
                throw new PluginRejectedException("no " + PROPERTIES + " at its top");
            }
            return properties.find(plugin);
        }
        boolean hasProperties;
        try (JarFile jar = new JarFile(plugin.toFile())) {
            hasProperties = jar.getEntry(PROPERTIES) != null;
            if (!hasProperties && jar.getManifest() == null) {
                throw new PluginRejectedException("no manifest and no " + PROPERTIES + ": not a plugin");
            }
        } catch (IOException e) {
            throw new PluginRejectedException("cannot be read as a jar: " + e.getMessage(), e);
        }
        return hasProperties ? properties.find(plugin) : manifest.find(plugin);
    }
}
