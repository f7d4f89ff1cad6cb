package org.ktcj.runtime.optimize;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
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
import org.ktcj.runtime.exec.SessionOptions;

/**
 * Every ONNX backend test model ({@code shared/conformance/onnx-1.12-backend-data/node}) through the
 * general flow, the PyTorch flow and the opset upgrade to 13: the float simulator gives the same outputs
 * on the case's own inputs before and after (within 1e-5 of the largest magnitude; integers exactly).
 * A case is skipped when the simulator cannot run the original, or its data disagrees with the model
 * (the conformance suite's known differences). The directory is the system property
 * {@code ktc.shared.dir}, by default {@code ../../shared} from the module.
 */
class ConformanceOptimizeTest {
    @TestFactory
    Stream<DynamicTest> optimizedCasesComputeTheSame() throws IOException {
        Path root = dataDir().resolve("node");
        if (!Files.isDirectory(root)) {
            String why = "ONNX conformance data absent at " + root + ": set -Dktc.shared.dir to the shared/ directory";
            return Stream.of(DynamicTest.dynamicTest("conformance models", () -> Assumptions.assumeTrue(false, why)));
        }
        Set<String> known = knownDifferences();
        List<Path> cases;
        try (Stream<Path> s = Files.list(root)) {
            cases = s.filter(Files::isDirectory).filter(p -> !known.contains(p.getFileName().toString())).sorted()
                    .toList();
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private static void check(Path dir) {
        Model model;
        try {
            model = OnnxFrontend.read(dir.resolve("model.onnx"));
        } catch (KtcException e) {
            Assumptions.abort("unreadable: " + e.getMessage());
            return;
        }
        for (Node n : model.graph().nodes()) {
            Assumptions.assumeTrue(SessionOptions.standardRegistry().find(n, model.opset()) != null,
                    "the simulator has no " + n.opType());
        }
        Map<String, Tensor> inputs = inputs(dir, model);
        Map<String, Tensor> before;
        try {
            before = SameOutputs.run(model, inputs);
        } catch (KtcException e) {
            Assumptions.abort("the simulator does not run the original: " + e.getMessage());
            return;
        }
        String name = dir.getFileName().toString();
        SameOutputs.assertSame(name + " (general)", before, Optimizer.general().run(model).model(), inputs);
        SameOutputs.assertSame(name + " (pytorch)", before, Optimizer.pytorch().run(model).model(), inputs);
        if (model.opset() < Optimizer.DEFAULT_TARGET_OPSET && model.opset() >= 7 && noSubgraphs(model)) {
            Model up = Optimizer.general().upgradingOpset().run(model).model();
            SameOutputs.assertSame(name + " (upgraded from opset " + model.opset() + ")", before, up, inputs);
        }
    }

    private static boolean noSubgraphs(Model m) {
        return m.graph().nodes().stream().noneMatch(GraphEditor::hasSubgraph);
    }

    private static Map<String, Tensor> inputs(Path dir, Model model) {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        List<ValueInfo> declared = model.graph().inputs();
        for (int i = 0; i < declared.size(); i++) {
            Tensor t;
            try {
                t = OnnxTensors.readTensorFile(dir.resolve("test_data_set_0").resolve("input_" + i + ".pb"));
            } catch (KtcException e) {
                Assumptions.abort("non-tensor test data");
                return inputs;
            }
            // ONNX 1.12 saved bfloat16 data as uint16 holding the same bits.
            if (t.type() == DataType.UINT16 && declared.get(i).type() == DataType.BFLOAT16) {
                t = Tensor.wrap(DataType.BFLOAT16, t.shape(), t.shorts());
            }
            inputs.put(declared.get(i).name(), t);
        }
        return inputs;
    }

    static Path dataDir() {
        String shared = System.getProperty("ktc.shared.dir");
        Path base = shared != null ? Paths.get(shared)
                : Paths.get(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../../shared").normalize();
        return base.resolve("conformance/onnx-1.12-backend-data");
    }

    /** The cases the conformance suite lists as data the simulator deliberately does not reproduce. */
    private static Set<String> knownDifferences() throws IOException {
        Set<String> out = new TreeSet<>();
        try (InputStream in = ConformanceOptimizeTest.class.getResourceAsStream(
                "/org/ktcj/runtime/conformance/known-differences.txt")) {
            if (in == null) {
                return out;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                int colon = line.indexOf(": ");
                if (!line.startsWith("#") && colon > 0) {
                    out.add(line.substring(0, colon).trim());
                }
            }
        }
        return out;
    }
}
