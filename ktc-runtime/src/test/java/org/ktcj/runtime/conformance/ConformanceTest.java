package org.ktcj.runtime.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.KtcException;
import org.ktcj.frontend.onnx.OnnxFrontend;
import org.ktcj.frontend.onnx.OnnxTensors;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.ops.OperatorRegistry;

/**
 * Runs the ONNX project's own backend test cases ({@code shared/conformance/onnx-1.12-backend-data})
 * through the float simulator. A case passes when every output matches the expected one within ONNX's
 * tolerance (rtol 1e-3, atol 1e-7). It is skipped when it uses an operator the simulator does not
 * implement, or an attribute or type an operator declares unsupported; the summary printed at the end
 * lists, per operator, how many cases passed, failed and were skipped, and why.
 *
 * <p>System properties: {@code ktc.shared.dir} (default {@code ../../shared} from the module),
 * {@code ktc.conformance.filter} (a regex on case names).
 */
class ConformanceTest {
    private static final double RTOL = 1e-3;
    private static final double ATOL = 1e-7;
    private static final Map<String, int[]> PER_OP = new TreeMap<>();
    private static final Map<String, String> SKIP_REASONS = new TreeMap<>();
    private static final List<String> FAILURES = new ArrayList<>();
    private static final Map<String, String> KNOWN_DIFFERENCES = knownDifferences();

    static Path dataDir() {
        String shared = System.getProperty("ktc.shared.dir");
        Path base = shared != null ? Paths.get(shared)
                : Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../../shared").normalize();
        return base.resolve("conformance/onnx-1.12-backend-data");
    }

    @TestFactory
    Stream<DynamicTest> onnxBackendCases() throws IOException {
        Path root = dataDir();
        if (!Files.isDirectory(root)) {
            // A skipped test in the report, with the reason: an assumption here would hide the message.
            return Stream.of(DynamicTest.dynamicTest("conformance data", () -> Assumptions.assumeTrue(false,
                    "ONNX conformance data absent at " + root + ": set -Dktc.shared.dir to the shared/ directory")));
        }
        Pattern filter = Pattern.compile(System.getProperty("ktc.conformance.filter", ".*"));
        List<Path> cases = new ArrayList<>();
        for (String group : List.of("node", "simple")) {
            try (Stream<Path> s = Files.list(root.resolve(group))) {
                s.filter(Files::isDirectory).filter(p -> filter.matcher(p.getFileName().toString()).find())
                        .sorted().forEach(cases::add);
            }
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> runCase(c)));
    }

    private static void runCase(Path dir) throws IOException {
        String name = dir.getFileName().toString();
        Model model;
        try {
            model = OnnxFrontend.read(dir.resolve("model.onnx"));
        } catch (KtcException e) {
            if (e.getMessage().contains("not supported")) {
                skip(name, "(unreadable)", e.getMessage().substring(e.getMessage().lastIndexOf(": ") + 2));
            }
            record(name, "(unreadable)", 'f');
            FAILURES.add(name + ": " + e.getMessage());
            fail(e.getMessage());
            return;
        }
        String op = mainOp(model);
        if (KNOWN_DIFFERENCES.containsKey(name)) {
            skip(name, op, "known difference: " + KNOWN_DIFFERENCES.get(name));
        }
        OperatorRegistry registry = SessionOptions.standardRegistry();
        for (Node n : model.graph().nodes()) {
            if (registry.find(n, model.opset()) == null) {
                skip(name, op, "operator " + n.opType() + " not implemented");
            }
        }
        Path data = dir.resolve("test_data_set_0");
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        List<ValueInfo> declared = model.graph().inputs();
        for (int i = 0; i < declared.size(); i++) {
            Tensor t = readTensor(name, op, data.resolve("input_" + i + ".pb"));
            inputs.put(declared.get(i).name(), asDeclared(t, declared.get(i).type()));
        }
        List<Tensor> expected = new ArrayList<>();
        for (int i = 0; i < model.graph().outputs().size(); i++) {
            expected.add(readTensor(name, op, data.resolve("output_" + i + ".pb")));
        }
        Map<String, Tensor> actual;
        try (Session session = Session.create(model, SessionOptions.defaults().withThreads(1))) {
            actual = session.run(inputs);
        } catch (KtcException e) {
            if (e.getMessage().contains("unsupported:")) {
                skip(name, op, e.getMessage().substring(e.getMessage().indexOf("unsupported:")));
            }
            record(name, op, 'f');
            FAILURES.add(name + ": " + e.getMessage());
            throw e;
        }
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            String out = model.graph().outputs().get(i).name();
            Tensor got = actual.get(out);
            String p = compare(asDeclared(expected.get(i), got == null ? null : got.type()), got);
            if (p != null) {
                problems.add("output '" + out + "': " + p);
            }
        }
        if (!problems.isEmpty()) {
            record(name, op, 'f');
            FAILURES.add(name + ": " + problems);
            fail(String.join("; ", problems));
        }
        record(name, op, 'p');
    }

    private static Map<String, String> knownDifferences() {
        Map<String, String> out = new TreeMap<>();
        try (var in = ConformanceTest.class.getResourceAsStream("known-differences.txt")) {
            for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).split("\n")) {
                int colon = line.indexOf(": ");
                if (!line.startsWith("#") && colon > 0) {
                    out.put(line.substring(0, colon).trim(), line.substring(colon + 2).trim());
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    private static Tensor readTensor(String name, String op, Path pb) {
        try {
            return OnnxTensors.readTensorFile(pb);
        } catch (KtcException e) {
            skip(name, op, "non-tensor test data (" + pb.getFileName() + ")");
            return null;
        }
    }

    /**
     * ONNX 1.12's generator saved bfloat16 test data as uint16 holding the same bits: read them back as
     * the type the model declares.
     */
    private static Tensor asDeclared(Tensor t, DataType declared) {
        if (t.type() == DataType.UINT16 && declared == DataType.BFLOAT16) {
            return Tensor.wrap(DataType.BFLOAT16, t.shape(), t.shorts());
        }
        return t;
    }

    /** The operator a case is about: the first node's, for single-operator cases. */
    private static String mainOp(Model model) {
        List<Node> nodes = model.graph().nodes();
        return nodes.isEmpty() ? "(none)" : nodes.get(nodes.size() == 1 ? 0 : nodes.size() - 1).opType();
    }

    /** Null when they match; else what differs. */
    static String compare(Tensor expected, Tensor actual) {
        if (actual == null) {
            return "missing";
        }
        if (expected.type() != actual.type()) {
            return "type " + actual.type().displayName() + ", expected " + expected.type().displayName();
        }
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            return "shape " + java.util.Arrays.toString(actual.shape()) + ", expected "
                    + java.util.Arrays.toString(expected.shape());
        }
        if (expected.type() == DataType.STRING) {
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.strings()[i].equals(actual.strings()[i])) {
                    return "element " + i + " is '" + actual.strings()[i] + "', expected '" + expected.strings()[i] + "'";
                }
            }
            return null;
        }
        boolean exact = !expected.type().isFloatingPoint();
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            if (Double.isNaN(e) || Double.isNaN(a)) {
                if (Double.isNaN(e) != Double.isNaN(a)) {
                    return "element " + i + " is " + a + ", expected " + e;
                }
                continue;
            }
            if (Double.isInfinite(e) || Double.isInfinite(a)) {
                if (e != a) {
                    return "element " + i + " is " + a + ", expected " + e;
                }
                continue;
            }
            double err = Math.abs(a - e);
            double allowed = exact ? 0 : ATOL + RTOL * Math.abs(e);
            if (err > allowed && err - allowed > worst) {
                worst = err - allowed;
                worstAt = i;
            }
        }
        if (worstAt >= 0) {
            return "element " + worstAt + " is " + actual.getDouble(worstAt) + ", expected "
                    + expected.getDouble(worstAt) + " (tolerance exceeded by " + worst + ")";
        }
        return null;
    }

    private static void skip(String name, String op, String reason) {
        record(name, op, 's');
        SKIP_REASONS.merge(op + ": " + reason, name, (a, b) -> a + ", " + b);
        Assumptions.abort(reason);
    }

    private static synchronized void record(String name, String op, char outcome) {
        int[] c = PER_OP.computeIfAbsent(op, k -> new int[3]);
        c[outcome == 'p' ? 0 : outcome == 'f' ? 1 : 2]++;
    }

    @AfterAll
    static void summary() {
        if (PER_OP.isEmpty()) {
            return;
        }
        int[] total = new int[3];
        StringBuilder sb = new StringBuilder("\nONNX conformance, per operator (passed / failed / skipped):\n");
        for (Map.Entry<String, int[]> e : PER_OP.entrySet()) {
            int[] c = e.getValue();
            sb.append(String.format("  %-28s %4d %4d %4d%n", e.getKey(), c[0], c[1], c[2]));
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        sb.append(String.format("  %-28s %4d %4d %4d%n", "TOTAL", total[0], total[1], total[2]));
        sb.append("Skip reasons:\n");
        SKIP_REASONS.forEach((reason, names) -> sb.append("  ").append(reason).append(" [")
                .append(names.split(", ").length).append(" cases]\n"));
        if (!FAILURES.isEmpty()) {
            sb.append("Failures:\n");
            FAILURES.forEach(f -> sb.append("  ").append(f).append('\n'));
        }
        System.out.println(sb);
    }
}
