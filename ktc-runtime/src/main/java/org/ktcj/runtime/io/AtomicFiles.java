package org.ktcj.runtime.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that a reader sees either the old content or the whole new one, never a part: the
 * content goes to a hidden temporary file in the target's directory, is forced to disk, and is renamed
 * over the target. A crash or an error leaves the target as it was.
 */
public final class AtomicFiles {
    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFiles() {
    }

    /** What to write: the content, streamed to {@code out} (which the caller closes). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically. On any failure, an exception from {@code content} included, the
     * temporary file is removed and the exception propagates.
     *
     * @throws IOException when the file cannot be written or renamed (the target is a directory, the
     *                     directory is missing or read-only, the disk is full)
     */
    public static void write(Path target, Content content) throws IOException {
        Path file = target.toAbsolutePath();
        // A directory in the way would only fail the rename at the end; say so before writing anything.
        if (Files.isDirectory(file)) {
            throw new IOException("it is a directory");
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            moveIntoPlace(tmp, file);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void moveIntoPlace(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Only file systems without an atomic rename (some network mounts) get here.
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path tmp) {
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // never created, already renamed, or the directory vanished: nothing left to clean
        }
    }
}
