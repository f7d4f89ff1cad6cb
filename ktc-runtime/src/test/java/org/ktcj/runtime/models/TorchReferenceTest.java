package org.ktcj.runtime.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ModelFiles;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.io.Npy;

/**
 * PyTorch-exported models against PyTorch's own outputs. {@code tools/refmodels/export.py} writes one
 * directory per model and opset ({@code model.onnx}, {@code input_<i>.npy}, {@code output_<i>.npy});
 * this test loads each model through the ONNX frontend, runs it in the float simulator and compares
 * every output (see {@link OutputCheck}). The directory is the system property
 * {@code ktc.refmodels.dir}, by default {@code target/refmodels} under the repository root; without it
 * the test is skipped.
 */
class TorchReferenceTest {
    @TestFactory
    Stream<DynamicTest> matchesPyTorch() throws IOException {
        return ReferenceModelDirs.eachModel(TorchReferenceTest::check);
    }

    private static void check(Path dir) {
        Model model = ModelFiles.load(dir.resolve("model.onnx"));
        List<ValueInfo> declared = model.graph().inputs();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < declared.size(); i++) {
            inputs.put(declared.get(i).name(), Npy.read(dir.resolve("input_" + i + ".npy")));
        }
        String name = dir.getFileName().toString();
        try (Session session = Session.create(model, SessionOptions.defaults().withThreads(2))) {
            Map<String, Tensor> actual = session.run(inputs);
            List<ValueInfo> outputs = model.graph().outputs();
            for (int i = 0; i < outputs.size(); i++) {
                Path file = dir.resolve("output_" + i + ".npy");
                assertTrue(Files.isRegularFile(file), file + " is missing");
                Tensor expected = Npy.read(file);
                String output = outputs.get(i).name();
                OutputCheck.assertClose(name + " output '" + output + "' vs PyTorch", expected.shape(),
                        expected.floats(), actual.get(output));
            }
            assertEquals(outputs.size(), actual.size(), name + ": outputs");
        }
    }

}
