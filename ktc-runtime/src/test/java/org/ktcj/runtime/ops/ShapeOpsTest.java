package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktcj.runtime.ops.OpFixture.arange;
import static org.ktcj.runtime.ops.ShapeOpsFixture.arangeLong;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertFloats;
import static org.ktcj.runtime.ops.ShapeOpsFixture.assertLongs;
import static org.ktcj.runtime.ops.OpFixture.failure;
import static org.ktcj.runtime.ops.OpFixture.infer;
import static org.ktcj.runtime.ops.ShapeOpsFixture.longs;
import static org.ktcj.runtime.ops.OpFixture.op;
import static org.ktcj.runtime.ops.OpFixture.run1;
import static org.ktcj.runtime.ops.OpFixture.shape;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;

class ShapeOpsTest {
    private static final ValueInfo SYMBOLIC = new ValueInfo("x0", DataType.FLOAT,
            Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(4))));

    @Test
    void reshapeCopiesZerosAndInfersMinusOne() {
        // np.arange(24).reshape(2, 3, 4).reshape(2, -1): shape (2, 12), same order
        Tensor y = run1(13, op("Reshape"), arange(2, 3, 4), longs(0, -1));
        assertArrayEquals(shape(2, 12), y.shape());
        assertEquals(23f, y.floats()[23]);
    }

    @Test
    void reshapeIsAViewOfItsInput() {
        Tensor x = arangeLong(2, 6);
        Node node = OpFixture.build(op("Reshape"), x, longs(3, 4));
        Operator op = OpFixture.operator(13, node);
        Tensor y = op.kernel(NodeContext.ofTensors(node, 13, new Tensor[] {x, longs(3, 4)}))
                .run(new Tensor[] {x, longs(3, 4)}, new HeapWorkspace())[0];
        assertSame(x.carrier(), y.carrier());
        assertLongs(y, shape(3, 4), 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
    }

    @Test
    void reshapeAllowZeroKeepsZeroAsASize() {
        // opset 14, allowzero=1: np.zeros((0, 3)).reshape(3, 0).shape == (3, 0)
        Tensor y = run1(14, op("Reshape").attr("allowzero", 1L), Tensor.zeros(DataType.FLOAT, 0, 3), longs(3, 0));
        assertArrayEquals(shape(3, 0), y.shape());
        assertTrue(failure(14, op("Reshape").attr("allowzero", 1L), Tensor.zeros(DataType.FLOAT, 0, 3), longs(0, -1))
                .contains("both 0"));
    }

    @Test
    void reshapeOpset1TakesTheShapeAttribute() {
        Tensor y = run1(1, op("Reshape").attr("shape", 4L, -1L), arange(2, 6));
        assertArrayEquals(shape(4, 3), y.shape());
    }

    @Test
    void reshapeOfUnknownShapeInputHasNoShapeYet() {
        ValueInfo target = ValueInfo.of("x1", DataType.INT64, 2);
        List<ValueInfo> out = infer(13, op("Reshape"), new ValueInfo[] {SYMBOLIC, target});
        assertNull(out.get(0).shape());
        assertEquals(DataType.FLOAT, out.get(0).type());
        // A known target with a symbolic input keeps the copied symbol: [N, 3, 4] -> [0, -1] is [N, ?]
        out = infer(13, op("Reshape"), new ValueInfo[] {SYMBOLIC, target}, null, longs(0, -1));
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.unknown())), out.get(0).shape());
    }

    @Test
    void reshapeRejectsIncompatibleSizes() {
        assertTrue(failure(13, op("Reshape"), arange(2, 3), longs(4, 2)).contains("cannot reshape"));
        assertTrue(failure(13, op("Reshape"), arange(2, 3), longs(-1, -1)).contains("more than one -1"));
        assertTrue(failure(13, op("Reshape"), arange(2, 3), longs(5, -1)).contains("cannot reshape"));
    }

    @Test
    void flattenSplitsAtTheAxis() {
        // np.arange(24).reshape(2, 3, 4).reshape(1, -1) for axis 0; reshape(6, 4) for axis -1
        assertArrayEquals(shape(1, 24), run1(13, op("Flatten").attr("axis", 0L), arange(2, 3, 4)).shape());
        assertArrayEquals(shape(6, 4), run1(13, op("Flatten").attr("axis", -1L), arange(2, 3, 4)).shape());
        assertArrayEquals(shape(2, 12), run1(9, op("Flatten"), arange(2, 3, 4)).shape());
        List<ValueInfo> out = infer(13, op("Flatten").attr("axis", 1L), new ValueInfo[] {SYMBOLIC});
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.of(12))), out.get(0).shape());
    }

    @Test
    void squeezeByAttributeInputOrEveryOne() {
        Tensor x = arange(1, 3, 1, 2);
        assertArrayEquals(shape(3, 2), run1(11, op("Squeeze").attr("axes", 0L, -2L), x).shape());
        assertArrayEquals(shape(1, 3, 2), run1(13, op("Squeeze"), x, longs(-2)).shape());
        assertArrayEquals(shape(3, 2), run1(13, op("Squeeze"), x).shape());
        assertTrue(failure(13, op("Squeeze"), x, longs(1)).contains("cannot squeeze axis 1 of size 3"));
    }

    @Test
    void unsqueezeAxesIndexTheOutput() {
        // np.expand_dims(np.zeros((2, 3)), (0, -1)).shape == (1, 2, 3, 1)
        assertArrayEquals(shape(1, 2, 3, 1), run1(11, op("Unsqueeze").attr("axes", -1L, 0L), arange(2, 3)).shape());
        Tensor y = run1(13, op("Unsqueeze"), arangeLong(2, 3), longs(1));
        assertLongs(y, shape(2, 1, 3), 0, 1, 2, 3, 4, 5);
        assertTrue(failure(13, op("Unsqueeze"), arange(2), longs(0, 0)).contains("repeated"));
    }

    @Test
    void shapeWithStartAndEnd() {
        Tensor x = arange(2, 3, 4, 5);
        assertLongs(run1(13, op("Shape"), x), shape(4), 2, 3, 4, 5);
        // opset 15: x.shape[1:-1]
        assertLongs(run1(15, op("Shape").attr("start", 1L).attr("end", -1L), x), shape(2), 3, 4);
        assertLongs(run1(15, op("Shape").attr("start", -10L).attr("end", 10L), x), shape(4), 2, 3, 4, 5);
    }

    @Test
    void sizeIsAnInt64Scalar() {
        assertLongs(run1(13, op("Size"), arange(2, 3, 4)), shape(), 24);
    }

    @Test
    void exportersShapeArithmeticFoldsToAStaticReshape() {
        // y = x.reshape(x.shape[0], -1), as PyTorch exports it: Shape -> Gather -> Unsqueeze -> Concat -> Reshape
        Graph graph = Graph.builder()
                .input(ValueInfo.of("x", DataType.FLOAT, 2, 3, 4, 5))
                .initializer("zero", Tensor.scalarLong(0))
                .initializer("axes", longs(0))
                .initializer("rest", longs(-1))
                .node(Node.builder("Shape").name("shape").inputs("x").outputs("s").build())
                .node(Node.builder("Gather").name("gather").inputs("s", "zero").outputs("n").build())
                .node(Node.builder("Unsqueeze").name("unsqueeze").inputs("n", "axes").outputs("n1").build())
                .node(Node.builder("Concat").name("concat").attr("axis", 0L).inputs("n1", "rest").outputs("target").build())
                .node(Node.builder("Reshape").name("reshape").inputs("x", "target").outputs("y").build())
                .output("y")
                .build();
        ShapeInference.Result r = ShapeInference.infer(graph, 13, OpFixture.REGISTRY, true, Map.of());
        assertEquals(Shape.of(2, 60), r.info("y").shape());
        assertLongs(r.constants().get("target"), shape(2), 2, -1);
    }

    @Test
    void viewsKeepFloatValues() {
        assertFloats(run1(13, op("Flatten"), arange(1, 2, 2)), shape(1, 4), 0, 1, 2, 3);
    }
}
