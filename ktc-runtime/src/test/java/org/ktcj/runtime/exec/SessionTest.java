package org.ktcj.runtime.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Kernel;
import org.ktcj.runtime.ops.NodeContext;
import org.ktcj.runtime.ops.Operator;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.ops.UnsupportedOperatorException;

/** The executor on its own, with test operators, so its behaviour does not hang on the real kernels. */
class SessionTest {
    /** An operator whose output has its input's type and shape. */
    interface SameShape extends Operator {
        @Override
        default List<ValueInfo> infer(NodeContext ctx) {
            return ctx.single(ctx.inputType(0), ctx.inputShape(0));
        }
    }

    /** y = x + 1, elementwise, into a workspace buffer. */
    static final class AddOne implements SameShape {
        final AtomicInteger kernelsMade = new AtomicInteger();

        @Override
        public Kernel kernel(NodeContext ctx) {
            kernelsMade.incrementAndGet();
            return map(v -> v + 1, false);
        }
    }

    /** A view of its input: no copy. */
    static final class Flat implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            int[] s = ctx.staticShape(0);
            return ctx.single(ctx.inputType(0), s == null ? null : Shape.of(Tensor.elementCount(s)));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> new Tensor[] {in[0].reshape(in[0].size())};
        }
    }

    /** y = 2x, which can limit its output as it stores it. */
    static final class Twice implements SameShape {
        final AtomicInteger clampedKernelsMade = new AtomicInteger();

        @Override
        public Kernel kernel(NodeContext ctx) {
            return map(v -> 2 * v, false);
        }

        @Override
        public Kernel clampedKernel(NodeContext ctx, float[] clamp) {
            clampedKernelsMade.incrementAndGet();
            return map(v -> Math.min(Math.max(2 * v, clamp[0]), clamp[1]), false);
        }
    }

    /** y = min(max(x, 0), 1). */
    static final class Limit implements SameShape {
        final AtomicInteger kernelsMade = new AtomicInteger();

        @Override
        public float[] clampBounds(NodeContext ctx) {
            return new float[] {0, 1};
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            kernelsMade.incrementAndGet();
            return map(v -> Math.min(Math.max(v, 0), 1), false);
        }
    }

    /** y = x + 1, written over x when nothing else needs x. */
    static final class Increment implements SameShape {
        @Override
        public Kernel kernel(NodeContext ctx) {
            return map(v -> v + 1, true);
        }
    }

    /** A kernel applying f to each element of its first input, over that input when it may. */
    static Kernel map(DoubleUnaryOperator f, boolean inPlace) {
        return (in, ws) -> {
            Tensor out = inPlace ? ws.allocateInPlace(0, DataType.FLOAT, in[0].shape(), in[0])
                    : ws.allocate(0, DataType.FLOAT, in[0].shape());
            for (int i = 0; i < in[0].size(); i++) {
                out.floats()[i] = (float) f.applyAsDouble(in[0].floats()[i]);
            }
            return new Tensor[] {out};
        };
    }

    private final AddOne addOne = new AddOne();
    private final Twice twice = new Twice();
    private final Limit limit = new Limit();
    private final OperatorRegistry registry = new OperatorRegistry()
            .register("AddOne", 1, addOne).register("Flat", 1, new Flat())
            .register("Twice", 1, twice).register("Limit", 1, limit).register("Increment", 1, new Increment());

    private Model chain(int length, Shape inputShape) {
        Graph.Builder g = Graph.builder().input(new ValueInfo("x", DataType.FLOAT, inputShape));
        String prev = "x";
        for (int i = 0; i < length; i++) {
            g.node(Node.builder("AddOne").name("n" + i).inputs(prev).outputs("v" + i).build());
            prev = "v" + i;
        }
        g.node(Node.builder("Flat").name("flat").inputs(prev).outputs("y").build());
        return Model.builder(g.output("y").build()).opset(13).build();
    }

    private Session session(Model m) {
        return Session.create(m, new SessionOptions(1, registry));
    }

    @Test
    void runsAChainAndReturnsExactOutputs() {
        try (Session s = session(chain(5, Shape.of(2, 2)))) {
            Tensor y = s.run(Map.of("x", Tensor.of(new float[] {0, 1, 2, 3}, 2, 2))).get("y");
            assertArrayEquals(new float[] {5, 6, 7, 8}, y.floats());
            assertArrayEquals(new int[] {4}, y.shape());
        }
    }

    @Test
    void plansOncePerInputShapeAndReusesBuffers() {
        try (Session s = session(chain(3, Shape.of(List.of(Dim.symbol("n"), Dim.of(2)))))) {
            Tensor first = s.run(Map.of("x", Tensor.of(new float[] {1, 2}, 1, 2))).get("y");
            Tensor second = s.run(Map.of("x", Tensor.of(new float[] {3, 4}, 1, 2))).get("y");
            assertEquals(3, addOne.kernelsMade.get());
            assertArrayEquals(new float[] {4, 5}, first.floats()); // not overwritten by the second run
            assertArrayEquals(new float[] {6, 7}, second.floats());
            assertNotSame(first.floats(), second.floats());
            s.run(Map.of("x", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2)));
            assertEquals(6, addOne.kernelsMade.get());
        }
    }

    @Test
    void observerSeesEveryIntermediateAsItIsMade() {
        List<String> seen = new ArrayList<>();
        List<Tensor> kept = new ArrayList<>();
        try (Session s = session(chain(3, Shape.of(2)))) {
            s.run(Map.of("x", Tensor.of(new float[] {0, 0}, 2)), (node, name, t) -> {
                seen.add(name);
                kept.add(t.copy());
            });
        }
        assertEquals(List.of("v0", "v1", "v2", "y"), seen);
        assertArrayEquals(new float[] {1, 1}, kept.get(0).floats());
        assertArrayEquals(new float[] {2, 2}, kept.get(1).floats());
    }

    @Test
    void recorderKeepsOnlyWhatItWasAskedFor() {
        TensorRecorder some = TensorRecorder.only(List.of("v1"));
        TensorRecorder all = TensorRecorder.all();
        try (Session s = session(chain(3, Shape.of(2)))) {
            s.run(Map.of("x", Tensor.of(new float[] {0, 0}, 2)), some);
            s.run(Map.of("x", Tensor.of(new float[] {0, 0}, 2)), all);
        }
        assertEquals(List.of("v1"), List.copyOf(some.tensors().keySet()));
        assertArrayEquals(new float[] {2, 2}, some.get("v1").floats());
        assertEquals(List.of("v0", "v1", "v2", "y"), List.copyOf(all.tensors().keySet()));
    }

    /** x -> Twice -> t -> Limit -> y, and t also read by {@code alsoReadingT} when given. */
    private static Model twiceThenLimit(String alsoReadingT) {
        Graph.Builder g = Graph.builder().input(new ValueInfo("x", DataType.FLOAT, Shape.of(3)))
                .node(Node.builder("Twice").name("twice").inputs("x").outputs("t").build())
                .node(Node.builder("Limit").name("limit").inputs("t").outputs("y").build())
                .output("y");
        if ("AddOne".equals(alsoReadingT)) {
            g.node(Node.builder("AddOne").name("other").inputs("t").outputs("z").build()).output("z");
        } else if ("output".equals(alsoReadingT)) {
            g.output("t");
        }
        return Model.builder(g.build()).opset(13).build();
    }

    @Test
    void aClampRunsInsideTheNodeBeforeItUnlessSomethingElseSeesTheValueBetween() {
        Map<String, Tensor> x = Map.of("x", Tensor.of(new float[] {-1, 0.25f, 3}, 3));
        try (Session s = session(twiceThenLimit(null))) {
            assertArrayEquals(new float[] {0, 0.5f, 1}, s.run(x).get("y").floats());
            assertEquals(1, twice.clampedKernelsMade.get());
            assertEquals(0, limit.kernelsMade.get());
            TensorRecorder all = TensorRecorder.all();
            assertArrayEquals(new float[] {0, 0.5f, 1}, s.run(x, all).get("y").floats());
            assertArrayEquals(new float[] {-2, 0.5f, 6}, all.get("t").floats());
            assertEquals(1, limit.kernelsMade.get());
        }
        for (String other : List.of("AddOne", "output")) {
            try (Session s = session(twiceThenLimit(other))) {
                assertArrayEquals(new float[] {0, 0.5f, 1}, s.run(x).get("y").floats());
            }
        }
        assertEquals(1, twice.clampedKernelsMade.get());
        assertEquals(3, limit.kernelsMade.get());
    }

    @Test
    void convThenReluOrClipGivesTheSameNumbersFusedAsApart() {
        java.util.Random r = new java.util.Random(7);
        float[] w = new float[3 * 3 * 3 * 3];
        float[] x = new float[3 * 6 * 6];
        for (float[] a : new float[][] {w, x}) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) r.nextGaussian();
            }
        }
        Graph g = Graph.builder().input(ValueInfo.of("x", DataType.FLOAT, 1, 3, 6, 6))
                .initializer("w", Tensor.of(w, 3, 3, 3, 3))
                .initializer("lo", Tensor.of(new float[] {-0.5f}))
                .initializer("hi", Tensor.of(new float[] {0.75f}))
                .node(Node.builder("Conv").name("c1").inputs("x", "w").outputs("a").attr("pads", 1L, 1L, 1L, 1L).build())
                .node(Node.builder("Relu").name("relu").inputs("a").outputs("b").build())
                .node(Node.builder("Conv").name("c2").inputs("b", "w").outputs("c").build())
                .node(Node.builder("Clip").name("clip").inputs("c", "lo", "hi").outputs("y").build())
                .output("y").build();
        Map<String, Tensor> in = Map.of("x", Tensor.of(x, 1, 3, 6, 6));
        try (Session s = Session.create(Model.builder(g).opset(13).build(), SessionOptions.defaults().withThreads(2))) {
            TensorRecorder all = TensorRecorder.all();
            Tensor apart = s.run(in, all).get("y");
            assertArrayEquals(apart.floats(), s.run(in).get("y").floats());
            assertEquals(List.of("a", "b", "c", "y"), List.copyOf(all.tensors().keySet()));
        }
    }

    @Test
    void anOutputTakesOverAnInputsBufferOnlyWhenNothingElseNeedsIt() {
        // v0 is read twice, so the first increment of it must leave it be; the chain's later steps
        // may each write over their input.
        Graph g = Graph.builder().input(ValueInfo.of("x", DataType.FLOAT, 2))
                .node(Node.builder("AddOne").name("a").inputs("x").outputs("v0").build())
                .node(Node.builder("Increment").name("i1").inputs("v0").outputs("v1").build())
                .node(Node.builder("Increment").name("i2").inputs("v0").outputs("v2").build())
                .node(Node.builder("Increment").name("i3").inputs("v2").outputs("v3").build())
                .node(Node.builder("Flat").name("f").inputs("v1").outputs("w1").build())
                .node(Node.builder("Increment").name("i4").inputs("w1").outputs("y1").build())
                .node(Node.builder("Increment").name("i5").inputs("v3").outputs("y2").build())
                .output("y1").output("y2").build();
        try (Session s = session(Model.builder(g).opset(13).build())) {
            for (int run = 0; run < 2; run++) {
                Map<String, Tensor> out = s.run(Map.of("x", Tensor.of(new float[] {0, 10}, 2)));
                assertArrayEquals(new float[] {3, 13}, out.get("y1").floats());
                assertArrayEquals(new float[] {4, 14}, out.get("y2").floats());
            }
        }
    }

    @Test
    void badInputsAreClearErrors() {
        try (Session s = session(chain(1, Shape.of(List.of(Dim.symbol("n"), Dim.of(3)))))) {
            assertEquals("input 'x' has shape [1, 4]; the model expects [n, 3]", assertThrows(KtcException.class,
                    () -> s.run(Map.of("x", Tensor.of(new float[4], 1, 4)))).getMessage());
            assertEquals("unknown input 'z'; the model's inputs are [x]", assertThrows(KtcException.class,
                    () -> s.run(Map.of("z", Tensor.of(new float[3], 1, 3)))).getMessage());
            assertEquals("input 'x' is missing", assertThrows(KtcException.class, () -> s.run(Map.of())).getMessage());
            assertEquals("input 'x' is int64; the model expects float", assertThrows(KtcException.class,
                    () -> s.run(Map.of("x", Tensor.ofLongs(new long[3], 1, 3)))).getMessage());
        }
    }

    @Test
    void unknownOperatorIsAnErrorNamingOpAndNode() {
        Graph g = Graph.builder().input(ValueInfo.of("x", DataType.FLOAT, 1))
                .node(Node.builder("Frobnicate").name("f1").inputs("x").outputs("y").build()).output("y").build();
        UnsupportedOperatorException e = assertThrows(UnsupportedOperatorException.class,
                () -> session(Model.builder(g).opset(13).build()));
        assertEquals("unsupported operator Frobnicate (opset 13) in node 'f1'", e.getMessage());
    }

    @Test
    void concurrentRunsGiveTheirOwnResults() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (Session s = session(chain(20, Shape.of(1000)))) {
            List<Future<Float>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                float base = i;
                results.add(pool.submit(() -> {
                    float[] x = new float[1000];
                    java.util.Arrays.fill(x, base);
                    return s.run(Map.of("x", Tensor.of(x, 1000))).get("y").floats()[999];
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(i + 20f, results.get(i).get());
            }
        } finally {
            pool.shutdown();
        }
    }
}
