package org.ktcj.frontend.onnx;

import com.google.protobuf.CodedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.ktcj.KtcException;
import org.ktcj.frontend.onnx.proto.OnnxProto.ModelProto;
import org.ktcj.ir.Model;
import org.ktcj.spi.ModelExporter;

/**
 * Writes the IR as an {@code .onnx} model. Files are written atomically (a temporary file renamed into
 * place). When the weights would not fit protobuf's 2 GiB message limit, the large initializers go to
 * an external data file {@code <model file name>.data} beside the model.
 */
public final class OnnxExporter implements ModelExporter {
    /** Protobuf's 2 GiB limit, less room for the graph itself. */
    static final long MAX_INLINE_BYTES = (2L << 30) - (64L << 20);

    /** The exporter as {@link java.util.ServiceLoader} creates it. */
    public OnnxExporter() {
    }

    @Override
    public String format() {
        return "onnx";
    }

    /** See {@link #write(Model, Path)}. */
    @Override
    public void export(Model model, Path target) {
        write(model, target);
    }

    /**
     * Writes the model to {@code target}, atomically: on failure the previous file (or none) is left.
     *
     * @throws KtcException naming the file when it cannot be written
     */
    public static void write(Model model, Path target) {
        write(model, target, MAX_INLINE_BYTES);
    }

    /**
     * The model as the bytes of an {@code .onnx} file, all tensors inline.
     *
     * @throws KtcException when the weights exceed what one protobuf message can hold
     */
    public static byte[] toBytes(Model model) {
        long bytes = ModelWriter.initializerBytes(model.graph());
        if (bytes > MAX_INLINE_BYTES) {
            throw new KtcException("the model's " + bytes + " bytes of weights exceed what one ONNX message can"
                    + " hold (2 GiB); write it to a file, which puts them in external data");
        }
        return new ModelWriter(null).model(model).toByteArray();
    }

    /** As {@link #write(Model, Path)}, with initializers going external once they total more than the limit. */
    static void write(Model model, Path target, long maxInlineBytes) {
        Path dir = target.toAbsolutePath().getParent();
        String fileName = target.getFileName().toString();
        Path dataTarget = dir.resolve(fileName + ".data");
        boolean external = ModelWriter.initializerBytes(model.graph()) > maxInlineBytes;
        Path tmpModel = null;
        Path tmpData = null;
        try {
            // A directory in the way would only fail a rename at the end; say so before writing anything.
            if (Files.isDirectory(target)) {
                throw new IOException("it is a directory");
            }
            if (external && Files.isDirectory(dataTarget)) {
                throw new IOException(dataTarget.getFileName() + " is a directory");
            }
            tmpModel = newTempFile(dir, fileName);
            ModelProto proto;
            if (external) {
                tmpData = newTempFile(dir, dataTarget.getFileName().toString());
                try (ExternalDataWriter data = new ExternalDataWriter(tmpData, dataTarget.getFileName().toString())) {
                    proto = new ModelWriter(data).model(model);
                    data.sync();
                }
            } else {
                proto = new ModelWriter(null).model(model);
            }
            writeProto(proto, tmpModel);
            // The data first: the model must never refer to data that is not there yet.
            if (tmpData != null) {
                Files.move(tmpData, dataTarget, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmpModel, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new KtcException(target + ": cannot write the model: " + ProtoFiles.oneLine(io), e);
        } finally {
            deleteQuietly(tmpModel);
            deleteQuietly(tmpData);
        }
    }

    private static void writeProto(ModelProto proto, Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            CodedOutputStream out = CodedOutputStream.newInstance(Channels.newOutputStream(ch), 1 << 16);
            proto.writeTo(out);
            out.flush();
            ch.force(true);
        }
    }

    /** A new hidden file beside the target; unlike Files.createTempFile it gets the usual permissions. */
    private static Path newTempFile(Path dir, String targetName) throws IOException {
        while (true) {
            String suffix = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            try {
                return Files.createFile(dir.resolve("." + targetName + "." + suffix + ".tmp"));
            } catch (FileAlreadyExistsException e) {
                // try another name
            }
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The write has already failed or succeeded; a leftover temporary file must not mask that.
        }
    }
}
