package org.ktcj.runtime.fx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/**
 * The ONNX operators that only move data run unchanged on INT8 and INT16 tensors: each gives, on the
 * integer tensor, exactly what it gives on the same values in float32.
 */
class DataMovementTest {
    private static final Random RANDOM = new Random(51);

    @Test
    void shapeOperators() {
        check(() -> op("Reshape"), new int[] {2, 3, 4, 5}, Tensor.ofLongs(new long[] {6, -1}, 2));
        check(() -> op("Flatten").attr("axis", 2L), new int[] {2, 3, 4, 5});
        check(() -> op("Squeeze"), new int[] {2, 1, 4, 1}, Tensor.ofLongs(new long[] {1, 3}, 2));
        check(() -> op("Unsqueeze"), new int[] {2, 4}, Tensor.ofLongs(new long[] {0, 3}, 2));
        check(() -> op("Identity"), new int[] {3, 7});
    }

    @Test
    void layoutOperators() {
        check(() -> op("Transpose").attr("perm", 0L, 2L, 3L, 1L), new int[] {2, 3, 4, 5});
        check(() -> op("DepthToSpace").attr("blocksize", 2L).attr("mode", "CRD"), new int[] {1, 8, 3, 3});
        check(() -> op("DepthToSpace").attr("blocksize", 2L), new int[] {1, 8, 3, 3});
        check(() -> op("SpaceToDepth").attr("blocksize", 2L), new int[] {1, 2, 4, 6});
    }

    @Test
    void sliceSplitConcatPad() {
        check(() -> op("Slice"), new int[] {2, 6, 5, 5}, Tensor.ofLongs(new long[] {1, 4}, 2),
                Tensor.ofLongs(new long[] {6, 0}, 2), Tensor.ofLongs(new long[] {1, 3}, 2), Tensor.ofLongs(new long[] {2, -2}, 2));
        check(() -> Node.builder("Split").name("n").outputs("y", "z").attr("axis", 1L), new int[] {2, 6, 3},
                Tensor.ofLongs(new long[] {2, 4}, 2));
        check(() -> op("Concat").attr("axis", 1L), new int[] {2, 3, 4}, Tensor.zeros(DataType.FLOAT, 2, 5, 4));
        check(() -> op("Pad"), new int[] {1, 2, 3, 4}, Tensor.ofLongs(new long[] {0, 0, 1, 2, 0, 1, 2, 0}, 8));
    }

    @Test
    void maxPoolingAndNearestResize() {
        check(() -> op("MaxPool").attr("kernel_shape", 3L, 3L).attr("strides", 2L, 2L).attr("pads", 1L, 1L, 1L, 1L),
                new int[] {2, 3, 9, 8});
        check(() -> op("MaxPool").attr("kernel_shape", 2L, 2L).attr("strides", 2L, 2L), new int[] {1, 4, 6, 6});
        check(() -> op("GlobalMaxPool"), new int[] {2, 3, 5, 7});
        check(() -> op("Resize").attr("mode", "nearest"), new int[] {1, 2, 3, 4}, Tensor.zeros(DataType.FLOAT, 0),
                Tensor.of(new float[] {1, 1, 2, 2}, 4));
        check(() -> op("Resize").attr("mode", "nearest").attr("coordinate_transformation_mode", "asymmetric")
                .attr("nearest_mode", "floor"), new int[] {1, 2, 3, 4}, Tensor.zeros(DataType.FLOAT, 0),
                Tensor.zeros(DataType.FLOAT, 0), Tensor.ofLongs(new long[] {1, 2, 7, 5}, 4));
    }

    @Test
    void upsampleAtOpsetNine() {
        for (DataType t : new DataType[] {DataType.INT8, DataType.INT16}) {
            Tensor x = FxRun.full(RANDOM, t, 1, 2, 3, 3);
            Tensor y = FxRun.run(op("Upsample").attr("mode", "nearest"), x, Tensor.of(new float[] {1, 1, 2, 2}, 4));
            assertEquals(t, y.type());
            assertArrayEquals(new int[] {1, 2, 6, 6}, y.shape());
            for (int i = 0; i < y.size(); i++) {
                int ox = i % 6;
                int oy = i / 6 % 6;
                int plane = i / 36;
                assertEquals(x.getLong(plane * 9 + oy / 2 * 3 + ox / 2), y.getLong(i));
            }
        }
    }

    private static Node.Builder op(String type) {
        return Node.builder(type).name("n").outputs("y");
    }

    /**
     * Runs the node on a random int8 and int16 tensor of {@code shape} (the first input; a float constant
     * among {@code rest} becomes the same type, as Concat's second input), and on the same values as
     * float32: the results must be equal.
     */
    private static void check(Supplier<Node.Builder> node, int[] shape, Tensor... rest) {
        for (DataType t : new DataType[] {DataType.INT8, DataType.INT16}) {
            Tensor x = FxRun.full(RANDOM, t, shape);
            Tensor[] ints = new Tensor[rest.length + 1];
            Tensor[] floats = new Tensor[rest.length + 1];
            ints[0] = x;
            floats[0] = x.castTo(DataType.FLOAT);
            for (int i = 0; i < rest.length; i++) {
                boolean data = rest[i].type() == DataType.FLOAT && rest[i].size() > 0 && node.get().build().opType().equals("Concat");
                ints[i + 1] = data ? FxRun.full(RANDOM, t, rest[i].shape()) : rest[i];
                floats[i + 1] = data ? ints[i + 1].castTo(DataType.FLOAT) : rest[i];
            }
            Tensor yi = FxRun.run(node.get(), ints);
            Tensor yf = FxRun.run(node.get(), floats);
            assertEquals(t, yi.type(), node.get().build().opType());
            assertArrayEquals(yf.shape(), yi.shape());
            assertArrayEquals(yf.toLongArray(), yi.toLongArray(), node.get().build().opType() + " " + t);
        }
    }
}
