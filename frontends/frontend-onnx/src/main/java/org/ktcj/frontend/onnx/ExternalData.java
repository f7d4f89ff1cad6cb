package org.ktcj.frontend.onnx;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.ktcj.frontend.onnx.proto.OnnxProto.StringStringEntryProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.spi.ModelFormatException;

/** Reads a tensor's external data (ONNX's {@code data_location = EXTERNAL}) by memory-mapping it. */
final class ExternalData {
    private ExternalData() {
    }

    /**
     * Maps the bytes the tensor's {@code location}/{@code offset}/{@code length} entries name.
     *
     * @param baseDir       the model's directory; the location must stay inside it
     * @param expectedBytes the raw size the tensor's type and shape need
     * @param what          the tensor, as messages name it
     */
    static ByteBuffer map(TensorProto proto, Path baseDir, long expectedBytes, String what) {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : proto.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = number(e, what);
                case "length" -> length = number(e, what);
                default -> {
                    // "checksum" and "basepath" are not needed to read the data.
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new ModelFormatException(what + " has external data without a location");
        }
        if (baseDir == null) {
            throw new ModelFormatException(what + " has external data in '" + location
                    + "', but no directory to find it in was given");
        }
        String where = "external data file '" + location + "'";
        Path file = resolveInside(baseDir, location, what, where);
        try {
            long fileSize = Files.size(file);
            if (length < 0) {
                length = fileSize - offset;
            }
            if (offset < 0 || offset > fileSize || length < 0 || length > fileSize - offset) {
                throw new ModelFormatException(what + ": offset " + offset + " and length " + length
                        + " lie outside " + where + " (" + fileSize + " bytes)");
            }
            if (length != expectedBytes) {
                throw new ModelFormatException(what + ": " + where + " gives " + length
                        + " bytes, its type and shape need " + expectedBytes);
            }
            if (length > Integer.MAX_VALUE) {
                throw new ModelFormatException(what + ": " + length + " bytes in " + where
                        + " is more than one tensor can hold (2 GiB)");
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                // The mapping stays valid after the channel is closed.
                return ch.map(FileChannel.MapMode.READ_ONLY, offset, length);
            }
        } catch (IOException e) {
            throw new ModelFormatException(what + ": cannot read " + where + ": " + ProtoFiles.oneLine(e), e);
        }
    }

    /** The location resolved against the base directory; an error when it escapes it (also through links). */
    private static Path resolveInside(Path baseDir, String location, String what, String where) {
        Path base = baseDir.toAbsolutePath().normalize();
        Path file;
        try {
            Path loc = Path.of(location);
            file = base.resolve(loc).normalize();
            if (loc.isAbsolute() || !file.startsWith(base)) {
                throw new ModelFormatException(what + ": " + where + " is outside the model's directory");
            }
        } catch (InvalidPathException e) {
            throw new ModelFormatException(what + ": " + where + " is not a valid path", e);
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(what + ": " + where + " does not exist");
        }
        try {
            if (!file.toRealPath().startsWith(base.toRealPath())) {
                throw new ModelFormatException(what + ": " + where + " links outside the model's directory");
            }
        } catch (IOException e) {
            throw new ModelFormatException(what + ": cannot resolve " + where + ": " + ProtoFiles.oneLine(e), e);
        }
        return file;
    }

    private static long number(StringStringEntryProto e, String what) {
        try {
            return Long.parseLong(e.getValue().trim());
        } catch (NumberFormatException x) {
            throw new ModelFormatException(what + ": external data " + e.getKey() + " '" + e.getValue()
                    + "' is not a number", x);
        }
    }
}
