package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.runtime.models.OrtRunner;
import org.ktcj.runtime.models.ReferenceModelDirs;
import org.ktcj.frontend.onnx.OnnxFrontend;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.io.Npy;

/**
 * The PyTorch-exported models of {@code tools/refmodels/export.py} (in {@code target/refmodels}, or the
 * directory of the system property {@code ktc.refmodels.dir}) through the PyTorch flow: the optimized
 * graph has no BatchNormalization (but UNet's one after a Concat), Identity, Dropout, Shape or Constant
 * node; the float simulator gives the original's outputs within 1e-5 relative; and ONNX Runtime loads
 * the optimized model as the exporter writes it and gives the same outputs as for the original.
 */
class TorchModelsOptimizeTest {
    private static final Set<String> GONE = Set.of("BatchNormalization", "Identity", "Dropout", "Shape", "Constant");
    private static final List<String> TABLE = new ArrayList<>();

    @TestFactory
    Stream<DynamicTest> optimizedModelsComputeTheSame() throws IOException {
        return ReferenceModelDirs.eachModel(TorchModelsOptimizeTest::check);
    }

    private static void check(Path dir) throws Exception {
        String name = dir.getFileName().toString();
        Model model = OnnxFrontend.read(dir.resolve("model.onnx"));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put(model.graph().inputs().get(0).name(), Npy.read(dir.resolve("input_0.npy")));
        Optimizer.Result r = Optimizer.pytorch().run(model);
        Model opt = r.model();
        System.out.print(name + "\n" + r.report().format());
        for (Node n : opt.graph().nodes()) {
            boolean allowed = name.startsWith("unet") && n.opType().equals("BatchNormalization");
            assertTrue(allowed || !GONE.contains(n.opType()), name + ": " + n + " is left");
        }
        assertEquals(model.graph().outputs().stream().map(v -> v.name()).toList(),
                opt.graph().outputs().stream().map(v -> v.name()).toList(), name + ": output names");
        Map<String, Tensor> before = SameOutputs.run(model, inputs);
        double simulator = SameOutputs.assertSame(name + " (simulator)", before, opt, inputs);
        Map<String, Tensor> ortBefore = OrtRunner.run(model, inputs);
        Map<String, Tensor> ortAfter = OrtRunner.run(opt, inputs);
        double ort = 0;
        for (String out : ortBefore.keySet()) {
            ort = Math.max(ort, SameOutputs.compare(name + " (ONNX Runtime) output '" + out + "'",
                    ortBefore.get(out), ortAfter.get(out)));
        }
        synchronized (TABLE) {
            TABLE.add(String.format(Locale.ROOT, "| %-32s | %12d | %11d | %25.2e | %24.2e |", name,
                    model.graph().nodes().size(), opt.graph().nodes().size(), simulator, ort));
        }
    }

    @AfterAll
    static void table() {
        if (!TABLE.isEmpty()) {
            System.out.printf("| %-32s | nodes before | nodes after | max rel. diff (simulator) |"
                    + " max rel. diff (ONNX RT) |%n", "model");
            TABLE.forEach(System.out::println);
        }
    }

}
