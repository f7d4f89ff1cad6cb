package org.ktcj.runtime.bie;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktcj.KtcException;
import org.ktcj.runtime.io.AtomicFiles;
import org.ktcj.runtime.quant.FixedPointModel;

/** A failed write leaves the old file as it was and no temporary file behind. */
class BieFileWriteTest {
    @TempDir
    Path dir;

    private Path file;
    private byte[] old;

    @BeforeEach
    void writeAnOldModel() throws IOException {
        file = dir.resolve("model.bie");
        BieFile.write(BieSamples.small(), file);
        old = Files.readAllBytes(file);
    }

    @Test
    void aModelWithoutItsFloatModelFailsBeforeTouchingTheFile() throws IOException {
        FixedPointModel broken = new FixedPointModel("720", null, BieSamples.small().fixedModel(), Map.of(), Map.of());
        assertWriteFails(broken, "cannot write: a .bie model needs the float model; this one has none");
    }

    @Test
    void aModelWithoutAChipFails() throws IOException {
        FixedPointModel broken = new FixedPointModel(" ", BieSamples.small().floatModel(),
                BieSamples.small().fixedModel(), Map.of(), Map.of());
        assertWriteFails(broken, "a .bie model needs the chip it was made for");
    }

    @Test
    void aFailureWhileWritingLeavesTheOldFile() throws IOException {
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(file, out -> {
            out.write(new byte[100_000]);
            throw new IOException("No space left on device");
        }));
        assertEquals("No space left on device", e.getMessage());
        assertUntouched();
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(file, out -> {
            out.write(1);
            throw new IllegalStateException("a bug in the encoder");
        }));
        assertUntouched();
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path nowhere = dir.resolve("no/such/dir/model.bie");
        KtcException e = assertThrows(KtcException.class, () -> BieFile.write(BieSamples.small(), nowhere));
        assertTrue(e.getMessage().startsWith(nowhere + ": cannot write: no such file or directory"), e.getMessage());
    }

    @Test
    void aDirectoryInTheWayIsNamed() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub.bie"));
        KtcException e = assertThrows(KtcException.class, () -> BieFile.write(BieSamples.small(), sub));
        assertEquals(sub + ": cannot write: it is a directory", e.getMessage());
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void aReadOnlyDirectoryLeavesTheOldFile() throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            // root writes regardless of permissions: then there is no failure to observe.
            assumeFalse(canCreateIn(dir), "permissions are not enforced here");
            KtcException e = assertThrows(KtcException.class, () -> BieFile.write(BieSamples.everything(), file));
            assertTrue(e.getMessage().startsWith(file + ": cannot write: "), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        assertUntouched();
    }

    private void assertWriteFails(FixedPointModel model, String expected) throws IOException {
        KtcException e = assertThrows(KtcException.class, () -> BieFile.write(model, file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertUntouched();
    }

    private void assertUntouched() throws IOException {
        assertArrayEquals(old, Files.readAllBytes(file), "the old file is intact");
        try (Stream<Path> listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file is left");
        }
    }

    private static boolean canCreateIn(Path d) {
        try {
            Files.delete(Files.createTempFile(d, "probe", ".tmp"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
