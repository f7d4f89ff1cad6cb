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

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktcj.frontend.onnx.OnnxExporter;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.HeapWorkspace;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

class ResizeOpsTest {
    private static final Tensor SQUARE = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);

    private static Tensor scales(float... s) {
        return Tensor.of(s, s.length);
    }

    @Test
    void upsampleNearestRepeatsPixels() {
        // ONNX's test_upsample_nearest: scales [1, 1, 2, 3]
        float[] want = {1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 3, 3, 3, 4, 4, 4};
        assertFloats(run1(9, op("Upsample"), SQUARE, scales(1, 1, 2, 3)), shape(1, 1, 4, 6), want);
        assertFloats(run1(7, op("Upsample").attr("scales", 1f, 1f, 2f, 3f), SQUARE), shape(1, 1, 4, 6), want);
    }

    @Test
    void upsampleLinearSamplesAtXOverScale() {
        // asymmetric: source row/column i / 2, clamped to the last: rows 0, 0.5, 1, 1 of [[1, 2], [3, 4]]
        assertFloats(run1(7, op("Upsample").attr("mode", "bilinear").attr("scales", 1f, 1f, 2f, 2f), SQUARE),
                shape(1, 1, 4, 4), 1, 1.5f, 2, 2, 2, 2.5f, 3, 3, 3, 3.5f, 4, 4, 3, 3.5f, 4, 4);
    }

    @Test
    void resize10ShrinksNearestRoundingUp() {
        // ONNX's opset-10 test_resize_downsample_nearest: [[1, 2, 3, 4], [5, 6, 7, 8]] by 0.6 -> [[1, 3]]
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 1, 1, 2, 4);
        assertFloats(run1(10, op("Resize"), x, scales(1, 1, 0.6f, 0.6f)), shape(1, 1, 1, 2), 1, 3);
    }

    @Test
    void resizeHalfPixelLinear() {
        // ONNX's Resize documentation example (half_pixel, scales 2)
        assertFloats(run1(13, op("Resize").attr("mode", "linear"), SQUARE, null, scales(1, 1, 2, 2)), shape(1, 1, 4, 4),
                1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4);
    }

    @Test
    void resizeCubic() {
        // ONNX's test_resize_upsample_scales_cubic, first output row (A = -0.75, half_pixel, 4x4 -> 8x8)
        Tensor y = run1(13, op("Resize").attr("mode", "cubic"), arange(1, 1, 4, 4), null, scales(1, 1, 2, 2));
        float[] row = Arrays.copyOf(y.floats(), 8);
        float[] want = {0.47265625f, 0.76953125f, 1.24609375f, 1.875f, 2.28125f, 2.91015625f, 3.38671875f, 3.68359375f};
        for (int i = 0; i < 8; i++) {
            assertEquals(want[i] - 1, row[i], 1e-5f); // the example's data start at 1, arange at 0
        }
    }

    @Test
    void nearestModesAndCoordinateTransforms() {
        // index = clamp(round(transform(i)), 0, 3) for 4 -> 8 (scale 2), per the ONNX definitions
        Tensor x = arange(1, 4);
        assertNearest(x, "asymmetric", "round_prefer_ceil", 0, 1, 1, 2, 2, 3, 3, 3);
        assertNearest(x, "half_pixel", "floor", 0, 0, 0, 1, 1, 2, 2, 3);
        assertNearest(x, "half_pixel", "round_prefer_floor", 0, 0, 1, 1, 2, 2, 3, 3);
        assertNearest(x, "align_corners", "ceil", 0, 1, 1, 2, 2, 3, 3, 3);
        assertNearest(x, "tf_half_pixel_for_nn", "ceil", 1, 1, 2, 2, 3, 3, 3, 3);
    }

    private static void assertNearest(Tensor x, String coord, String rounding, float... want) {
        Tensor y = run1(11, op("Resize").attr("coordinate_transformation_mode", coord).attr("nearest_mode", rounding),
                x, Tensor.of(new float[0], 0), Tensor.of(new float[0], 0), longs(1, 8));
        assertFloats(y, shape(1, 8), want);
    }

    @Test
    void nearestMovesAnyElementType() {
        // np.repeat(np.arange(6).reshape(2, 3), 2, axis=1) for int64 data
        Tensor y = run1(13, op("Resize"), arangeLong(2, 3), null, scales(1, 2));
        assertLongs(y, shape(2, 6), 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5);
        assertTrue(failure(13, op("Resize").attr("mode", "linear"), arangeLong(2, 3), null, scales(1, 2))
                .startsWith("Resize node 'n': unsupported: linear resize of int64 data"));
    }

    @Test
    void cropAndResizeExtrapolatesOutsideTheRoi() {
        // roi [0.5, 1.5] on a length-3 axis samples at 1, 2, 3: the last lies outside, so it is the extrapolation
        Tensor x = Tensor.of(new float[] {10, 20, 30}, 1, 3);
        Tensor roi = Tensor.of(new float[] {0, 0.5f, 1, 1.5f}, 4);
        for (String mode : List.of("nearest", "linear", "cubic")) {
            Tensor y = run1(13, op("Resize").attr("mode", mode).attr("coordinate_transformation_mode", "tf_crop_and_resize")
                    .attr("extrapolation_value", -1f), x, roi, null, longs(1, 3));
            assertFloats(y, shape(1, 3), 20, 30, -1);
        }
    }

    @Test
    void anIdentityResizeIsTheInput() {
        Tensor x = arange(1, 3, 4, 4);
        Tensor[] in = {x, null, scales(1, 1, 1, 1)};
        Node node = OpFixture.build(op("Resize").attr("mode", "linear"), in);
        Tensor y = OpFixture.operator(13, node).kernel(NodeContext.ofTensors(node, 13, in)).run(in, new HeapWorkspace())[0];
        assertSame(x, y);
    }

    @Test
    void resizeErrorsAndInference() {
        assertTrue(failure(13, op("Resize"), SQUARE, null, scales(1, 2)).contains("scales has 2 values for rank 4"));
        assertTrue(failure(13, op("Resize"), SQUARE, null, scales(1, 1, 2, 2), longs(1, 1, 4, 4)).contains("only one"));
        assertTrue(failure(13, op("Resize"), SQUARE, null, null, null).contains("needs scales or sizes"));
        assertTrue(failure(13, op("Resize").attr("mode", "area"), SQUARE, null, scales(1, 1, 2, 2)).contains("unknown mode"));
        ValueInfo x = new ValueInfo("x0", DataType.FLOAT, Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(8), Dim.of(8))));
        ValueInfo sizes = ValueInfo.of("x3", DataType.INT64, 4);
        ValueInfo[] infos = {x, null, null, sizes};
        assertNull(infer(13, op("Resize"), infos).get(0).shape());
        assertEquals(Shape.of(1, 3, 16, 16), infer(13, op("Resize"), infos, null, null, null, longs(1, 3, 16, 16)).get(0).shape());
        ValueInfo[] byScale = {x, null, ValueInfo.of("x2", DataType.FLOAT, 4)};
        assertEquals(Shape.of(List.of(Dim.symbol("N"), Dim.of(3), Dim.of(4), Dim.of(20))),
                infer(13, op("Resize"), byScale, null, null, scales(1, 1, 0.5f, 2.5f)).get(0).shape());
    }

    // ---- against ONNX Runtime ---------------------------------------------------------------------

    /** One Resize (or Upsample) node at an opset, on a random input of {@code in}, to {@code sizes} or by {@code scales}. */
    record OrtCase(String name, int opset, String opType, int[] in, long[] sizes, float[] scales, String[] attrs) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<OrtCase> ortCases() {
        List<OrtCase> cases = new ArrayList<>();
        int[] in = {1, 3, 13, 17};
        long[] sizes = {1, 3, 29, 9};
        for (String coord : List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric")) {
            cases.add(sized("linear " + coord, in, sizes, "mode", "linear", "coordinate_transformation_mode", coord));
            cases.add(sized("cubic " + coord, in, sizes, "mode", "cubic", "coordinate_transformation_mode", coord));
            for (String rounding : List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil")) {
                cases.add(sized("nearest " + coord + " " + rounding, in, sizes, "coordinate_transformation_mode", coord,
                        "nearest_mode", rounding));
            }
        }
        cases.add(sized("nearest tf_half_pixel_for_nn", in, sizes, "coordinate_transformation_mode", "tf_half_pixel_for_nn"));
        cases.add(sized("cubic A=-0.5 exclude_outside", in, sizes, "mode", "cubic", "cubic_coeff_a", "-0.5", "exclude_outside", "1"));
        cases.add(sized("nearest on three axes", new int[] {2, 5, 6, 7}, new long[] {2, 9, 3, 15}));
        cases.add(sized("large linear", new int[] {2, 8, 40, 50}, new long[] {2, 8, 81, 99}, "mode", "linear"));
        cases.add(new OrtCase("linear by scales", 13, "Resize", in, null, new float[] {1, 1, 2, 0.5f}, new String[] {"mode", "linear"}));
        cases.add(new OrtCase("resize-10 nearest up and down", 10, "Resize", in, null, new float[] {1, 1, 3, 0.6f}, new String[0]));
        cases.add(new OrtCase("resize-10 linear", 10, "Resize", in, null, new float[] {1, 1, 2, 0.5f}, new String[] {"mode", "linear"}));
        cases.add(new OrtCase("upsample-9 nearest", 9, "Upsample", in, null, new float[] {1, 1, 2, 3}, new String[0]));
        cases.add(new OrtCase("upsample-9 linear", 9, "Upsample", in, null, new float[] {1, 1, 2, 3}, new String[] {"mode", "linear"}));
        return cases.stream();
    }

    private static OrtCase sized(String name, int[] in, long[] sizes, String... attrs) {
        return new OrtCase(name, 13, "Resize", in, sizes, null, attrs);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ortCases")
    void matchesOnnxRuntime(OrtCase c) throws OrtException {
        Model model = model(c);
        Random r = new Random(c.name.hashCode());
        float[] data = new float[Tensor.elementCount(c.in)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) r.nextGaussian();
        }
        Tensor x = Tensor.of(data, c.in);
        Tensor ours;
        try (Session s = Session.create(model, SessionOptions.defaults().withThreads(3))) {
            ours = s.run(Map.of("x", x)).get("y");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(OnnxExporter.toBytes(model), new OrtSession.SessionOptions());
                OnnxTensor feed = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), Arrays.stream(c.in).asLongStream().toArray());
                OrtSession.Result result = session.run(Map.of("x", feed))) {
            OnnxTensor out = (OnnxTensor) result.get(0);
            int[] shape = Arrays.stream(out.getInfo().getShape()).mapToInt(Math::toIntExact).toArray();
            FloatBuffer b = out.getFloatBuffer();
            float[] want = new float[b.remaining()];
            b.get(want);
            assertArrayEquals(shape, ours.shape(), "shape");
            for (int i = 0; i < want.length; i++) {
                float got = ours.floats()[i];
                int at = i;
                assertEquals(want[i], got, 1e-4f * Math.max(1, Math.abs(want[i])), () -> c + " at " + at);
            }
        }
    }

    private static Model model(OrtCase c) {
        Graph.Builder g = Graph.builder().name(c.name.replace(' ', '_'));
        g.input(ValueInfo.of("x", DataType.FLOAT, c.in));
        Node.Builder n = Node.builder(c.opType).name("resize").outputs("y");
        for (int i = 0; i < c.attrs.length; i += 2) {
            String v = c.attrs[i + 1];
            if (c.attrs[i].equals("cubic_coeff_a")) {
                n.attr(c.attrs[i], Float.parseFloat(v));
            } else if (c.attrs[i].equals("exclude_outside")) {
                n.attr(c.attrs[i], Long.parseLong(v));
            } else {
                n.attr(c.attrs[i], v);
            }
        }
        if (c.sizes != null) {
            g.initializer("sizes", Tensor.ofLongs(c.sizes, c.sizes.length));
            n.inputs("x", "", "", "sizes");
        } else {
            g.initializer("scales", Tensor.of(c.scales, c.scales.length));
            n.inputs(c.opset >= 11 ? new String[] {"x", "", "scales"} : new String[] {"x", "scales"});
        }
        g.node(n.build());
        g.output(new ValueInfo("y", DataType.FLOAT, null));
        return Model.builder(g.build()).opset(c.opset).build();
    }
}
