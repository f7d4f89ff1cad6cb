package org.ktcj.runtime.ops;

import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * An operator of two inputs with NumPy broadcasting (Add, Equal, And, PRelu...). The shape rules live
 * here, including the {@code broadcast}/{@code axis} attributes of opsets before 7; what happens to the
 * elements is the {@link Elementwise} it is made with. The kernel plans the broadcast once when the
 * shapes are known before the run, and splits the output across the session's threads.
 */
final class BinaryOp implements Operator {
    /** Output elements per parallel chunk: enough to outweigh handing the chunk to a thread. */
    static final int GRAIN = 1 << 15;

    /** How the two input shapes combine. */
    enum Mode {
        /** NumPy multidirectional broadcasting (opset 7 on). */
        NUMPY,
        /**
         * Opsets 1 to 6: with {@code broadcast=1}, B's dimensions line up with A's from {@code axis} on
         * (from the end when axis is absent). Other shapes follow NumPy's rules, a superset of the old ones.
         */
        LEGACY,
        /** The second input broadcasts to the first, which keeps its shape (PRelu's slope). */
        TO_FIRST
    }

    /** What a binary operator computes on elements. */
    interface Elementwise {
        /**
         * The output type for these input types (either may be null when unknown; then the result may
         * be null too).
         *
         * @throws org.ktcj.KtcException through {@code ctx.fail} for types the operator does not take
         */
        DataType outputType(NodeContext ctx, DataType a, DataType b);

        /** The computation for one node (which may depend on its attributes). */
        Computation computation(Node node);
    }

    /** Computes output elements {@code [start, end)} of {@code out}, which may be {@code a} itself. */
    @FunctionalInterface
    interface Computation {
        void compute(Tensor a, Tensor b, Tensor out, Broadcast bc, int start, int end);
    }

    private final Elementwise fn;
    private final Mode mode;

    BinaryOp(Elementwise fn, Mode mode) {
        this.fn = fn;
        this.mode = mode;
    }

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        DataType type = fn.outputType(ctx, ctx.requireType(0), ctx.requireType(1));
        return ctx.single(type, outputShape(ctx, ctx.inputShape(0), ctx.inputShape(1)));
    }

    /** The output shape, or null when a rank is unknown. */
    private Shape outputShape(NodeContext ctx, Shape a, Shape b) {
        if (a == null || b == null) {
            return null;
        }
        Shape out = Broadcast.shape(ctx, a, operandShape(ctx, a, b));
        if (mode == Mode.TO_FIRST && !out.equals(a) && a.isStatic() && out.isStatic()) {
            throw ctx.fail("input '" + ctx.node().input(1) + "' of shape " + b + " does not broadcast to "
                    + "the shape " + a + " of input '" + ctx.node().input(0) + "'");
        }
        return out;
    }

    /** B's shape as NumPy broadcasting should see it: the old {@code axis} attribute pads it with 1s. */
    private Shape operandShape(NodeContext ctx, Shape a, Shape b) {
        Node node = ctx.node();
        if (mode != Mode.LEGACY || node.attrInt("broadcast", 0) == 0 || !node.hasAttribute("axis")) {
            return b;
        }
        int axis = ShapeOps.axis(ctx, node.attrInt("axis", 0), a.rank());
        int pad = a.rank() - axis - b.rank();
        if (pad < 0) {
            throw ctx.fail("input '" + node.input(1) + "' of shape " + b + " does not fit input '" + node.input(0)
                    + "' of shape " + a + " from axis " + axis);
        }
        List<Dim> dims = new java.util.ArrayList<>(b.dims());
        for (int i = 0; i < pad; i++) {
            dims.add(Dim.of(1));
        }
        return Shape.of(dims);
    }

    /** Everything about one combination of input types and shapes. */
    private record Plan(DataType typeA, int[] shapeA, DataType typeB, int[] shapeB, DataType outType,
            Broadcast broadcast) {
        boolean fits(Tensor a, Tensor b) {
            return a.type() == typeA && b.type() == typeB && Arrays.equals(a.shape(), shapeA)
                    && Arrays.equals(b.shape(), shapeB);
        }
    }

    private Plan plan(NodeContext ctx, DataType ta, int[] a, DataType tb, int[] b) {
        DataType out = fn.outputType(ctx, ta, tb);
        int[] outShape = outputShape(ctx, Shape.of(a), Shape.of(b)).toIntArray();
        int[] bShape = operandShape(ctx, Shape.of(a), Shape.of(b)).toIntArray();
        return new Plan(ta, a, tb, b, out, Broadcast.of(outShape, a, bShape));
    }

    @Override
    public Kernel kernel(NodeContext ctx) {
        int[] a = ctx.staticShape(0);
        int[] b = ctx.staticShape(1);
        DataType ta = ctx.inputType(0);
        DataType tb = ctx.inputType(1);
        Plan fixed = a != null && b != null && ta != null && tb != null ? plan(ctx, ta, a, tb, b) : null;
        Node node = ctx.node();
        int opset = ctx.opset();
        Computation computation = fn.computation(node);
        return (in, ws) -> {
            Tensor x = in[0];
            Tensor y = in[1];
            Plan p = fixed != null && fixed.fits(x, y) ? fixed
                    : plan(NodeContext.ofTensors(node, opset, in), x.type(), x.shape(), y.type(), y.shape());
            Broadcast bc = p.broadcast();
            int[] shape = bc.outputShape();
            Tensor out = ws.allocateInPlace(0, p.outType(), shape, NnOps.sameShape(x, shape) ? x : y);
            ws.parallel().forRange(bc.size(), GRAIN, (s, e) -> computation.compute(x, y, out, bc, s, e));
            return new Tensor[] {out};
        };
    }
}
