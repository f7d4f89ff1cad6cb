package org.ktcj.runtime.bie;

import static org.ktcj.runtime.bie.BieFormat.CHECKSUM_BYTES;
import static org.ktcj.runtime.bie.BieFormat.HEADER_BYTES;
import static org.ktcj.runtime.bie.BieFormat.MAGIC_BYTES;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.ktcj.runtime.bie.proto.BieProto.BieModel;
import org.ktcj.spi.ModelFormatException;

/**
 * The bytes around the message: header (magic, format version, payload length), the payload, and the
 * SHA-256 of header and payload. Reading checks them in the order that gives the most useful error:
 * what the file is, whether this code knows its version, whether it is whole, whether it is intact.
 */
final class BieEnvelope {
    private static final int WRITE_BUFFER_BYTES = 1 << 16;

    private BieEnvelope() {
    }

    /** Writes the whole file: header, message, checksum. */
    static void write(BieModel message, OutputStream out) throws IOException {
        MessageDigest sha = sha256();
        DigestOutputStream digested = new DigestOutputStream(out, sha);
        digested.write(header(message.getSerializedSize()));
        CodedOutputStream coded = CodedOutputStream.newInstance(digested, WRITE_BUFFER_BYTES);
        message.writeTo(coded);
        coded.flush();
        out.write(sha.digest());
    }

    /**
     * The message of a whole file's bytes. Tensors' raw data are views of {@code bytes}, not copies.
     *
     * @param source names the bytes in errors (the file's path)
     * @throws ModelFormatException with one line, starting with {@code source}, saying what is wrong
     */
    static BieModel read(byte[] bytes, String source) {
        checkMagic(bytes, source);
        ByteBuffer header = ByteBuffer.wrap(bytes, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        checkVersion(Short.toUnsignedInt(header.getShort(BieFormat.MAJOR_OFFSET)),
                Short.toUnsignedInt(header.getShort(BieFormat.MINOR_OFFSET)), source);
        int payloadBytes = checkLength(bytes.length, header.getLong(BieFormat.LENGTH_OFFSET), source);
        checkChecksum(bytes, HEADER_BYTES + payloadBytes, source);
        try {
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(bytes, HEADER_BYTES, payloadBytes).newCodedInput();
            in.enableAliasing(true);
            return BieModel.parseFrom(in);
        } catch (IOException e) {
            // The checksum matched, so the writer itself made this message wrong.
            throw new ModelFormatException(source + ": the model message is malformed (protobuf: "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim() + ")", e);
        }
    }

    private static byte[] header(int payloadBytes) {
        return ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC_BYTES)
                .putShort((short) BieFormat.MAJOR_VERSION).putShort((short) BieFormat.MINOR_VERSION)
                .putLong(payloadBytes).array();
    }

    private static void checkMagic(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new ModelFormatException(source + ": the file is empty, not a .bie model");
        }
        int n = Math.min(bytes.length, MAGIC_BYTES.length);
        if (!Arrays.equals(bytes, 0, n, MAGIC_BYTES, 0, n)) {
            throw new ModelFormatException(source + ": not a .bie model (it does not start with \""
                    + BieFormat.MAGIC + "\")");
        }
        if (bytes.length < HEADER_BYTES) {
            throw new ModelFormatException(source + ": truncated: " + bytes.length + " bytes, less than the "
                    + HEADER_BYTES + "-byte header");
        }
    }

    private static void checkVersion(int major, int minor, String source) {
        if (major > BieFormat.MAJOR_VERSION) {
            throw new ModelFormatException(source + ": .bie format version " + major + "." + minor
                    + " is newer than this KTC-J reads (" + BieFormat.MAJOR_VERSION + ".x); use a newer KTC-J");
        }
        if (major < BieFormat.MAJOR_VERSION) {
            throw new ModelFormatException(source + ": unknown .bie format version " + major + "." + minor);
        }
    }

    /** The payload length, once the file is known to be exactly header, payload and checksum long. */
    private static int checkLength(long fileBytes, long payloadBytes, String source) {
        long maxPayload = fileBytes - HEADER_BYTES - CHECKSUM_BYTES;
        // Unsigned in the file: a value past 2^63 reads as negative here, and no file is that long.
        if (payloadBytes < 0) {
            throw new ModelFormatException(source + ": corrupt: its header announces an impossible length");
        }
        if (payloadBytes > maxPayload) {
            throw new ModelFormatException(source + ": truncated: " + fileBytes + " bytes, but its header announces "
                    + (payloadBytes + HEADER_BYTES + CHECKSUM_BYTES));
        }
        if (payloadBytes < maxPayload) {
            throw new ModelFormatException(source + ": corrupt: " + (maxPayload - payloadBytes)
                    + " unexpected bytes after the end of the model");
        }
        return (int) payloadBytes;
    }

    private static void checkChecksum(byte[] bytes, int checkedBytes, String source) {
        MessageDigest sha = sha256();
        sha.update(bytes, 0, checkedBytes);
        byte[] stored = Arrays.copyOfRange(bytes, checkedBytes, checkedBytes + CHECKSUM_BYTES);
        if (!MessageDigest.isEqual(sha.digest(), stored)) {
            throw new ModelFormatException(source + ": corrupt: its " + BieFormat.CHECKSUM_ALGORITHM
                    + " checksum does not match its content");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance(BieFormat.CHECKSUM_ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform has SHA-256.
            throw new IllegalStateException(e);
        }
    }
}
