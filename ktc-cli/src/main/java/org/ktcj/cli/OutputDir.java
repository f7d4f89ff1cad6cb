package org.ktcj.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ktcj.KtcException;

/**
 * A command's output directory, written all at once: every file is first written to a staging
 * directory beside it, which then becomes the directory (one rename) or whose files are moved into the
 * existing directory (one rename each). A failure while writing leaves the directory as it was.
 */
final class OutputDir {
    private static final int MAX_NAME = 120;

    private OutputDir() {
    }

    /** Fails before any work is done when {@code dir} exists and is not a directory. */
    static void check(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new KtcException(dir + ": exists and is not a directory");
        }
    }

    /** Creates the directory (and its parents) if absent; a failure is one line naming it. */
    static void create(Path dir) {
        check(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new KtcException(dir + ": cannot create the directory: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the files, then puts them in place.
     *
     * @param files file name to the code writing that file at the path it is given
     * @return the files' final paths, in order
     */
    static List<Path> write(Path dir, Map<String, Consumer<Path>> files) {
        check(dir);
        Path target = dir.toAbsolutePath().normalize();
        Path stage = null;
        try {
            Files.createDirectories(target.getParent());
            stage = target.resolveSibling("." + target.getFileName() + ".ktc-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            Files.createDirectory(stage);
            for (Map.Entry<String, Consumer<Path>> f : files.entrySet()) {
                f.getValue().accept(stage.resolve(f.getKey()));
            }
            if (!Files.exists(target)) {
                Files.move(stage, target, StandardCopyOption.ATOMIC_MOVE);
            } else {
                for (String name : files.keySet()) {
                    Files.move(stage.resolve(name), target.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new KtcException(dir + ": cannot write: " + reason(e), e);
        } finally {
            deleteTree(stage);
        }
        List<Path> out = new ArrayList<>();
        for (String name : files.keySet()) {
            out.add(dir.resolve(name));
        }
        return out;
    }

    /**
     * A file name for each tensor name, ending in {@code suffix}: characters other than letters, digits,
     * '.', '-' and '_' become '_', a leading '.' too (no hidden files, no ".."), and names that would
     * clash (also on case-insensitive file systems) get "_2", "_3"...
     */
    static Map<String, String> fileNames(Collection<String> names, String suffix) {
        Map<String, String> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String name : names) {
            String base = name.replaceAll("[^A-Za-z0-9._-]", "_");
            if (base.isEmpty()) {
                base = "output";
            }
            if (base.startsWith(".")) {
                base = "_" + base.substring(1);
            }
            if (base.length() > MAX_NAME) {
                base = base.substring(0, MAX_NAME);
            }
            String file = base + suffix;
            for (int i = 2; !taken.add(file.toLowerCase(Locale.ROOT)); i++) {
                file = base + "_" + i + suffix;
            }
            out.put(name, file);
        }
        return out;
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover hidden staging directory does no harm to the result
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " already exists";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** Writes text as UTF-8; a failure is one line naming the file. */
    static void writeString(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new KtcException(file + ": cannot write: " + e.getMessage(), e);
        }
    }
}
