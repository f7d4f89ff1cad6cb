package org.ktcj.runtime.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** I/O failures as the end of a one-line error ("model.bie: cannot write: permission denied"). */
public final class IoErrors {
    private IoErrors() {
    }

    /**
     * Why the operation failed, in a few words on one line. The file system's exceptions carry only a
     * path (often a temporary file's), so the common ones are named instead.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
