package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ktc plugins} over ktc's class path (the four backends and ONNX) and a plugins directory. */
class PluginsCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsWhatWasFoundFromWhereAndWhatWasRejectedAndWhy() throws IOException {
        Manifest noPluginId = new Manifest();
        noPluginId.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        noPluginId.getMainAttributes().putValue("Plugin-Version", "1.0");
        new JarOutputStream(Files.newOutputStream(dir.resolve("broken.jar")), noPluginId).close();

        Ktc.Run r = run("--plugins-dir", dir);
        assertEquals(0, r.exit(), r::toString);
        List<String> lines = r.out().lines().toList();
        assertEquals("plugins directory: " + dir, lines.get(0), r::toString);
        assertEquals("loaded:", lines.get(1), r::toString);
        for (String chip : List.of("520", "720", "530", "630")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("  org.ktcj.backend.kl" + chip + ".Kl" + chip
                    + "Plugin (class path: ") && l.endsWith("): chips " + chip)), r::toString);
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("  org.ktcj.frontend.onnx.OnnxPlugin (class path: ")
                && l.endsWith("): reads onnx; writes onnx")), r::toString);
        assertEquals(List.of("rejected:", "  broken.jar: no plugin id: Plugin-Id in the jar's manifest, or plugin.id"
                + " in plugin.properties"), lines.subList(lines.size() - 2, lines.size()), r::toString);
    }

    @Test
    void saysWhenNothingWasRejected() {
        Ktc.Run r = run("--plugins-dir", dir);
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().endsWith("rejected: none" + System.lineSeparator()), r::toString);
    }

    @Test
    void aPluginsDirectoryThatIsNotThereIsAnError() {
        Ktc.Run r = run("--plugins-dir", dir.resolve("missing"));
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().contains("--plugins-dir " + dir.resolve("missing") + ": no such directory"), r::toString);
    }

    /** Runs the command on its own, without Main's one-line error handling. */
    private static Ktc.Run run(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new PluginsCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int exit = cmd.execute(List.of(args).stream().map(String::valueOf).toArray(String[]::new));
        return new Ktc.Run(exit, out.toString(), err.toString());
    }
}
