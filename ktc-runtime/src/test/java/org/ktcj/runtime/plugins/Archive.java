package org.ktcj.runtime.plugins;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds the jars and zips of test plugins, entry by entry (after PF4J's test PluginJar). */
public final class Archive {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    /** A jar whose manifest has these main attributes (PF4J's Plugin-Id, ...), in this order. */
    static Archive jar(String... manifestKeysAndValues) {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        for (int i = 0; i < manifestKeysAndValues.length; i += 2) {
            m.getMainAttributes().putValue(manifestKeysAndValues[i], manifestKeysAndValues[i + 1]);
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            m.write(bytes);
            return new Archive().put(JarFile.MANIFEST_NAME, bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zip (or a jar with no manifest). */
    static Archive zip() {
        return new Archive();
    }

    Archive put(String name, byte[] bytes) {
        entries.put(name, bytes);
        return this;
    }

    Archive put(String name, String text) {
        return put(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A file's bytes under a name. */
    Archive putFile(String name, Path file) {
        try {
            return put(name, Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code dir}/{@code subdir}, named by its path from {@code dir}. */
    Archive putTree(Path dir, String subdir) {
        try (Stream<Path> files = Files.walk(dir.resolve(subdir))) {
            files.filter(Files::isRegularFile).sorted()
                    .forEach(f -> putFile(dir.relativize(f).toString().replace('\\', '/'), f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** {@code META-INF/services/<service>} listing the classes. */
    Archive service(Class<?> service, String... classNames) {
        return put("META-INF/services/" + service.getName(), String.join("\n", classNames) + "\n");
    }

    public Path write(Path file) {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
