package org.ktcj.frontend.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ktcj.spi.ModelFormatException;

/** Reading whole protobuf files, with one-line errors that name the file. */
final class ProtoFiles {
    /** Largest array the JVM allocates, which is also about protobuf's message size limit. */
    private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private ProtoFiles() {
    }

    /**
     * The file's bytes. Parsed with aliasing, they become the backing store of the tensors, so they
     * are read once and never copied again.
     *
     * @param what what the file should hold ("model", "tensor"), for the messages
     */
    static byte[] readAll(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file + ": is a directory, not a " + what + " file");
        }
        if (!Files.exists(file)) {
            throw new ModelFormatException(file + ": no such file");
        }
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new ModelFormatException(file + ": the file is empty");
            }
            if (size > MAX_BYTES) {
                throw new ModelFormatException(file + ": " + size + " bytes is more than one protobuf message"
                        + " can hold (2 GiB); large weights must be stored as external data");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read: " + oneLine(e), e);
        }
    }

    /**
     * A protobuf input over the bytes that aliases them: parsed bytes fields (raw tensor data) become
     * views of the array, not copies.
     */
    static CodedInputStream aliasingInput(byte[] bytes) {
        CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
        in.enableAliasing(true);
        return in;
    }

    /** An exception's message on one line (some carry newlines). */
    static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
