package org.ktcj.runtime.ops;

import java.util.List;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongUnaryOperator;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.Elements.Domain;

/**
 * An elementwise operator of one tensor, parameterized by attributes or by scalar inputs (Exp,
 * LeakyRelu, Clip...): the output has the input's type and shape. The function is defined on double;
 * float32 runs its own float loop when it has one (the hot activations do), else goes through that
 * double definition; integer types need an integer form.
 */
final class UnaryOp implements Operator {
    /** A loop over {@code n} float32 elements: {@code y[yo + i] = f(x[xo + i])}. */
    @FunctionalInterface
    interface FloatLoop {
        void apply(float[] x, int xo, float[] y, int yo, int n);
    }

    /**
     * The function of one node.
     *
     * @param real    the definition, for floating-point types
     * @param integer the integer form, or null when integer inputs are not taken
     * @param floats  a float32 loop equal to {@code real} rounded to float, or null to run {@code real}
     * @param clamp   {lower, upper} when on float32 the function is {@code min(max(v, lower), upper)}, else null
     */
    record Fn(DoubleUnaryOperator real, LongUnaryOperator integer, FloatLoop floats, float[] clamp) {
        static Fn of(DoubleUnaryOperator real) {
            return new Fn(real, null, null, null);
        }

        Fn withIntegers(LongUnaryOperator f) {
            return new Fn(real, f, floats, clamp);
        }

        Fn withFloats(FloatLoop loop) {
            return new Fn(real, integer, loop, null);
        }

        /** On float32, {@code min(max(v, lower), upper)}. */
        Fn withFloatClamp(float lower, float upper) {
            FloatLoops loops = FloatLoops.get();
            return new Fn(real, integer, (x, xo, y, yo, n) -> loops.clamp(x, xo, y, yo, n, lower, upper),
                    new float[] {lower, upper});
        }

        /** The float32 loop: {@link #floats} or one through {@link #real}. */
        FloatLoop floatLoop() {
            if (floats != null) {
                return floats;
            }
            return (x, xo, y, yo, n) -> {
                for (int i = 0; i < n; i++) {
                    y[yo + i] = (float) real.applyAsDouble(x[xo + i]);
                }
            };
        }
    }

    /** Makes a node's function from its attributes and constant inputs. */
    @FunctionalInterface
    interface Factory {
        /** The function, or null when it depends on input values that {@code ctx} does not know. */
        Fn make(NodeContext ctx);
    }

    private final Factory factory;
    private final boolean integers;

    /** @param integers whether the operator takes integer inputs (its functions then have integer forms) */
    UnaryOp(Factory factory, boolean integers) {
        this.factory = factory;
        this.integers = integers;
    }

    /** A float-only operator without parameters. */
    static UnaryOp of(DoubleUnaryOperator f) {
        Fn fn = Fn.of(f);
        return new UnaryOp(ctx -> fn, false);
    }

    @Override
    public List<ValueInfo> infer(NodeContext ctx) {
        DataType t = ctx.requireType(0);
        Elements.checkNumeric(ctx, 0, t, integers);
        return ctx.single(t, ctx.inputShape(0));
    }

    @Override
    public float[] clampBounds(NodeContext ctx) {
        Fn fn = ctx.inputType(0) == DataType.FLOAT ? factory.make(ctx) : null;
        return fn == null || fn.clamp() == null ? null : fn.clamp().clone();
    }

    @Override
    public Kernel kernel(NodeContext ctx) {
        Fn fixed = factory.make(ctx);
        Node node = ctx.node();
        int opset = ctx.opset();
        return (in, ws) -> {
            Fn fn = fixed != null ? fixed : factory.make(NodeContext.ofTensors(node, opset, in));
            Tensor x = in[0];
            Tensor y = ws.allocateInPlace(0, x.type(), x.shape(), x);
            switch (Domain.of(x.type())) {
                case FLOAT -> {
                    float[] xs = x.floats();
                    float[] ys = y.floats();
                    FloatLoop loop = fn.floatLoop();
                    ws.parallel().forRange(x.size(), BinaryOp.GRAIN, (s, e) -> loop.apply(xs, s, ys, s, e - s));
                }
                case LONG -> ws.parallel().forRange(x.size(), BinaryOp.GRAIN, (s, e) -> {
                    for (int i = s; i < e; i++) {
                        Elements.setLong(y, i, fn.integer().applyAsLong(x.getLong(i)));
                    }
                });
                case DOUBLE -> ws.parallel().forRange(x.size(), BinaryOp.GRAIN, (s, e) -> {
                    for (int i = s; i < e; i++) {
                        Elements.set(y, i, fn.real().applyAsDouble(x.getDouble(i)));
                    }
                });
            }
            return new Tensor[] {y};
        };
    }
}
