package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ktcj.runtime.optimize.Tiny.apply;
import static org.ktcj.runtime.optimize.Tiny.ops;
import static org.ktcj.runtime.optimize.Tiny.same;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.runtime.models.OrtRunner;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Model;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.rules.AffineToBn;
import org.ktcj.runtime.optimize.rules.AveragePoolToGlobal;
import org.ktcj.runtime.optimize.rules.DivConstantToMul;
import org.ktcj.runtime.optimize.rules.GatherToSlice;
import org.ktcj.runtime.optimize.rules.ReduceMeanToGlobal;
import org.ktcj.runtime.optimize.rules.ReluMinToClip;
import org.ktcj.runtime.optimize.rules.ReshapeToFlatten;
import org.ktcj.runtime.optimize.rules.SqueezeToReshape;
import org.ktcj.runtime.optimize.rules.SubConstantToAdd;
import org.ktcj.runtime.optimize.rules.SumToAdd;

/** The rules that replace a costly operator by cheaper ones the NPU runs: where they fire and where not. */
class ReplacementRulesTest {
    @Test
    void averagePoolOverTheWholeMapIsGlobal() {
        Model m = new Tiny(13).input("x", 1, 3, 5, 7).op("AveragePool", "y", "x").ints("kernel_shape", 5, 7)
                .ints("strides", 2, 2).output("y").build();
        assertEquals(Map.of("GlobalAveragePool", 1), ops(same(m, apply(m, new AveragePoolToGlobal()))));
        Model part = new Tiny(13).input("x", 1, 3, 5, 7).op("AveragePool", "y", "x").ints("kernel_shape", 5, 5)
                .output("y").build();
        assertEquals(Map.of("AveragePool", 1), ops(apply(part, new AveragePoolToGlobal())));
        Model padded = new Tiny(13).input("x", 1, 3, 5, 7).op("AveragePool", "y", "x").ints("kernel_shape", 5, 7)
                .ints("pads", 1, 1, 1, 1).output("y").build();
        assertEquals(Map.of("AveragePool", 1), ops(apply(padded, new AveragePoolToGlobal())));
    }

    @Test
    void reduceMeanOverHeightAndWidthIsGlobal() {
        Model keep = new Tiny(13).input("x", 1, 3, 5, 7).op("ReduceMean", "y", "x").ints("axes", -1, 2).output("y")
                .build();
        assertEquals(Map.of("GlobalAveragePool", 1), ops(same(keep, apply(keep, new ReduceMeanToGlobal()))));
        Model drop = new Tiny(13).input("x", 2, 3, 5, 7).op("ReduceMean", "y", "x").ints("axes", 2, 3)
                .attr("keepdims", 0).output("y").build();
        assertEquals(Map.of("Flatten", 1, "GlobalAveragePool", 1), ops(same(drop, apply(drop,
                new ReduceMeanToGlobal()))));
        Model channels = new Tiny(13).input("x", 1, 3, 5, 7).op("ReduceMean", "y", "x").ints("axes", 1, 2, 3)
                .output("y").build();
        assertEquals(Map.of("ReduceMean", 1), ops(apply(channels, new ReduceMeanToGlobal())));
    }

    @Test
    void sumBecomesAdds() {
        Model m = new Tiny(13).input("a", 1, 3).input("b", 1, 3).input("c", 2, 1, 3).op("Sum", "y", "a", "b", "c")
                .output("y").build();
        assertEquals(Map.of("Add", 2), ops(same(m, apply(m, new SumToAdd()))));
        Model one = new Tiny(13).input("a", 1, 3).op("Sum", "s", "a").op("Relu", "y", "s").output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(one, apply(one, new SumToAdd()))));
        Model old = new Tiny(7).input("a", 1, 3).input("b", 1, 3).op("Sum", "y", "a", "b").output("y").build();
        assertEquals(Map.of("Sum", 1), ops(apply(old, new SumToAdd())),
                "before opset 8, Add does not broadcast as Sum");
    }

    @Test
    void subAndDivByConstantsBecomeAddAndMul() {
        Model m = new Tiny(13).input("x", 1, 3).initializer("c", Tensor.of(new float[] {1, -2, 4}, 3))
                .op("Sub", "a", "x", "c").op("Div", "y", "a", "c").output("y").build();
        assertEquals(Map.of("Add", 1, "Mul", 1), ops(same(m, apply(m, new SubConstantToAdd(),
                new DivConstantToMul()))));
        Model reversed = new Tiny(13).input("x", 1, 3).initializer("c", Tensor.of(new float[] {1, -2, 4}, 3))
                .op("Sub", "a", "c", "x").op("Div", "y", "c", "a").output("y").build();
        assertEquals(Map.of("Div", 1, "Sub", 1), ops(apply(reversed, new SubConstantToAdd(), new DivConstantToMul())));
        Model zero = new Tiny(13).input("x", 1, 3).initializer("c", Tensor.of(new float[] {1, 0, 4}, 3))
                .op("Div", "y", "x", "c").output("y").build();
        assertEquals(Map.of("Div", 1), ops(apply(zero, new DivConstantToMul())));
    }

    @Test
    void squeezeAndUnsqueezeBecomeReshapes() {
        Model m = new Tiny(13).input("x", 1, 3, 1, 4).longs("axes", 2).op("Squeeze", "a", "x", "axes")
                .longs("at", 0).op("Unsqueeze", "y", "a", "at").output("y").build();
        assertEquals(Map.of("Reshape", 2), ops(same(m, apply(m, new SqueezeToReshape()))));
        Model old = new Tiny(11).input("x", 1, 3, 1, 4).op("Squeeze", "y", "x").ints("axes", 2).output("y").build();
        assertEquals(Map.of("Reshape", 1), ops(same(old, apply(old, new SqueezeToReshape()))));
        Model unknown = new Tiny(13).input("x", Shape.of(List.of(Dim.symbol("N"), Dim.symbol("M"), Dim.of(4))))
                .longs("axes", 0).op("Unsqueeze", "y", "x", "axes").output("y").build();
        assertEquals(Map.of("Unsqueeze", 1), ops(apply(unknown, new SqueezeToReshape())));
    }

    @Test
    void reshapeToABatchOfVectorsIsFlatten() {
        Model m = new Tiny(13).input("x", 2, 3, 4, 4).longs("s", 2, -1).op("Reshape", "y", "x", "s").output("y")
                .build();
        assertEquals(Map.of("Flatten", 1), ops(same(m, apply(m, new ReshapeToFlatten()))));
        Model other = new Tiny(13).input("x", 2, 3, 4, 4).longs("s", 6, -1).op("Reshape", "y", "x", "s").output("y")
                .build();
        assertEquals(Map.of("Reshape", 1), ops(apply(other, new ReshapeToFlatten())));
    }

    @Test
    void gatherOfOneIndexIsASlice() {
        Model vector = new Tiny(13).input("x", 2, 5, 3).longs("i", -2).op("Gather", "y", "x", "i").attr("axis", 1)
                .output("y").build();
        assertEquals(Map.of("Slice", 1), ops(same(vector, apply(vector, new GatherToSlice()))));
        Model scalar = new Tiny(13).input("x", 2, 5, 3).initializer("i", Tensor.scalarLong(3))
                .op("Gather", "y", "x", "i").attr("axis", 1).output("y").build();
        assertEquals(Map.of("Reshape", 1, "Slice", 1), ops(same(scalar, apply(scalar, new GatherToSlice()))));
        Model old = new Tiny(9).input("x", 2, 5, 3).longs("i", 1).op("Gather", "y", "x", "i").output("y").build();
        assertEquals(Map.of("Slice", 1), ops(same(old, apply(old, new GatherToSlice()))));
        Model two = new Tiny(13).input("x", 2, 5, 3).longs("i", 1, 3).op("Gather", "y", "x", "i").attr("axis", 1)
                .output("y").build();
        assertEquals(Map.of("Gather", 1), ops(apply(two, new GatherToSlice())));
    }

    @Test
    void reluThenMinIsClip() {
        for (int opset : new int[] {9, 13}) {
            Model m = new Tiny(opset).input("x", 1, 3, 4).scalar("six", 6f).op("Relu", "r", "x")
                    .op("Min", "y", "r", "six").output("y").build();
            assertEquals(Map.of("Clip", 1), ops(same(m, apply(m, new ReluMinToClip()))));
        }
        Model negative = new Tiny(13).input("x", 1, 3).scalar("c", -1f).op("Relu", "r", "x").op("Min", "y", "r", "c")
                .output("y").build();
        assertEquals(Map.of("Min", 1, "Relu", 1), ops(apply(negative, new ReluMinToClip())));
        Model shared = new Tiny(13).input("x", 1, 3).scalar("six", 6f).op("Relu", "r", "x").op("Min", "y", "r", "six")
                .output("y", "r").build();
        assertEquals(Map.of("Min", 1, "Relu", 1), ops(apply(shared, new ReluMinToClip())));
    }

    @Test
    void perChannelMulAndAddBecomeBatchNormalization() throws Exception {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).weight("s", 3, 1, 1).scalar("t", 0.5f).op("Mul", "a", "s", "x")
                .op("Add", "y", "a", "t").output("y").build();
        Model after = same(m, apply(m, new AffineToBn()));
        assertEquals(Map.of("BatchNormalization", 2), ops(after));
        // Epsilon 0 makes the BN exact; ONNX Runtime takes it too.
        Map<String, Tensor> inputs = SameOutputs.randomInputs(m, 3);
        SameOutputs.compare("ONNX Runtime", OrtRunner.run(m, inputs).get("y"), OrtRunner.run(after, inputs).get("y"));
        Model spatial = new Tiny(13).input("x", 1, 3, 4, 4).weight("s", 1, 4, 4).op("Mul", "y", "x", "s").output("y")
                .build();
        assertEquals(Map.of("Mul", 1), ops(apply(spatial, new AffineToBn())));
        Model vector = new Tiny(13).input("x", 2, 3).weight("s", 3).op("Mul", "y", "x", "s").output("y").build();
        assertEquals(Map.of("Mul", 1), ops(apply(vector, new AffineToBn())));
    }
}
