package org.ktcj.spi.chip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.ktcj.spi.KtcPlugin;

/**
 * The public signatures of the plugin SPI, written out: a change to them fails here, so that it is made
 * on purpose, with {@link KtcPlugin#SPI_VERSION} raised (minor for an addition, major for a break).
 */
class SpiSignaturesTest {
    private static final List<Class<?>> SPI = List.of(KtcPlugin.class, ChipTargetFactory.class, ChipTarget.class,
            OperatorSupport.class, ShapedNode.class, Placement.class, Placement.Unit.class, Violation.class,
            BitWidths.class, BitWidth.class, HardwareParameters.class, HardwareParameters.Parameter.class,
            Feature.class);

    private static final Set<String> OBJECT_METHODS = Set.of("equals", "hashCode", "toString");
    private static final Pattern QUALIFIER = Pattern.compile("\\b[a-z][a-z0-9]*\\.|\\b[A-Z]\\w*\\$");

    private static final String EXPECTED = """
            KtcPlugin interface
              default List<ChipTargetFactory> chipTargets()
              default List<ModelExporter> exporters()
              default List<ModelFrontend> frontends()
              field String SPI_VERSION
            ChipTargetFactory interface
              ChipTarget create(Map<String, String>)
              String id()
            ChipTarget interface
              BitWidths bitWidths()
              HardwareParameters hardware()
              OperatorSupport support()
              String id()
              String name()
              boolean has(Feature)
            OperatorSupport interface
              Placement place(ShapedNode)
              Set<String> cpuOperators()
              Set<String> npuOperators()
            ShapedNode record
              Map<String, Tensor> constants()
              Map<String, ValueInfo> values()
              Node node()
              Shape inputShape(int)
              Shape outputShape(int)
              Tensor constant(int)
              boolean hasInput(int)
              int opset()
              new(Node, int, Map<String, ValueInfo>, Map<String, Tensor>)
            Placement record
              List<String> notes()
              List<Violation> violations()
              String message()
              String nodeName()
              String opType()
              Unit unit()
              new(Unit, String, String, List<Violation>, List<String>)
              static Placement npu(Node, List<String>)
              static Placement offNpu(Node, boolean, List<Violation>, List<String>)
            Unit enum
              field Unit CPU
              field Unit NPU
              field Unit UNSUPPORTED
              static Unit valueOf(String)
              static Unit[] values()
            Violation record
              Map<String, String> values()
              String describe()
              String detail()
              String text()
              field int NOT_IN_TABLE
              int condition()
              new(int, String, Map<String, String>, String)
              static Violation notInTable(String)
            BitWidths record
              Set<BitWidth> datapath()
              Set<BitWidth> weights()
              boolean supportsDatapath(BitWidth)
              boolean supportsWeights(BitWidth)
              new(Set<BitWidth>, Set<BitWidth>)
            BitWidth enum
              field BitWidth INT16
              field BitWidth INT4
              field BitWidth INT8
              int bits()
              static BitWidth of(String)
              static BitWidth valueOf(String)
              static BitWidth[] values()
            HardwareParameters record
              Map<String, Double> efficiency()
              Set<Parameter> provisional()
              boolean isProvisional(Parameter)
              double efficiency(String)
              field String DEFAULT_OP
              int clockMhz()
              int macArray()
              long dramBytesPerSecond()
              long sramBytes()
              new(int, int, long, long, Map<String, Double>, Set<Parameter>)
            Parameter enum
              String key()
              field Parameter CLOCK_MHZ
              field Parameter DRAM_BYTES_PER_SECOND
              field Parameter EFFICIENCY
              field Parameter MAC_ARRAY
              field Parameter SRAM_BYTES
              static Parameter valueOf(String)
              static Parameter[] values()
            Feature enum
              field Feature COMMAND_NODE_PROFILE
              field Feature DEEP_SEARCH_TILING
              field Feature TENSOR_SCALE
              static Feature valueOf(String)
              static Feature[] values()
            """;

    @Test
    void theSpiIsWhatItWas() {
        assertEquals(EXPECTED, signatures(), "the SPI changed: if on purpose, update EXPECTED and SPI_VERSION");
    }

    private static String signatures() {
        List<String> out = new ArrayList<>();
        for (Class<?> c : SPI) {
            out.add(c.getSimpleName() + (c.isInterface() ? " interface" : c.isRecord() ? " record"
                    : c.isEnum() ? " enum" : " class"));
            List<String> members = new ArrayList<>();
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isPublic(f.getModifiers())) {
                    members.add("  field " + name(f.getGenericType()) + " " + f.getName());
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !OBJECT_METHODS.contains(m.getName())) {
                    members.add("  " + (Modifier.isStatic(m.getModifiers()) ? "static " : m.isDefault() ? "default " : "")
                            + name(m.getGenericReturnType()) + " " + m.getName() + Arrays.stream(
                            m.getGenericParameterTypes()).map(SpiSignaturesTest::name)
                            .collect(Collectors.joining(", ", "(", ")")));
                }
            }
            for (var k : c.getDeclaredConstructors()) {
                if (Modifier.isPublic(k.getModifiers())) {
                    members.add("  new" + Arrays.stream(k.getGenericParameterTypes()).map(SpiSignaturesTest::name)
                            .collect(Collectors.joining(", ", "(", ")")));
                }
            }
            members.sort(null);
            out.addAll(members);
        }
        return String.join("\n", out) + "\n";
    }

    /** A type without its packages and outer classes: "List<ChipTargetFactory>". */
    private static String name(Type t) {
        return QUALIFIER.matcher(t.getTypeName()).replaceAll("");
    }
}
