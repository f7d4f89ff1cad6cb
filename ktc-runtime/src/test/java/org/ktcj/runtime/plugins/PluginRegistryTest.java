package org.ktcj.runtime.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.plugins.TestPlugins.descriptor;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.ktcj.KtcException;
import org.ktcj.backend.npu.JsonChipTarget;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.ModelExporter;
import org.ktcj.spi.ModelFrontend;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.ChipTargetFactory;
import org.pf4j.PluginClassLoader;

/**
 * The registry over the test class path (which has the four chip backends and the ONNX plugin) and plugins
 * directories of test-built third-party plugins, good and broken.
 */
class PluginRegistryTest {
    private static final String KL720_PLUGIN = "org.ktcj.backend.kl720.Kl720Plugin";
    private static final String ONNX_PLUGIN = "org.ktcj.frontend.onnx.OnnxPlugin";

    @TempDir
    static Path work;

    private static TestPlugins plugins;

    /** The plugins directory. */
    @TempDir
    Path dir;

    @BeforeAll
    static void compilePlugins() throws IOException {
        plugins = new TestPlugins(work);
    }

    @Test
    void aHostGetsWhatIsOnItsClassPathWithNoPluginsDirectory() {
        try (PluginRegistry registry = PluginRegistry.fromClasspath()) {
            assertEquals("KL720", registry.chipTarget("720").create(Map.of()).name());
            assertEquals(List.of("520", "530", "630", "720"), ids(registry.chipTargets()));
            assertEquals(List.of("onnx"), formats(registry.frontends()));
            assertEquals(List.of("onnx"), registry.exporters().stream().map(ModelExporter::format).toList());
            assertEquals(List.of(), registry.rejected());
            LoadedPlugin kl720 = loaded(registry, KL720_PLUGIN);
            assertEquals(PluginSource.CLASSPATH, kl720.source());
            assertEquals(List.of("720"), kl720.chipTargets());
            assertEquals(List.of("onnx"), loaded(registry, ONNX_PLUGIN).exporters());
        }
    }

    @Test
    void aThirdPartyChipPluginLoadsFromItsZipInAClassLoaderOfItsOwn() throws IOException {
        plugins.kx900Zip(dir.resolve("kx900-1.0.0-plugin.zip"));
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            assertEquals(List.of(), registry.rejected());
            LoadedPlugin kx900 = loaded(registry, "kx900 1.0.0");
            assertEquals(PluginSource.PLUGINS_DIR, kx900.source());
            assertEquals("kx900-1.0.0-plugin.zip", kx900.file());
            assertEquals(List.of("900"), kx900.chipTargets());
            assertEquals(List.of("520", "530", "630", "720", "900"), ids(registry.chipTargets()));

            ChipTarget chip = registry.chipTarget("900").create(Map.of());
            assertEquals("KX900", chip.name());
            assertEquals(Set.of("Add", "Conv", "Relu"), chip.support().npuOperators());
            assertEquals(1024, chip.hardware().macArray());
            assertEquals(1000, registry.chipTarget("900").create(Map.of("clock_mhz", "1000")).hardware().clockMhz());
            // The NPU kit's rules engine, from the plugin's lib/, not the host's copy.
            assertEquals(JsonChipTarget.class.getName(), chip.getClass().getName());
            assertNotSame(JsonChipTarget.class, chip.getClass());
            assertInstanceOf(PluginClassLoader.class, chip.getClass().getClassLoader());
        }
    }

    @Test
    void brokenPluginsAreReportedByFileAndSkippedWhileTheOthersLoad() throws IOException {
        plugins.kx900Zip(dir.resolve("kx900-1.0.0-plugin.zip"));
        plugins.jar(TestPlugins.CODED, descriptor("coded", "1.0", "^1.0.0")).write(dir.resolve("coded-1.0.jar"));
        Files.writeString(dir.resolve("README.txt"), "not a plugin, and not taken for one");
        Files.writeString(dir.resolve(".hidden.jar"), "not looked at");

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("bad-chips.jar", "UnsupportedOperationException: chip table not generated");
        plugins.jar(TestPlugins.BAD_CHIPS, descriptor("bad-chips", "1", "1.0.0")).write(dir.resolve("bad-chips.jar"));
        expected.put("corrupt.jar", "cannot be read as a jar");
        Files.writeString(dir.resolve("corrupt.jar"), "not a jar");
        expected.put("corrupt.zip", "cannot be read as a zip");
        Files.writeString(dir.resolve("corrupt.zip"), "not a zip");
        expected.put("depends.jar", "it depends on other plugins (coded)");
        plugins.jar(TestPlugins.CODED, "Plugin-Id", "depends", "Plugin-Version", "1", "Plugin-Requires", "^1.0",
                "Plugin-Dependencies", "coded").write(dir.resolve("depends.jar"));
        expected.put("dup-plugin-id.jar", "plugin id 'coded' is already taken by coded-1.0.jar");
        plugins.jar(TestPlugins.CODED, descriptor("coded", "2.0", "^1.0.0")).write(dir.resolve("dup-plugin-id.jar"));
        expected.put("kl720-again.jar", "chip '720' is already provided by " + KL720_PLUGIN + " (");
        plugins.jar(TestPlugins.KL720_AGAIN, descriptor("kl720-again", "1", "^1.0.0"))
                .write(dir.resolve("kl720-again.jar"));
        expected.put("loose-dir", "no plugin.properties at its top");
        Files.createDirectories(dir.resolve("loose-dir/lib"));
        expected.put("missing-class.jar", "Provider com.example.gone.Gone not found");
        Archive.jar(descriptor("missing-class", "1", "^1.0.0")).service(KtcPlugin.class, "com.example.gone.Gone")
                .write(dir.resolve("missing-class.jar"));
        expected.put("no-entry.jar", "it has no META-INF/services/org.ktcj.spi.KtcPlugin naming its entry point");
        Archive.jar(descriptor("no-entry", "1", "^1.0.0")).write(dir.resolve("no-entry.jar"));
        expected.put("no-id.jar", "no plugin id: Plugin-Id in the jar's manifest");
        plugins.jar(TestPlugins.CODED, "Plugin-Version", "1.0", "Plugin-Requires", "^1.0.0")
                .write(dir.resolve("no-id.jar"));
        expected.put("no-lib.jar", "class org.ktcj.backend.npu.JsonChipTargetFactory not found");
        plugins.jar(TestPlugins.KX900, descriptor("no-lib", "1", "^1.0.0")).write(dir.resolve("no-lib.jar"));
        expected.put("no-manifest.jar", "no manifest and no plugin.properties: not a plugin");
        plugins.classpathJar(TestPlugins.CODED).write(dir.resolve("no-manifest.jar"));
        expected.put("onnx-again.jar", "frontend 'onnx' is already provided by " + ONNX_PLUGIN + " (");
        plugins.jar(TestPlugins.ONNX_AGAIN, descriptor("onnx-again", "1", "^1.0.0"))
                .write(dir.resolve("onnx-again.jar"));
        expected.put("same-chip.jar", "chip '901' is already provided by coded 1.0 (coded-1.0.jar)");
        plugins.jar(TestPlugins.SAME_ID, descriptor("same-chip", "1", "^1.0.0")).write(dir.resolve("same-chip.jar"));
        expected.put("spi-2.jar", "it needs plugin SPI >=2.0.0 (Plugin-Requires), and this KTC-J has SPI "
                + KtcPlugin.SPI_VERSION);
        plugins.jar(TestPlugins.CODED, descriptor("spi-2", "1", ">=2.0.0")).write(dir.resolve("spi-2.jar"));
        expected.put("throws.jar", "Provider com.example.throwing.ThrowingPlugin could not be instantiated: "
                + "IllegalStateException: no licence for this host");
        plugins.jar(TestPlugins.THROWS, descriptor("throws", "1", "^1.0.0")).write(dir.resolve("throws.jar"));

        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            assertEquals(List.of("coded 1.0", "kx900 1.0.0"), registry.loaded().stream()
                    .filter(p -> p.source() == PluginSource.PLUGINS_DIR).map(LoadedPlugin::name).toList());
            assertEquals(List.of("520", "530", "630", "720", "900", "901"), ids(registry.chipTargets()));
            assertEquals(List.of("onnx"), formats(registry.frontends()));

            assertEquals(List.copyOf(expected.keySet()),
                    registry.rejected().stream().map(RejectedPlugin::file).toList());
            for (RejectedPlugin r : registry.rejected()) {
                assertEquals(PluginSource.PLUGINS_DIR, r.source());
                assertTrue(r.reason().contains(expected.get(r.file())),
                        () -> r + " does not say " + expected.get(r.file()));
                assertEquals(1, r.reason().lines().count(), r::toString);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({
        "^1.0.0, ",
        "1.0.0, ",
        "1.0, ",
        ">=1.0.0 & <2.0.0, ",
        "'^2.0.0', it needs plugin SPI ^2.0.0 (Plugin-Requires)",
        "0.9.0, it needs plugin SPI 0.9.0",
        "'*', no Plugin-Requires (plugin.requires): it must name the plugin SPI versions it works with",
        "'>=one', Plugin-Requires '>=one' is not a SemVer range",
    })
    void aPluginNamesTheSpiVersionsItWorksWith(String requires, String rejection) {
        plugins.jar(TestPlugins.CODED, descriptor("coded", "1.0", requires)).write(dir.resolve("coded.jar"));
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            if (rejection == null) {
                assertEquals(List.of(), registry.rejected());
                assertEquals(List.of("901"), loaded(registry, "coded 1.0").chipTargets());
            } else {
                assertEquals(1, registry.rejected().size());
                assertTrue(registry.rejected().get(0).reason().startsWith(rejection), registry.rejected()::toString);
            }
        }
    }

    @Test
    void aBrokenPluginOnTheClassPathIsReportedAndTheOthersLoad() throws IOException {
        Path jar = plugins.classpathJar(TestPlugins.THROWS, "com.example.gone.Gone", TestPlugins.CODED)
                .write(work.resolve("classpath.jar"));
        try (URLClassLoader classpath = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                getClass().getClassLoader());
             PluginRegistry registry = PluginRegistry.load(classpath, null)) {
            assertEquals(List.of("520", "530", "630", "720", "901"), ids(registry.chipTargets()));
            assertEquals("classpath.jar", loaded(registry, TestPlugins.CODED).file());
            String services = PluginRegistry.SERVICES;
            assertEquals(List.of(
                    new RejectedPlugin(PluginSource.CLASSPATH, services, "Provider " + TestPlugins.THROWS
                            + " could not be instantiated: IllegalStateException: no licence for this host"),
                    new RejectedPlugin(PluginSource.CLASSPATH, services, "Provider com.example.gone.Gone not found")),
                    registry.rejected());
        }
    }

    @Test
    void theApiIsTheHostsEvenWhenAPluginBundlesACopy() throws IOException {
        plugins.zip(dir.resolve("coded-with-api.zip"), "coded", TestPlugins.CODED, plugins.jarOf(KtcPlugin.class));
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            assertEquals(List.of(), registry.rejected());
            // The plugin throws the host's KtcException, not its copy's.
            KtcException e = assertThrows(KtcException.class, () -> registry.chipTarget("901").create(Map.of()));
            assertEquals("the test chip 901 is an id only", e.getMessage());
        }
    }

    @Test
    void aZipIsUnpackedBesideItAndThatDirectoryIsNotASecondPlugin() {
        plugins.zip(dir.resolve("coded.zip"), "coded", TestPlugins.CODED);
        for (int run = 0; run < 2; run++) {
            try (PluginRegistry registry = PluginRegistry.load(dir)) {
                assertEquals(List.of(), registry.rejected());
                assertEquals("coded.zip", loaded(registry, "coded 1.0.0").file());
            }
        }
        assertTrue(Files.isRegularFile(dir.resolve("coded/lib/coded.jar")));
    }

    @Test
    void aPluginListedInDisabledTxtIsSkipped() throws IOException {
        plugins.jar(TestPlugins.CODED, descriptor("coded", "1.0", "^1.0.0")).write(dir.resolve("coded.jar"));
        Files.writeString(dir.resolve("disabled.txt"), "coded\n");
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            assertEquals(List.of(new RejectedPlugin(PluginSource.PLUGINS_DIR, "coded.jar",
                    "disabled by the plugins directory's disabled.txt or enabled.txt")), registry.rejected());
        }
    }

    @Test
    void anUnknownChipIsAnErrorNamingTheKnownOnesAndTheRejectedPlugins() throws IOException {
        Files.writeString(dir.resolve("corrupt.jar"), "not a jar");
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            KtcException e = assertThrows(KtcException.class, () -> registry.chipTarget("900"));
            assertEquals("unknown chip '900' (known chips: 520, 530, 630, 720; rejected plugins: corrupt.jar)", e.getMessage());
        }
    }

    @Test
    void closingTheRegistryClosesThePluginClassLoaders() {
        plugins.jar(TestPlugins.CODED, descriptor("coded", "1.0", "^1.0.0")).write(dir.resolve("coded.jar"));
        PluginClassLoader loader;
        try (PluginRegistry registry = PluginRegistry.load(dir)) {
            loader = (PluginClassLoader) registry.chipTarget("901").getClass().getClassLoader();
            assertFalse(loader.isClosed());
        }
        assertTrue(loader.isClosed());
    }

    @Test
    void aMissingPluginsDirectoryHoldsNoPlugins() {
        try (PluginRegistry registry = PluginRegistry.load(dir.resolve("none"))) {
            assertEquals(List.of("org.ktcj.backend.kl520.Kl520Plugin", "org.ktcj.backend.kl530.Kl530Plugin",
                    "org.ktcj.backend.kl630.Kl630Plugin", KL720_PLUGIN, ONNX_PLUGIN),
                    registry.loaded().stream().map(LoadedPlugin::name).sorted().toList());
            assertEquals(List.of(), registry.rejected());
        }
    }

    @Test
    void thePluginsDirectoryIsKtcPluginsDirElseInTheHomeDirectory() {
        assertEquals(Path.of("/opt/ktc/plugins"),
                PluginRegistry.defaultPluginsDir(Map.of("KTC_PLUGINS_DIR", "/opt/ktc/plugins"), "/users/me"));
        assertEquals(Path.of("/users/me/.ktc/plugins"), PluginRegistry.defaultPluginsDir(Map.of(), "/users/me"));
        assertEquals(Path.of("/users/me/.ktc/plugins"),
                PluginRegistry.defaultPluginsDir(Map.of("KTC_PLUGINS_DIR", " "), "/users/me"));
    }

    private static LoadedPlugin loaded(PluginRegistry registry, String name) {
        return registry.loaded().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not loaded: " + registry.loaded()
                        + registry.rejected()));
    }

    private static List<String> ids(List<ChipTargetFactory> chips) {
        return map(chips, ChipTargetFactory::id);
    }

    private static List<String> formats(List<ModelFrontend> frontends) {
        return map(frontends, ModelFrontend::format);
    }

    private static <T> List<String> map(List<T> list, Function<T, String> f) {
        return list.stream().map(f).toList();
    }
}
