package org.ktcj.frontend.onnx;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ktcj.frontend.onnx.proto.OnnxProto.StringStringEntryProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/** Appends tensors' raw bytes to an external data file and describes them as ONNX expects. */
final class ExternalDataWriter implements Closeable {
    /** Smaller tensors stay inline, as ONNX's own converter keeps them. */
    static final long MIN_EXTERNAL_BYTES = 1024;

    private final FileChannel channel;
    private final String location;
    private long offset;

    /**
     * @param file     where the bytes go now (a temporary file)
     * @param location the file name the model will refer to, relative to the model's directory
     */
    ExternalDataWriter(Path file, String location) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.location = location;
    }

    /** The tensor as a {@code TensorProto}: its data appended to the file, or inline when small. */
    TensorProto tensor(String name, Tensor t) {
        long bytes = (long) t.size() * t.type().byteSize();
        if (t.type() == DataType.STRING || bytes < MIN_EXTERNAL_BYTES) {
            return OnnxTensors.toProto(name, t);
        }
        ByteBuffer data = t.toRawBytes();
        try {
            while (data.hasRemaining()) {
                channel.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        TensorProto p = OnnxTensors.header(name, t).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", Long.toString(offset)))
                .addExternalData(entry("length", Long.toString(bytes)))
                .build();
        offset += bytes;
        return p;
    }

    /** Flushes the data to the disk. */
    void sync() throws IOException {
        channel.force(true);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
