package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ktcj.runtime.optimize.Tiny.ops;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Model;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;

/** What torch.onnx writes that the PyTorch flow rewrites, at opsets 9 to 13, static and with a dynamic batch. */
class TorchRulesTest {
    private static Model pytorch(Model m) {
        return Optimizer.pytorch().upgradingOpset().run(m).model();
    }

    /** Inputs with the batch the dynamic models run at. */
    private static Map<String, Tensor> batchOf2(int... rest) {
        int[] shape = new int[rest.length + 1];
        shape[0] = 2;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return SameOutputs.randomInputs(new Tiny(13).input("x", shape).build(), 11);
    }

    @Test
    void interpolateToASizeWithADynamicBatchGetsConstantScales() {
        // F.interpolate(x, size=(8, 12)): sizes = Concat(Shape(x)[0:2], [8, 12]).
        Model m = new Tiny(11).dynamicInput("x", 3, 4, 6).op("Shape", "s", "x").longs("st", 0).longs("en", 2)
                .longs("ax", 0).op("Slice", "nc", "s", "st", "en", "ax").longs("hw", 8, 12)
                .op("Concat", "sizes", "nc", "hw").attr("axis", 0).initializer("roi", Tensor.of(new float[0], 0))
                .initializer("scales", Tensor.of(new float[0], 0)).op("Resize", "y", "x", "roi", "scales", "sizes")
                .attr("mode", "linear").attr("coordinate_transformation_mode", "pytorch_half_pixel").output("y")
                        .build();
        Model opt = pytorch(m);
        assertEquals(Map.of("Resize", 1), ops(opt));
        SameOutputs.assertSame("dynamic resize", m, opt, batchOf2(3, 4, 6));
    }

    @Test
    void sizesFromAnotherTensorsUnknownBatchStay() {
        Model m = new Tiny(13).dynamicInput("x", 3, 4, 6).input("z", Shape.of(List.of(Dim.symbol("M"), Dim.of(3))))
                .op("Shape", "s", "z").longs("st", 0).longs("en", 1).op("Slice", "m", "s", "st", "en")
                        .longs("rest", 3, 8, 12).op("Concat", "sizes", "m", "rest").attr("axis", 0)
                .op("Resize", "y", "x", "", "", "sizes").attr("mode", "nearest").output("y").build();
        assertEquals(Map.of("Concat", 1, "Resize", 1, "Shape", 1, "Slice", 1), ops(Tiny.apply(m,
                new org.ktcj.runtime.optimize.rules.ResizeFromShapeArithmetic())));
    }

    @Test
    void interpolateByAScaleAtOpset9Folds() {
        // F.interpolate(x, scale_factor=2) at opset 9: the scales are computed from the input's shape.
        Model m = new Tiny(9).input("x", 1, 3, 4, 5).op("Shape", "s", "x").longs("hw", 2, 3)
                .op("Gather", "in", "s", "hw").op("Cast", "inf", "in").attr("to", 1)
                .initializer("two", Tensor.of(new float[] {2}, 1)).op("Mul", "outf", "inf", "two")
                .op("Floor", "outi", "outf").op("Div", "ratio", "outi", "inf")
                .initializer("ones", Tensor.of(new float[] {1, 1}, 2)).op("Concat", "scales", "ones", "ratio")
                        .attr("axis", 0).op("Upsample", "y", "x", "scales").attr("mode", "nearest").output("y").build();
        Model opt = pytorch(m);
        assertEquals(Map.of("Resize", 1), ops(opt));
        assertEquals(13, opt.opset());
        Tiny.same(m, opt);
    }

    @Test
    void flattenWrittenAsShapeArithmeticWithADynamicBatchIsFlatten() {
        Model m = new Tiny(13).dynamicInput("x", 3, 2, 2).op("Shape", "s", "x").longs("i0", 0)
                .op("Gather", "n", "s", "i0").longs("minus1", -1).op("Concat", "target", "n", "minus1").attr("axis", 0)
                .op("Reshape", "f", "x", "target").weight("w", 4, 12).weight("b", 4).op("Gemm", "y", "f", "w", "b")
                .attr("transB", 1).output("y").build();
        Model opt = pytorch(m);
        assertEquals(Map.of("Flatten", 1, "Gemm", 1), ops(opt));
        SameOutputs.assertSame("dynamic flatten", m, opt, batchOf2(3, 2, 2));
    }

    @Test
    void linearAsMatMulMulAddIsOneGemm() {
        Model m = new Tiny(11).input("x", 2, 6).weight("w", 6, 4)
                .initializer("scale", Tensor.of(new float[] {1, 1, 1, 1}, 4))
                .weight("b", 4).op("MatMul", "mm", "x", "w").op("Mul", "scaled", "mm", "scale")
                        .op("Add", "y", "scaled", "b").output("y").build();
        assertEquals(Map.of("Gemm", 1), ops(Tiny.same(m, pytorch(m))));
        Model scaled = new Tiny(11).input("x", 2, 6).weight("w", 6, 4).weight("scale", 4).weight("b", 4)
                .op("MatMul", "mm", "x", "w").op("Mul", "scaled", "scale", "mm").op("Add", "y", "scaled", "b")
                .output("y").build();
        assertEquals(Map.of("Gemm", 1), ops(Tiny.same(scaled, pytorch(scaled))));
        Model rows = new Tiny(11).input("x", 2, 6).weight("w", 6, 4).weight("scale", 2, 1).op("MatMul", "mm", "x", "w")
                .op("Mul", "y", "mm", "scale").output("y").build();
        assertEquals(Map.of("MatMul", 1, "Mul", 1), ops(Tiny.apply(rows,
                new org.ktcj.runtime.optimize.rules.FuseMatMulScale())),
                "a scale per row is not a scale of the weights");
    }
}
