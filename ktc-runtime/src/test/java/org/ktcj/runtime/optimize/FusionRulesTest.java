package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ktcj.runtime.optimize.Tiny.apply;
import static org.ktcj.runtime.optimize.Tiny.ops;
import static org.ktcj.runtime.optimize.Tiny.same;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.runtime.optimize.rules.FuseBnIntoConv;
import org.ktcj.runtime.optimize.rules.FuseBnIntoNextConv;
import org.ktcj.runtime.optimize.rules.FuseConsecutiveBn;
import org.ktcj.runtime.optimize.rules.FuseConstantArithmetic;
import org.ktcj.runtime.optimize.rules.FuseMatMulAddIntoGemm;
import org.ktcj.runtime.optimize.rules.FusePadIntoConv;
import org.ktcj.runtime.optimize.rules.FusePadIntoPool;
import org.ktcj.runtime.optimize.rules.FuseReshapes;
import org.ktcj.runtime.optimize.rules.FuseTransposes;

/** The rules that fuse a node into its neighbour: where they fire, and where they must not. */
class FusionRulesTest {
    /** x [1, 4, 6, 6] -> Conv (8 channels, 3x3, pads 1) -> "c"; plus a BN on "c" writing "y". */
    private static Tiny convBn(boolean bias) {
        Tiny t = new Tiny(13).input("x", 1, 4, 6, 6).weight("w", 8, 4, 3, 3).weight("b", 8)
                .weight("gamma", 8).weight("beta", 8).weight("mean", 8).uniform("var", 0.5, 2, 8);
        return t.op("Conv", "c", bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"})
                .ints("kernel_shape", 3, 3).ints("pads", 1, 1, 1, 1)
                .op("BatchNormalization", "y", "c", "gamma", "beta", "mean", "var").attr("epsilon", 1e-3f);
    }

    @Test
    void bnFoldsIntoTheConvBefore() {
        for (boolean bias : new boolean[] {true, false}) {
            Model m = convBn(bias).output("y").build();
            Model after = same(m, apply(m, new FuseBnIntoConv()));
            assertEquals(Map.of("Conv", 1), ops(after));
            assertEquals("y", after.graph().nodes().get(0).output(0));
        }
    }

    @Test
    void bnStaysWhenTheConvOutputHasAnotherReader() {
        Model m = convBn(true).op("Relu", "r", "c").output("y", "r").build();
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1, "Relu", 1), ops(apply(m, new FuseBnIntoConv())));
        Model out = convBn(true).output("y", "c").build();
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1), ops(apply(out, new FuseBnIntoConv())));
    }

    @Test
    void bnStaysWhenTheWeightsAreNotConstant() {
        Model m = new Tiny(13).input("x", 1, 4, 6, 6).input("w", 8, 4, 1, 1).weight("gamma", 8).weight("beta", 8)
                .weight("mean", 8).uniform("var", 0.5, 2, 8).op("Conv", "c", "x", "w")
                .op("BatchNormalization", "y", "c", "gamma", "beta", "mean", "var").output("y").build();
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1), ops(apply(m, new FuseBnIntoConv())));
    }

    @Test
    void bnFoldsIntoAGroupedConvTranspose() {
        Model m = new Tiny(13).input("x", 1, 4, 5, 5).weight("w", 4, 3, 2, 2).weight("b", 6)
                .weight("gamma", 6).weight("beta", 6).weight("mean", 6).uniform("var", 0.5, 2, 6)
                .op("ConvTranspose", "c", "x", "w", "b").attr("group", 2).ints("strides", 2, 2)
                .op("BatchNormalization", "y", "c", "gamma", "beta", "mean", "var").output("y").build();
        assertEquals(Map.of("ConvTranspose", 1), ops(same(m, apply(m, new FuseBnIntoConv()))));
    }

    @Test
    void bnFoldsIntoAGemmWithEitherWeightLayout() {
        for (long transB : new long[] {0, 1}) {
            Model m = new Tiny(13).input("x", 2, 5).weight("w", transB == 1 ? 6 : 5, transB == 1 ? 5 : 6).weight("c", 6)
                    .weight("gamma", 6).weight("beta", 6).weight("mean", 6).uniform("var", 0.5, 2, 6)
                    .op("Gemm", "g", "x", "w", "c").attr("transB", transB).attr("alpha", 0.5f).attr("beta", 2f)
                    .op("BatchNormalization", "y", "g", "gamma", "beta", "mean", "var").output("y").build();
            assertEquals(Map.of("Gemm", 1), ops(same(m, apply(m, new FuseBnIntoConv()))));
        }
    }

    @Test
    void consecutiveBnsBecomeOne() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).weight("g1", 3).weight("b1", 3).weight("m1", 3)
                .uniform("v1", 0.5, 2, 3).weight("g2", 3).weight("b2", 3).weight("m2", 3).uniform("v2", 0.5, 2, 3)
                .op("BatchNormalization", "a", "x", "g1", "b1", "m1", "v1")
                .op("BatchNormalization", "y", "a", "g2", "b2", "m2", "v2").output("y").build();
        assertEquals(Map.of("BatchNormalization", 1), ops(same(m, apply(m, new FuseConsecutiveBn()))));
    }

    @Test
    void consecutiveBnsStayWhenTheFirstHasAnotherReader() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).weight("g", 3).weight("b", 3).weight("m", 3)
                .uniform("v", 0.5, 2, 3).op("BatchNormalization", "a", "x", "g", "b", "m", "v")
                .op("BatchNormalization", "y", "a", "g", "b", "m", "v").output("y", "a").build();
        assertEquals(Map.of("BatchNormalization", 2), ops(apply(m, new FuseConsecutiveBn())));
    }

    @Test
    void bnFoldsIntoTheNextConvOnlyWithoutPaddingOrShift() {
        Tiny t = new Tiny(13).input("x", 1, 4, 6, 6).weight("g", 4).weight("b", 4).weight("m", 4)
                .uniform("v", 0.5, 2, 4).weight("w", 6, 2, 3, 3).op("BatchNormalization", "n", "x", "g", "b", "m", "v");
        Model unpadded = t.op("Conv", "y", "n", "w").attr("group", 2).output("y").build();
        assertEquals(Map.of("Conv", 1), ops(same(unpadded, apply(unpadded, new FuseBnIntoNextConv()))));
        Model padded = new Tiny(13).input("x", 1, 4, 6, 6).weight("g", 4).weight("b", 4).weight("m", 4)
                .uniform("v", 0.5, 2, 4).weight("w", 6, 4, 3, 3).op("BatchNormalization", "n", "x", "g", "b", "m", "v")
                .op("Conv", "y", "n", "w").ints("pads", 1, 1, 1, 1).output("y").build();
        assertEquals(Map.of("BatchNormalization", 1, "Conv", 1), ops(apply(padded, new FuseBnIntoNextConv())));
    }

    /** x [1, 3, 6, 6] -> Pad (pads given) -> op. */
    private static Tiny pad(long... pads) {
        return new Tiny(13).input("x", 1, 3, 6, 6).longs("p", pads).weight("w", 4, 3, 3, 3).op("Pad", "a", "x", "p");
    }

    @Test
    void zeroPadFusesIntoConv() {
        Model m = pad(0, 0, 1, 2, 0, 0, 2, 1).op("Conv", "y", "a", "w").ints("pads", 1, 0, 0, 1).output("y").build();
        Model after = same(m, apply(m, new FusePadIntoConv()));
        assertEquals(Map.of("Conv", 1), ops(after));
        assertArrayEquals(new long[] {2, 2, 2, 2}, after.graph().nodes().get(0).attrInts("pads", null));
    }

    @Test
    void padStaysForReflectChannelsNonZeroFillOrComputedPads() {
        Model reflect = pad(0, 0, 1, 1, 0, 0, 1, 1).attr("mode", "reflect").op("Conv", "y", "a", "w").output("y")
                .build();
        assertEquals(Map.of("Conv", 1, "Pad", 1), ops(apply(reflect, new FusePadIntoConv())));
        Model channels = new Tiny(13).input("x", 1, 3, 6, 6).longs("p", 0, 1, 0, 0, 0, 0, 0, 0).weight("w", 4, 4, 3, 3)
                .op("Pad", "a", "x", "p").op("Conv", "y", "a", "w").output("y").build();
        assertEquals(Map.of("Conv", 1, "Pad", 1), ops(apply(channels, new FusePadIntoConv())));
        Model filled = new Tiny(13).input("x", 1, 3, 6, 6).longs("p", 0, 0, 1, 1, 0, 0, 1, 1).scalar("v", 1f)
                .weight("w", 4, 3, 3, 3).op("Pad", "a", "x", "p", "v").op("Conv", "y", "a", "w").output("y").build();
        assertEquals(Map.of("Conv", 1, "Pad", 1), ops(apply(filled, new FusePadIntoConv())));
        Model computed = new Tiny(13).input("x", 1, 3, 6, 6).input("p", 8).weight("w", 4, 3, 3, 3)
                .op("Cast", "pi", "p").attr("to", 7).op("Pad", "a", "x", "pi").op("Conv", "y", "a", "w").output("y")
                        .build();
        assertEquals(Map.of("Cast", 1, "Conv", 1, "Pad", 1), ops(apply(computed, new FusePadIntoConv())));
    }

    @Test
    void zeroPadFusesIntoAveragePoolCountingThePadding() {
        Model m = pad(0, 0, 1, 1, 0, 0, 1, 1).op("AveragePool", "y", "a").ints("kernel_shape", 3, 3).output("y")
                .build();
        Model after = same(m, apply(m, new FusePadIntoPool()));
        assertEquals(Map.of("AveragePool", 1), ops(after));
        assertEquals(1, after.graph().nodes().get(0).attrInt("count_include_pad", 0));
    }

    @Test
    void maxPoolTakesOnlyAMinusInfinityFill() {
        Model zero = pad(0, 0, 1, 1, 0, 0, 1, 1).op("MaxPool", "y", "a").ints("kernel_shape", 3, 3).output("y").build();
        assertEquals(Map.of("MaxPool", 1, "Pad", 1), ops(apply(zero, new FusePadIntoPool())));
        Model inf = new Tiny(13).input("x", 1, 3, 6, 6).longs("p", 0, 0, 1, 1, 0, 0, 1, 1)
                .scalar("v", Float.NEGATIVE_INFINITY).op("Pad", "a", "x", "p", "v").op("MaxPool", "y", "a")
                .ints("kernel_shape", 3, 3).output("y").build();
        assertEquals(Map.of("MaxPool", 1), ops(same(inf, apply(inf, new FusePadIntoPool()))));
    }

    @Test
    void matMulAndAddBecomeGemm() {
        Model m = new Tiny(13).input("x", 2, 5).weight("w", 5, 3).weight("b", 3).op("MatMul", "mm", "x", "w")
                .op("Add", "y", "b", "mm").output("y").build();
        assertEquals(Map.of("Gemm", 1), ops(same(m, apply(m, new FuseMatMulAddIntoGemm()))));
    }

    @Test
    void matMulOfABatchOfMatricesStays() {
        Model m = new Tiny(13).input("x", 2, 4, 5).weight("w", 5, 3).weight("b", 3).op("MatMul", "mm", "x", "w")
                .op("Add", "y", "mm", "b").output("y").build();
        assertEquals(Map.of("Add", 1, "MatMul", 1), ops(apply(m, new FuseMatMulAddIntoGemm())));
    }

    @Test
    void chainedConstantSumsAndProductsBecomeOne() {
        Model m = new Tiny(13).input("x", 2, 3, 4, 5, 2).scalar("half", -0.5f).weight("grid", 1, 1, 4, 5, 2)
                .scalar("two", 2f).weight("scale", 2).op("Add", "a", "x", "half").op("Add", "b", "grid", "a")
                .op("Mul", "c", "b", "two").op("Mul", "y", "scale", "c").output("y").build();
        assertEquals(Map.of("Add", 1, "Mul", 1), ops(same(m, apply(m, new FuseConstantArithmetic()))));
        Model shared = new Tiny(13).input("x", 2, 3).scalar("a", 1f).scalar("b", 2f).op("Add", "s", "x", "a")
                .op("Add", "y", "s", "b").output("y", "s").build();
        assertEquals(Map.of("Add", 2), ops(apply(shared, new FuseConstantArithmetic())));
        Model mixed = new Tiny(13).input("x", 2, 3).scalar("a", 1f).scalar("b", 2f).op("Add", "s", "x", "a")
                .op("Mul", "y", "s", "b").output("y").build();
        assertEquals(Map.of("Add", 1, "Mul", 1), ops(apply(mixed, new FuseConstantArithmetic())));
    }

    @Test
    void consecutiveTransposesCompose() {
        Model m = new Tiny(13).input("x", 1, 2, 3, 4).op("Transpose", "a", "x").ints("perm", 0, 2, 3, 1)
                .op("Transpose", "y", "a").ints("perm", 1, 0, 3, 2).output("y").build();
        Model after = same(m, apply(m, new FuseTransposes()));
        assertEquals(Map.of("Transpose", 1), ops(after));
        assertArrayEquals(new long[] {2, 0, 1, 3}, after.graph().nodes().get(0).attrInts("perm", null));
    }

    @Test
    void transposeWithAnotherReaderStaysForIt() {
        Model m = new Tiny(13).input("x", 1, 2, 3).op("Transpose", "a", "x").ints("perm", 0, 2, 1)
                .op("Transpose", "y", "a").ints("perm", 0, 2, 1).op("Relu", "z", "a").output("y", "z").build();
        Model after = same(m, apply(m, new FuseTransposes()));
        assertEquals(Map.of("Relu", 1, "Transpose", 2), ops(after));
        Node y = after.graph().node("y");
        assertEquals("x", y.input(0));
    }

    @Test
    void consecutiveShapeChangesBecomeOneReshape() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).op("Flatten", "a", "x").attr("axis", 1).longs("axes", 0)
                .op("Unsqueeze", "b", "a", "axes").longs("s", 1, 4, 12).op("Reshape", "y", "b", "s").output("y")
                        .build();
        Model after = same(m, apply(m, new FuseReshapes()));
        assertEquals(Map.of("Reshape", 1), ops(after));
    }

    @Test
    void reshapesOfTwoUnknownDimensionsStay() {
        Model m = new Tiny(13).input("x", Shape.of(List.of(Dim.symbol("N"), Dim.symbol("M"), Dim.of(4))))
                .longs("a0", 0).op("Unsqueeze", "a", "x", "a0")
                .longs("a1", 1).op("Unsqueeze", "y", "a", "a1").output("y").build();
        assertEquals(Map.of("Unsqueeze", 2), ops(apply(m, new FuseReshapes())));
    }

    @Test
    void reshapesKeepADynamicBatch() {
        Model m = new Tiny(13).dynamicInput("x", 3, 4, 4).op("Flatten", "a", "x").attr("axis", 1).longs("s", 0, 4, 12)
                .op("Reshape", "y", "a", "s").output("y").build();
        Model after = apply(m, new FuseReshapes());
        assertEquals(Map.of("Reshape", 1), ops(after));
        SameOutputs.assertSame("batch 2", m, after, Map.of("x", SameOutputs.randomInputs(
                new Tiny(13).input("x", 2, 3, 4, 4).build(), 3).get("x")));
    }
}
