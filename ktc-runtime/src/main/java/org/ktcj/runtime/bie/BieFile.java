package org.ktcj.runtime.bie;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.ktcj.KtcException;
import org.ktcj.runtime.bie.proto.BieProto.BieModel;
import org.ktcj.runtime.io.AtomicFiles;
import org.ktcj.runtime.io.IoErrors;
import org.ktcj.runtime.quant.FixedPointModel;
import org.ktcj.spi.ModelFormatException;

/**
 * Reads and writes {@code .bie} files: a {@link FixedPointModel} (chip, float and fixed-point models,
 * quantization parameters, options) in this project's open, versioned format, specified in
 * docs/formats.md. Files are written atomically and checked on reading: every problem is one
 * {@link KtcException} line that names the file.
 */
public final class BieFile {
    /** Largest array the JVM allocates; a .bie file is read whole. */
    private static final long MAX_FILE_BYTES = Integer.MAX_VALUE - 8;
    private static final String IN_MEMORY = "(in-memory .bie)";

    private BieFile() {
    }

    /**
     * Writes the model to {@code file}, atomically: through a temporary file in the same directory that
     * is renamed into place, so the file holds either its old content or the whole new model.
     *
     * @throws KtcException naming the file when the model cannot be encoded or the file not written;
     *                      the file is then unchanged and no temporary file is left
     */
    public static void write(FixedPointModel model, Path file) {
        BieModel message;
        try {
            message = BieConverter.toProto(model);
        } catch (KtcException e) {
            throw new KtcException(file + ": cannot write: " + e.getMessage(), e);
        }
        try {
            AtomicFiles.write(file, out -> BieEnvelope.write(message, out));
        } catch (IOException e) {
            throw new KtcException(file + ": cannot write: " + IoErrors.reason(e), e);
        }
    }

    /**
     * Reads a model. Its tensors' data stay views of the file's bytes, read once.
     *
     * @throws ModelFormatException naming the file when it is missing, not a .bie file, of a newer
     *                              major format version, truncated or corrupt
     */
    public static FixedPointModel read(Path file) {
        return decode(readAll(file), file.toString());
    }

    /** The bytes of a {@code .bie} file holding the model. */
    public static byte[] toBytes(FixedPointModel model) {
        BieModel message = BieConverter.toProto(model);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            BieEnvelope.write(message, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return out.toByteArray();
    }

    /**
     * The model held by the bytes of a {@code .bie} file. Tensors are views of {@code bytes}: do not
     * change the array afterwards.
     *
     * @throws ModelFormatException when the bytes are not a whole, intact .bie file of a known version
     */
    public static FixedPointModel fromBytes(byte[] bytes) {
        return decode(bytes, IN_MEMORY);
    }

    private static FixedPointModel decode(byte[] bytes, String source) {
        BieModel message = BieEnvelope.read(bytes, source);
        try {
            return BieConverter.fromProto(message);
        } catch (KtcException | IllegalArgumentException e) {
            // The checksum matched: the writer put something the IR rejects.
            throw new ModelFormatException(source + ": " + e.getMessage(), e);
        }
    }

    private static byte[] readAll(Path file) {
        if (Files.isDirectory(file)) {
            throw new ModelFormatException(file + ": is a directory, not a .bie file");
        }
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new ModelFormatException(file + ": " + size + " bytes, larger than any .bie file (2 GiB)");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": no such file", e);
        } catch (IOException e) {
            throw new ModelFormatException(file + ": cannot read: " + IoErrors.reason(e), e);
        }
    }
}
