package org.ktcj.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.runtime.plugins.PluginRegistry;
import org.ktcj.spi.ModelExporter;
import org.ktcj.spi.ModelFrontend;

/**
 * Reads and writes model files through the frontends and exporters of the plugins: the entry point for
 * loading a model by file name. Without a registry, the class path's plugins serve.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Reads a model file with the class path's frontends, choosing one by the file's ending. */
    public static Model load(Path file) {
        try (PluginRegistry plugins = PluginRegistry.fromClasspath()) {
            return load(file, plugins);
        }
    }

    /** Reads a model file with the registry's frontends, choosing one by the file's ending. */
    public static Model load(Path file, PluginRegistry plugins) {
        requireFile(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ModelFrontend f : plugins.frontends()) {
            for (String ext : f.fileExtensions()) {
                if (name.endsWith(ext)) {
                    return f.importModel(List.of(file));
                }
            }
        }
        throw new KtcException(file + ": no frontend reads files of this kind");
    }

    /** Reads model files with the class path's frontend of the format ("onnx", ...). */
    public static Model load(String format, List<Path> files) {
        try (PluginRegistry plugins = PluginRegistry.fromClasspath()) {
            return load(format, files, plugins);
        }
    }

    /** Reads model files with the registry's frontend of the format, or an error listing the formats there are. */
    public static Model load(String format, List<Path> files, PluginRegistry plugins) {
        files.forEach(ModelFiles::requireFile);
        for (ModelFrontend f : plugins.frontends()) {
            if (f.format().equalsIgnoreCase(format)) {
                return f.importModel(files);
            }
        }
        throw new KtcException("no frontend reads format '" + format + "'; available: "
                + plugins.frontends().stream().map(ModelFrontend::format).toList());
    }

    /** Writes a model with the class path's exporters, choosing one by the file's ending (".onnx"). */
    public static void save(Model model, Path file) {
        try (PluginRegistry plugins = PluginRegistry.fromClasspath()) {
            save(model, file, plugins);
        }
    }

    /** Writes a model with the registry's exporters, choosing one by the file's ending. */
    public static void save(Model model, Path file, PluginRegistry plugins) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String format = dot < 0 ? "" : name.substring(dot + 1);
        for (ModelExporter e : plugins.exporters()) {
            if (e.format().equalsIgnoreCase(format)) {
                e.export(model, file);
                return;
            }
        }
        throw new KtcException(file + ": no exporter writes '" + format + "' files");
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KtcException(file + ": no such file");
        }
    }
}
