package org.ktcj.runtime.bie;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.KtcException;
import org.ktcj.runtime.bie.proto.BieProto;

/** Every kind of bad input gives one clear line that names the file, and nothing else. */
class BieFileErrorsTest {
    private static byte[] good;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeAModel() {
        good = BieFile.toBytes(BieSamples.small());
    }

    @Test
    void aTruncatedFileSaysSoAtEveryLength() throws Exception {
        Path file = dir.resolve("cut.bie");
        // Every length in the header and near the end, and a spread of lengths in between.
        for (int length = 1; length < good.length; length += length < 40 || length > good.length - 40 ? 1 : 97) {
            Files.write(file, Arrays.copyOf(good, length));
            assertError(file, "truncated");
        }
    }

    @Test
    void aFlippedBitAnywhereIsCaught() throws Exception {
        Path file = dir.resolve("flipped.bie");
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            Files.write(file, bad);
            String message = assertError(file, "");
            // In the header a flip may read as another version or length; after it, only the checksum can tell.
            if (i >= BieFormat.HEADER_BYTES) {
                assertTrue(message.contains("checksum does not match"), "byte " + i + ": " + message);
            }
        }
    }

    @Test
    void aFileOfAnotherKindIsNotABie() throws Exception {
        Path file = dir.resolve("model.bie");
        Files.writeString(file, "<?xml version=\"1.0\"?><model/>");
        assertError(file, "not a .bie model (it does not start with \"KTCBIE\")");
        byte[] wrongMagic = good.clone();
        wrongMagic[3] = 'X';
        Files.write(file, wrongMagic);
        assertError(file, "not a .bie model");
    }

    @Test
    void aNewerMajorVersionAsksForANewerKtc() throws Exception {
        Path file = dir.resolve("future.bie");
        Files.write(file, withVersion(BieFormat.MAJOR_VERSION + 1, 4));
        assertError(file, ".bie format version 2.4 is newer than this KTC-J reads (1.x); use a newer KTC-J");
    }

    @Test
    void aNewerMinorVersionIsReadByTheSameMajor() {
        // A minor version only adds fields; its header is still covered by the checksum, so recompute it.
        byte[] newer = withVersion(BieFormat.MAJOR_VERSION, 7);
        BieTestFiles.resign(newer);
        assertEquals(ModelDump.of(BieSamples.small()), ModelDump.of(BieFile.fromBytes(newer)));
    }

    @Test
    void versionZeroIsUnknown() throws Exception {
        Path file = dir.resolve("old.bie");
        Files.write(file, withVersion(0, 9));
        assertError(file, "unknown .bie format version 0.9");
    }

    @Test
    void trailingBytesAreCorruption() throws Exception {
        Path file = dir.resolve("long.bie");
        Files.write(file, Arrays.copyOf(good, good.length + 3));
        assertError(file, "corrupt: 3 unexpected bytes after the end of the model");
    }

    @Test
    void anEmptyFileSaysSo() throws Exception {
        Path file = dir.resolve("empty.bie");
        Files.write(file, new byte[0]);
        assertError(file, "the file is empty, not a .bie model");
    }

    @Test
    void aDirectoryOrAMissingFileSaysSo() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("model.bie"));
        assertError(sub, "is a directory, not a .bie file");
        assertError(dir.resolve("missing.bie"), "no such file");
    }

    @Test
    void anIntactFileWithAWrongMessageIsReported() throws Exception {
        Path file = dir.resolve("odd.bie");
        byte[] garbage = good.clone();
        Arrays.fill(garbage, BieFormat.HEADER_BYTES, garbage.length - BieFormat.CHECKSUM_BYTES, (byte) 0xff);
        BieTestFiles.resign(garbage);
        Files.write(file, garbage);
        assertError(file, "the model message is malformed (protobuf: ");

        ByteArrayOutputStream noModels = new ByteArrayOutputStream();
        BieEnvelope.write(BieProto.BieModel.newBuilder().setChipId("720").build(), noModels);
        Files.write(file, noModels.toByteArray());
        assertError(file, "the file lacks its float model");
    }

    @Test
    void bytesInMemoryAreNamedAsSuch() {
        KtcException e = assertThrows(KtcException.class, () -> BieFile.fromBytes(Arrays.copyOf(good, 30)));
        assertTrue(e.getMessage().startsWith("(in-memory .bie): truncated"), e.getMessage());
    }

    private byte[] withVersion(int major, int minor) {
        byte[] b = good.clone();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(6, (short) major).putShort(8, (short) minor);
        return b;
    }

    /** Reading fails with one line that starts with the file's name and contains {@code expected}. */
    private static String assertError(Path file, String expected) {
        KtcException e = assertThrows(KtcException.class, () -> BieFile.read(file), file.toString());
        String m = e.getMessage();
        assertTrue(m.startsWith(file + ": "), m);
        assertTrue(m.contains(expected), m);
        assertFalse(m.contains("\n"), m);
        return m;
    }
}
