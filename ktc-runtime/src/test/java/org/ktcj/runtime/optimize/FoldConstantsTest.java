package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ktcj.runtime.optimize.Tiny.apply;
import static org.ktcj.runtime.optimize.Tiny.ops;
import static org.ktcj.runtime.optimize.Tiny.same;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.optimize.rules.ConstantReshapeShape;
import org.ktcj.runtime.optimize.rules.FoldConstants;

/** Constant folding, the shape arithmetic of exporters included, static and with a dynamic batch. */
class FoldConstantsTest {
    @Test
    void constantNodesAndArithmeticOnThemBecomeInitializers() {
        Model m = new Tiny(13).input("x", 2, 3).op("Constant", "c", new String[0])
                .attr("value", Tensor.of(new float[] {1, 2, 3}, 3)).op("Constant", "k", new String[0])
                .attr("value_float", 2f).op("Mul", "ck", "c", "k").op("Add", "y", "x", "ck").output("y").build();
        Model after = same(m, apply(m, new FoldConstants()));
        assertEquals(Map.of("Add", 1), ops(after));
        assertArrayEquals(new float[] {2, 4, 6}, after.graph().initializer("ck").floats());
    }

    @Test
    void shapeArithmeticOfAStaticShapeFolds() {
        // x.view(x.size(0), -1) as torch.onnx writes it.
        Model m = new Tiny(11).input("x", 2, 3, 4).op("Shape", "s", "x").initializer("zero", Tensor.scalarLong(0))
                .op("Gather", "n", "s", "zero").op("Unsqueeze", "n1", "n").ints("axes", 0).longs("minus1", -1)
                .op("Concat", "target", "n1", "minus1").attr("axis", 0).op("Reshape", "y", "x", "target")
                .output("y").build();
        Model after = same(m, apply(m, new FoldConstants()));
        assertEquals(Map.of("Reshape", 1), ops(after));
        assertArrayEquals(new long[] {2, -1}, after.graph().initializer("target").longs());
    }

    @Test
    void aDynamicBatchBecomesZeroInTheReshapeTarget() {
        Model m = new Tiny(13).dynamicInput("x", 3, 4).op("Shape", "s", "x").initializer("zero", Tensor.scalarLong(0))
                .op("Gather", "n", "s", "zero").longs("ax", 0).op("Unsqueeze", "n1", "n", "ax")
                .longs("rest", 4, 3).op("Concat", "target", "n1", "rest").attr("axis", 0)
                .op("Reshape", "y", "x", "target").output("y").build();
        Model after = apply(m, new FoldConstants(), new ConstantReshapeShape());
        assertEquals(Map.of("Reshape", 1), ops(after));
        String target = after.graph().nodes().get(0).input(1);
        assertArrayEquals(new long[] {0, 4, 3}, after.graph().initializer(target).longs());
        Model batch3 = new Tiny(13).input("x", 3, 3, 4).build();
        SameOutputs.assertSame("batch 3", m, after, SameOutputs.randomInputs(batch3, 1));
    }

    @Test
    void aTargetWithTwoUnknownsStays() {
        Model m = new Tiny(13).dynamicInput("x", 3, 4).op("Shape", "s", "x").initializer("zero", Tensor.scalarLong(0))
                .op("Gather", "n", "s", "zero").longs("ax", 0).op("Unsqueeze", "n1", "n", "ax")
                .longs("rest", -1, 3).op("Concat", "target", "rest", "n1").attr("axis", 0)
                .op("Reshape", "y", "x", "target").output("y").build();
        assertEquals(Map.of("Concat", 1, "Gather", 1, "Reshape", 1, "Shape", 1, "Unsqueeze", 1),
                ops(apply(m, new FoldConstants(), new ConstantReshapeShape())));
    }

    @Test
    void graphOutputsAndRandomOperatorsStay() {
        Model m = new Tiny(13).input("x", 2).op("Constant", "c", new String[0])
                .attr("value", Tensor.of(new float[] {1}, 1))
                .op("RandomNormal", "r", new String[0]).ints("shape", 2).op("Add", "y", "x", "r").output("c", "y")
                        .build();
        assertEquals(Map.of("Add", 1, "Constant", 1, "RandomNormal", 1), ops(apply(m, new FoldConstants())));
    }

    @Test
    void foldsThatWouldBloatTheModelStay() {
        Model m = new Tiny(13).input("x", 1, 64, 64, 64).initializer("one", Tensor.scalar(1f)).longs("s", 1, 64, 64, 64)
                .op("Expand", "big", "one", "s").op("Add", "y", "x", "big").output("y").build();
        assertEquals(Map.of("Add", 1, "Expand", 1), ops(apply(m, new FoldConstants())));
    }

    @Test
    void integerShapeMathFollowsSymbols() {
        // Reshape(x, [N * 1, 12 / 1]) with N read from a dynamic shape.
        Model m = new Tiny(13).dynamicInput("x", 3, 4).op("Shape", "s", "x").longs("i0", 0).op("Gather", "n", "s", "i0")
                .longs("one", 1).op("Mul", "n1", "n", "one").longs("twelve", 12).op("Div", "t", "twelve", "one")
                .op("Concat", "target", "n1", "t").attr("axis", 0).op("Reshape", "y", "x", "target").output("y")
                        .build();
        Model after = apply(m, new FoldConstants(), new ConstantReshapeShape());
        assertEquals(Map.of("Reshape", 1), ops(after));
        assertEquals(DataType.INT64, after.graph().initializers().values().iterator().next().type());
    }
}
