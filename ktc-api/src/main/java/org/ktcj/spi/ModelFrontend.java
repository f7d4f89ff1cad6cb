package org.ktcj.spi;

import java.nio.file.Path;
import java.util.List;
import org.ktcj.ir.Model;

/**
 * Reads a model format into the IR. Implementations are found with {@link java.util.ServiceLoader}
 * (list the class in {@code META-INF/services/org.ktcj.spi.ModelFrontend}).
 */
public interface ModelFrontend {
    /** The format's id as the command line names it: "onnx", "caffe", "tflite", "keras". */
    String format();

    /** File name endings this frontend reads, lower case with the dot (".onnx"). */
    List<String> fileExtensions();

    /**
     * Reads a model. Most formats take one file; some take several (Caffe: .prototxt and .caffemodel).
     *
     * @throws ModelFormatException with one line naming the file and what is wrong with it
     */
    Model importModel(List<Path> files);
}
