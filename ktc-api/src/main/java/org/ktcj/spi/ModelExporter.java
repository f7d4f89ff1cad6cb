package org.ktcj.spi;

import java.nio.file.Path;
import org.ktcj.ir.Model;

/**
 * Writes the IR to a model format. Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.ktcj.spi.ModelExporter}). Writes atomically: on failure no file, or
 * the previous file, is left at {@code target}.
 */
public interface ModelExporter {
    /** The format's id ("onnx"). */
    String format();

    void export(Model model, Path target);
}
