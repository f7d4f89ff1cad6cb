package org.ktcj.runtime.optimize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.ktcj.runtime.optimize.Tiny.apply;
import static org.ktcj.runtime.optimize.Tiny.ops;
import static org.ktcj.runtime.optimize.Tiny.same;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Model;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.optimize.rules.EliminateAddZero;
import org.ktcj.runtime.optimize.rules.EliminateDeadNodes;
import org.ktcj.runtime.optimize.rules.EliminateDropout;
import org.ktcj.runtime.optimize.rules.EliminateIdentity;
import org.ktcj.runtime.optimize.rules.EliminateMulByOne;
import org.ktcj.runtime.optimize.rules.EliminateNopCast;
import org.ktcj.runtime.optimize.rules.EliminateNopPad;
import org.ktcj.runtime.optimize.rules.EliminateNopReshape;
import org.ktcj.runtime.optimize.rules.EliminateNopTranspose;
import org.ktcj.runtime.optimize.rules.EliminateSingleInputConcat;

/** The rules that remove operators doing nothing: where they fire, and where they must not. */
class EliminationRulesTest {
    private static List<String> outputs(Model m) {
        return m.graph().outputs().stream().map(ValueInfo::name).toList();
    }

    @Test
    void identityBetweenNodesGoes() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).op("Relu", "a", "x").op("Identity", "b", "a")
                .op("Sigmoid", "y", "b").output("y").build();
        Model after = same(m, apply(m, new EliminateIdentity()));
        assertEquals(Map.of("Relu", 1, "Sigmoid", 1), ops(after));
    }

    @Test
    void identityThatIsAGraphOutputKeepsTheOutputName() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).op("Relu", "a", "x").op("Identity", "y", "a")
                .op("Sigmoid", "z", "a").output("y", "z").build();
        Model after = same(m, apply(m, new EliminateIdentity()));
        assertEquals(Map.of("Relu", 1, "Sigmoid", 1), ops(after));
        assertEquals(List.of("y", "z"), outputs(after));
        assertEquals("y", after.graph().node("a").output(0), "the Relu now writes the output name");
    }

    @Test
    void identityOfAGraphInputThatIsAnOutputStays() {
        Model m = new Tiny(13).input("x", 1, 3).op("Identity", "y", "x").output("y").build();
        assertEquals(Map.of("Identity", 1), ops(apply(m, new EliminateIdentity())));
    }

    @Test
    void identityOfAnOutputThatIsAlsoAnOutputStays() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "a", "x").op("Identity", "y", "a").output("a", "y").build();
        assertEquals(Map.of("Identity", 1, "Relu", 1), ops(apply(m, new EliminateIdentity())));
    }

    @Test
    void dropoutGoesUnlessItsMaskIsUsed() {
        Model m = new Tiny(13).input("x", 1, 3).op("Dropout", "d", "x").op("Relu", "y", "d").output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateDropout()))));
        Model masked = new Tiny(11).input("x", 1, 3).node("Dropout", new String[] {"d", "mask"}, "x")
                .op("Relu", "y", "d").output("y", "mask").build();
        assertEquals(Map.of("Dropout", 1, "Relu", 1), ops(apply(masked, new EliminateDropout())));
    }

    @Test
    void castToTheSameTypeGoesToAnotherStays() {
        Model m = new Tiny(13).input("x", 1, 3).op("Cast", "c", "x").attr("to", 1).op("Relu", "y", "c").output("y")
                .build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateNopCast()))));
        Model toInt = new Tiny(13).input("x", 1, 3).op("Cast", "c", "x").attr("to", 7).op("Cast", "y", "c")
                .attr("to", 1).output("y").build();
        assertEquals(Map.of("Cast", 2), ops(apply(toInt, new EliminateNopCast())));
    }

    @Test
    void zeroPadGoesAnyOtherStays() {
        Model m = new Tiny(13).input("x", 1, 3, 4, 4).longs("p", 0, 0, 0, 0, 0, 0, 0, 0).op("Pad", "a", "x", "p")
                .attr("mode", "reflect").op("Relu", "y", "a").output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateNopPad()))));
        Model padded = new Tiny(13).input("x", 1, 3, 4, 4).longs("p", 0, 0, 1, 0, 0, 0, 0, 0).op("Pad", "a", "x", "p")
                .op("Relu", "y", "a").output("y").build();
        assertEquals(Map.of("Pad", 1, "Relu", 1), ops(apply(padded, new EliminateNopPad())));
    }

    @Test
    void zeroPadAttributesOfOldOpsetsGoToo() {
        Model m = new Tiny(9).input("x", 1, 3, 4, 4).op("Pad", "a", "x").ints("pads", 0, 0, 0, 0, 0, 0, 0, 0)
                .op("Relu", "y", "a").output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateNopPad()))));
    }

    @Test
    void reshapeToTheSameShapeGoesOthersStay() {
        Model m = new Tiny(13).input("x", 1, 3, 4).longs("s", 1, 3, 4).op("Reshape", "a", "x", "s").op("Relu", "y", "a")
                .output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateNopReshape()))));
        Model flat = new Tiny(13).input("x", 1, 3, 4).longs("s", 1, 12).op("Reshape", "a", "x", "s")
                .op("Relu", "y", "a").output("y").build();
        assertEquals(Map.of("Relu", 1, "Reshape", 1), ops(apply(flat, new EliminateNopReshape())));
    }

    @Test
    void flattenOfAMatrixDoesNothing() {
        Model m = new Tiny(13).input("x", 2, 5).op("Flatten", "a", "x").attr("axis", 1).op("Relu", "y", "a")
                .output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateNopReshape()))));
    }

    @Test
    void identityTransposeGoes() {
        Model m = new Tiny(13).input("x", 1, 3, 4).op("Transpose", "a", "x").ints("perm", 0, 1, 2).op("Relu", "y", "a")
                .output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateNopTranspose()))));
        Model swap = new Tiny(13).input("x", 1, 3, 4).op("Transpose", "a", "x").ints("perm", 0, 2, 1)
                .op("Relu", "y", "a").output("y").build();
        assertEquals(Map.of("Relu", 1, "Transpose", 1), ops(apply(swap, new EliminateNopTranspose())));
    }

    @Test
    void singleInputConcatGoes() {
        Model m = new Tiny(13).input("x", 1, 3).op("Concat", "a", "x").attr("axis", 1).op("Relu", "y", "a")
                .output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateSingleInputConcat()))));
        Model two = new Tiny(13).input("x", 1, 3).op("Concat", "y", "x", "x").attr("axis", 1).output("y").build();
        assertEquals(Map.of("Concat", 1), ops(apply(two, new EliminateSingleInputConcat())));
    }

    @Test
    void mulByOneGoesUnlessTheOnesBroadcastFurther() {
        Model m = new Tiny(13).input("x", 1, 3).initializer("one", Tensor.of(new float[] {1, 1, 1}, 3))
                .op("Mul", "a", "one", "x").op("Div", "b", "a", "one").op("Relu", "y", "b").output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateMulByOne()))));
        Model growing = new Tiny(13).input("x", 1, 3)
                .initializer("one", Tensor.of(new float[] {1, 1, 1, 1, 1, 1}, 2, 3))
                .op("Mul", "a", "x", "one").op("Relu", "y", "a").output("y").build();
        assertEquals(Map.of("Mul", 1, "Relu", 1), ops(apply(growing, new EliminateMulByOne())));
        Model half = new Tiny(13).input("x", 1, 3).scalar("h", 0.5f).op("Mul", "a", "x", "h").op("Relu", "y", "a")
                .output("y").build();
        assertEquals(Map.of("Mul", 1, "Relu", 1), ops(apply(half, new EliminateMulByOne())));
    }

    @Test
    void addOfZeroGoesButNotZeroMinusX() {
        Model m = new Tiny(13).input("x", 1, 3).scalar("zero", 0f).op("Add", "a", "zero", "x")
                .op("Sub", "b", "a", "zero").op("Relu", "y", "b").output("y").build();
        assertEquals(Map.of("Relu", 1), ops(same(m, apply(m, new EliminateAddZero()))));
        Model negate = new Tiny(13).input("x", 1, 3).scalar("zero", 0f).op("Sub", "a", "zero", "x").op("Relu", "y", "a")
                .output("y").build();
        assertEquals(Map.of("Relu", 1, "Sub", 1), ops(apply(negate, new EliminateAddZero())));
    }

    @Test
    void integerAddOfZeroGoesToo() {
        Model m = new Tiny(13).input("x", 2).initializer("z", Tensor.ofLongs(new long[] {0}, 1)).op("Cast", "i", "x")
                .attr("to", 7).op("Add", "a", "i", "z").op("Cast", "y", "a").attr("to", 1).output("y").build();
        assertEquals(Map.of("Cast", 2), ops(same(m, apply(m, new EliminateAddZero()))));
    }

    @Test
    void deadNodesGoButNotWhatOutputsNeed() {
        Model m = new Tiny(13).input("x", 1, 3).op("Relu", "dead", "x").op("Sigmoid", "deader", "dead")
                .op("Tanh", "y", "x").output("y").build();
        assertEquals(Map.of("Tanh", 1), ops(same(m, apply(m, new EliminateDeadNodes()))));
        assertEquals(DataType.FLOAT, m.graph().inputs().get(0).type());
    }
}
