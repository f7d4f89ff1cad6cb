package org.ktcj.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.spi.ModelExporter;
import org.ktcj.spi.ModelFrontend;

/**
 * Reads and writes model files through the frontends and exporters on the class path (found with
 * {@link ServiceLoader}): the entry point for loading a model by file name.
 */
public final class ModelFiles {
    private ModelFiles() {
    }

    /** Every frontend on the class path. */
    public static List<ModelFrontend> frontends() {
        List<ModelFrontend> out = new ArrayList<>();
        ServiceLoader.load(ModelFrontend.class, ModelFiles.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /** Every exporter on the class path. */
    public static List<ModelExporter> exporters() {
        List<ModelExporter> out = new ArrayList<>();
        ServiceLoader.load(ModelExporter.class, ModelFiles.class.getClassLoader()).forEach(out::add);
        return out;
    }

    /** The frontend of the format ("onnx", ...), or an error listing the formats there are. */
    public static ModelFrontend frontend(String format) {
        List<ModelFrontend> all = frontends();
        for (ModelFrontend f : all) {
            if (f.format().equalsIgnoreCase(format)) {
                return f;
            }
        }
        throw new KtcException("no frontend reads format '" + format + "'; available: "
                + all.stream().map(ModelFrontend::format).toList());
    }

    /** Reads a model file, choosing the frontend by the file's ending. */
    public static Model load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new KtcException(file + ": no such file");
        }
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        for (ModelFrontend f : frontends()) {
            for (String ext : f.fileExtensions()) {
                if (name.endsWith(ext)) {
                    return f.importModel(List.of(file));
                }
            }
        }
        throw new KtcException(file + ": no frontend reads files of this kind");
    }

    /** Reads model files with the named format's frontend. */
    public static Model load(String format, List<Path> files) {
        for (Path p : files) {
            if (!Files.isRegularFile(p)) {
                throw new KtcException(p + ": no such file");
            }
        }
        return frontend(format).importModel(files);
    }

    /** Writes a model, choosing the exporter by the file's ending (".onnx"). */
    public static void save(Model model, Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        String format = dot < 0 ? "" : name.substring(dot + 1);
        for (ModelExporter e : exporters()) {
            if (e.format().equalsIgnoreCase(format)) {
                e.export(model, file);
                return;
            }
        }
        throw new KtcException(file + ": no exporter writes '" + format + "' files");
    }
}
