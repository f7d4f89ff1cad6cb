package org.ktcj.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.ktcj.backend.npu.JsonChipTargetFactory;
import org.ktcj.spi.KtcPlugin;

/**
 * Third-party plugins, as their authors would build them outside this repository: Java sources compiled
 * with javac against the SPI (and the NPU kit), packed with a PF4J descriptor into jars and zips.
 */
public final class TestPlugins {
    /** The fictitious KX900 from Example Silicon: a chip description read by the NPU kit, nothing more. */
    static final String KX900 = "com.example.kx900.Kx900Plugin";
    /** A chip described in code, with no dependency beyond the SPI: fits in one jar. */
    static final String CODED = "com.example.coded.CodedChipPlugin";
    /** A second plugin offering the same chip id as {@link #CODED}. */
    static final String SAME_ID = "com.example.sameid.SameIdPlugin";
    /** A plugin offering the chip id of the KL720, which is on the test class path. */
    static final String KL720_AGAIN = "com.example.kl720again.Kl720AgainPlugin";
    /** A plugin offering the format of the ONNX frontend, which is on the test class path. */
    static final String ONNX_AGAIN = "com.example.onnxagain.OnnxAgainPlugin";
    /** A plugin whose constructor throws. */
    public static final String THROWS = "com.example.throwing.ThrowingPlugin";
    /** A plugin whose list of chips throws. */
    static final String BAD_CHIPS = "com.example.badchips.BadChipsPlugin";
    /**
     * A frontend for a format of its own, "chain": a text file whose first line is the float input's
     * shape ("1,3,4,4") and whose other lines are element-wise operators applied in turn, ending in "y".
     */
    public static final String CHAIN_FORMAT = "com.example.chain.ChainFormatPlugin";

    private static final String CODED_CHIP = """
            package %s;

            import java.util.List;
            import java.util.Map;
            import org.ktcj.KtcException;
            import org.ktcj.spi.KtcPlugin;
            import org.ktcj.spi.chip.ChipTarget;
            import org.ktcj.spi.chip.ChipTargetFactory;

            public final class %s implements KtcPlugin {
                @Override
                public List<ChipTargetFactory> chipTargets() {
                    return List.of(new ChipTargetFactory() {
                        @Override
                        public String id() {
                            return "%s";
                        }

                        @Override
                        public ChipTarget create(Map<String, String> config) {
                            throw new KtcException("the test chip %s is an id only");
                        }
                    });
                }
            }
            """;

    private static final Map<String, String> SOURCES = Map.of(
            KX900, """
                    package com.example.kx900;

                    import java.util.List;
                    import org.ktcj.backend.npu.JsonChipTargetFactory;
                    import org.ktcj.spi.KtcPlugin;
                    import org.ktcj.spi.chip.ChipTargetFactory;

                    public final class Kx900Plugin implements KtcPlugin {
                        @Override
                        public List<ChipTargetFactory> chipTargets() {
                            return List.of(new JsonChipTargetFactory(Kx900Plugin.class, "kx900.json"));
                        }
                    }
                    """,
            CODED, coded(CODED, "901"),
            SAME_ID, coded(SAME_ID, "901"),
            KL720_AGAIN, coded(KL720_AGAIN, "720"),
            ONNX_AGAIN, """
                    package com.example.onnxagain;

                    import java.nio.file.Path;
                    import java.util.List;
                    import org.ktcj.KtcException;
                    import org.ktcj.ir.Model;
                    import org.ktcj.spi.KtcPlugin;
                    import org.ktcj.spi.ModelFrontend;

                    public final class OnnxAgainPlugin implements KtcPlugin {
                        @Override
                        public List<ModelFrontend> frontends() {
                            return List.of(new ModelFrontend() {
                                @Override
                                public String format() {
                                    return "onnx";
                                }

                                @Override
                                public List<String> fileExtensions() {
                                    return List.of(".onnx");
                                }

                                @Override
                                public Model importModel(List<Path> files) {
                                    throw new KtcException("a test frontend reads nothing");
                                }
                            });
                        }
                    }
                    """,
            CHAIN_FORMAT, """
                    package com.example.chain;

                    import java.io.IOException;
                    import java.nio.file.Files;
                    import java.nio.file.Path;
                    import java.util.Arrays;
                    import java.util.List;
                    import org.ktcj.ir.DataType;
                    import org.ktcj.ir.Graph;
                    import org.ktcj.ir.Model;
                    import org.ktcj.ir.Node;
                    import org.ktcj.ir.ValueInfo;
                    import org.ktcj.spi.KtcPlugin;
                    import org.ktcj.spi.ModelFormatException;
                    import org.ktcj.spi.ModelFrontend;

                    public final class ChainFormatPlugin implements KtcPlugin {
                        @Override
                        public List<ModelFrontend> frontends() {
                            return List.of(new ModelFrontend() {
                                @Override
                                public String format() {
                                    return "chain";
                                }

                                @Override
                                public List<String> fileExtensions() {
                                    return List.of(".chain");
                                }

                                @Override
                                public Model importModel(List<Path> files) {
                                    List<String> lines;
                                    try {
                                        lines = Files.readAllLines(files.get(0));
                                    } catch (IOException e) {
                                        throw new ModelFormatException(files.get(0) + ": " + e.getMessage(), e);
                                    }
                                    if (lines.size() < 2) {
                                        throw new ModelFormatException(files.get(0) + ": a shape and an operator at least");
                                    }
                                    int[] shape = Arrays.stream(lines.get(0).split(",")).mapToInt(Integer::parseInt).toArray();
                                    Graph.Builder g = Graph.builder().name("chain")
                                            .input(ValueInfo.of("x", DataType.FLOAT, shape))
                                            .output(ValueInfo.of("y", DataType.FLOAT, shape));
                                    String value = "x";
                                    for (int i = 1; i < lines.size(); i++) {
                                        String next = i == lines.size() - 1 ? "y" : "v" + i;
                                        g.node(Node.builder(lines.get(i).strip()).name("n" + i).inputs(value).outputs(next).build());
                                        value = next;
                                    }
                                    return Model.builder(g.build()).opset(13).build();
                                }
                            });
                        }
                    }
                    """,
            THROWS, """
                    package com.example.throwing;

                    import org.ktcj.spi.KtcPlugin;

                    public final class ThrowingPlugin implements KtcPlugin {
                        public ThrowingPlugin() {
                            throw new IllegalStateException("no licence for this host");
                        }
                    }
                    """,
            BAD_CHIPS, """
                    package com.example.badchips;

                    import java.util.List;
                    import org.ktcj.spi.KtcPlugin;
                    import org.ktcj.spi.chip.ChipTargetFactory;

                    public final class BadChipsPlugin implements KtcPlugin {
                        @Override
                        public List<ChipTargetFactory> chipTargets() {
                            throw new UnsupportedOperationException("chip table not generated");
                        }
                    }
                    """);

    /** KX900's description: Kneron's operator table (inherited from the NPU kit) and its own column. */
    private static final String KX900_JSON = """
            {
              "description": "A fictitious chip for the plugin tests.",
              "inherits": "/org/ktcj/backend/npu/kneron-npu.json",
              "id": "900",
              "name": "KX900",
              "bit_widths": {"datapath": ["int8", "int16"], "weights": ["int8"]},
              "features": [],
              "hardware": {
                "mac_array": 1024,
                "clock_mhz": 800,
                "sram_bytes": 2097152,
                "dram_bytes_per_second": 6400000000,
                "efficiency": {"default": 0.5},
                "provisional": []
              },
              "operators": {
                "Conv": {"npu": true, "conditions": [6]},
                "Relu": {"npu": true},
                "Add":  {"npu": true, "conditions": [1]}
              }
            }
            """;

    private final Path work;
    private final Path classes;

    /** Compiles every test plugin into {@code work}. */
    public TestPlugins(Path work) throws IOException {
        this.work = work;
        this.classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                "-classpath", codeSource(KtcPlugin.class) + File.pathSeparator
                        + codeSource(JsonChipTargetFactory.class)));
        for (Map.Entry<String, String> e : SOURCES.entrySet()) {
            Path file = work.resolve("src").resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            args.add(Files.writeString(file, e.getValue()).toString());
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, diagnostics, args.toArray(String[]::new));
        assertEquals(0, status, diagnostics::toString);
        Files.writeString(classes.resolve("com/example/kx900/kx900.json"), KX900_JSON);
    }

    /** {@code Plugin-Id}, {@code Plugin-Version} and {@code Plugin-Requires} for a jar's manifest. */
    public static String[] descriptor(String id, String version, String requires) {
        return new String[] {"Plugin-Id", id, "Plugin-Version", version, "Plugin-Requires", requires};
    }

    /** A jar of the package of {@code entry}, with the manifest given, listing {@code entry} as its KtcPlugin. */
    public Archive jar(String entry, String... manifest) {
        return Archive.jar(manifest).putTree(classes, packageDir(entry)).service(KtcPlugin.class, entry);
    }

    /** A jar for the class path: the packages of the entries, listed as its KtcPlugins, and no descriptor. */
    Archive classpathJar(String... entries) {
        Archive jar = Archive.zip().service(KtcPlugin.class, entries);
        for (String entry : entries) {
            if (Files.isDirectory(classes.resolve(packageDir(entry)))) {
                jar.putTree(classes, packageDir(entry));
            }
        }
        return jar;
    }

    /**
     * A plugin zip as the build makes them: {@code plugin.properties} at the top, and in {@code lib/} the
     * jar of the entry's package and the jars given.
     */
    Path zip(Path file, String id, String entry, Path... libs) {
        Archive zip = Archive.zip()
                .put("plugin.properties", "plugin.id=" + id + "\nplugin.version=1.0.0\nplugin.requires=^1.0.0\n")
                .putFile("lib/" + id + ".jar", jar(entry).write(work.resolve(id + ".jar")));
        for (Path lib : libs) {
            zip.putFile("lib/" + lib.getFileName(), lib);
        }
        return zip.write(file);
    }

    /** KX900 packaged as the build packages the backends: its jar with the NPU kit and Jackson in lib/. */
    public Path kx900Zip(Path file) throws IOException {
        Path zip = work.resolve("kx900-plugin.zip");
        if (!Files.exists(zip)) {
            zip(zip, "kx900", KX900, jarOf(JsonChipTargetFactory.class),
                    jarOf(type("com.fasterxml.jackson.databind.ObjectMapper")),
                    jarOf(type("com.fasterxml.jackson.core.JsonFactory")),
                    jarOf(type("com.fasterxml.jackson.annotation.JsonProperty")));
        }
        return Files.copy(zip, file);
    }

    /** The jar a class comes from; a classes directory (as in a reactor build) is packed into one. */
    Path jarOf(Class<?> type) throws IOException {
        Path source = codeSource(type);
        if (Files.isRegularFile(source)) {
            return source;
        }
        Path jar = work.resolve(type.getName() + ".jar");
        return Files.exists(jar) ? jar : Archive.zip().putTree(source, "").write(jar);
    }

    private static String coded(String className, String chipId) {
        int dot = className.lastIndexOf('.');
        return CODED_CHIP.formatted(className.substring(0, dot), className.substring(dot + 1), chipId, chipId);
    }

    private static String packageDir(String className) {
        return className.substring(0, className.lastIndexOf('.')).replace('.', '/');
    }

    private static Path codeSource(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> type(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("not on the test class path: " + name, e);
        }
    }
}
