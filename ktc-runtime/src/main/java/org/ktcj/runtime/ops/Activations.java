package org.ktcj.runtime.ops;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ops.ArithmeticOps.Arith;
import org.ktcj.runtime.ops.BinaryOp.Mode;
import org.ktcj.runtime.ops.UnaryOp.Fn;

/**
 * The activation functions: Relu, LeakyRelu, PRelu, Elu, Selu, Celu, Sigmoid, HardSigmoid, HardSwish,
 * Tanh, Softplus, Softsign, ThresholdedRelu, Mish, Shrink and Clip. On float32, Relu, LeakyRelu, PRelu,
 * Clip, Sigmoid, HardSigmoid and HardSwish run the vectorized {@link FloatLoops}; the others compute
 * each element through their double definition.
 */
final class Activations {
    private static final Fn HARD_SWISH = hardSigmoid(1f / 6, 0.5f, true);

    private Activations() {
    }

    static void register(OperatorRegistry r) {
        FloatLoops loops = FloatLoops.get();
        Fn relu = Fn.of(v -> Math.max(v, 0)).withIntegers(v -> Math.max(v, 0))
                .withFloatClamp(0f, Float.POSITIVE_INFINITY);
        r.register("Relu", 1, new UnaryOp(ctx -> relu, true));
        r.register("LeakyRelu", 1, new UnaryOp(ctx -> {
            float alpha = ctx.node().attrFloat("alpha", 0.01f);
            return Fn.of(v -> v < 0 ? alpha * v : v)
                    .withFloats((x, xo, y, yo, n) -> loops.leakyRelu(x, xo, y, yo, n, alpha));
        }, false));
        r.register("PRelu", 1, new BinaryOp(new PReluFn(), Mode.TO_FIRST));
        r.register("Elu", 1, new UnaryOp(ctx -> {
            double alpha = ctx.node().attrFloat("alpha", 1f);
            return Fn.of(v -> v < 0 ? alpha * Math.expm1(v) : v);
        }, false));
        r.register("Selu", 1, new UnaryOp(ctx -> {
            double alpha = ctx.node().attrFloat("alpha", 1.67326319217681884765625f);
            double gamma = ctx.node().attrFloat("gamma", 1.05070102214813232421875f);
            return Fn.of(v -> v > 0 ? gamma * v : gamma * alpha * Math.expm1(v));
        }, false));
        r.register("Celu", 12, new UnaryOp(ctx -> {
            double alpha = ctx.node().attrFloat("alpha", 1f);
            return Fn.of(v -> Math.max(0, v) + Math.min(0, alpha * Math.expm1(v / alpha)));
        }, false));
        Fn sigmoid = Fn.of(v -> 1 / (1 + Math.exp(-v))).withFloats(loops::sigmoid);
        r.register("Sigmoid", 1, new UnaryOp(ctx -> sigmoid, false));
        r.register("HardSigmoid", 1, new UnaryOp(ctx -> {
            float alpha = ctx.node().attrFloat("alpha", 0.2f);
            float beta = ctx.node().attrFloat("beta", 0.5f);
            return hardSigmoid(alpha, beta, false);
        }, false));
        r.register("HardSwish", 14, new UnaryOp(ctx -> HARD_SWISH, false));
        r.register("Tanh", 1, UnaryOp.of(Math::tanh));
        r.register("Softplus", 1, UnaryOp.of(Activations::softplus));
        r.register("Softsign", 1, UnaryOp.of(v -> v / (1 + Math.abs(v))));
        r.register("ThresholdedRelu", 10, new UnaryOp(ctx -> {
            double alpha = ctx.node().attrFloat("alpha", 1f);
            return Fn.of(v -> v > alpha ? v : 0);
        }, false));
        r.register("Mish", 18, UnaryOp.of(v -> v * Math.tanh(softplus(v))));
        r.register("Shrink", 9, new UnaryOp(ctx -> {
            double bias = ctx.node().attrFloat("bias", 0f);
            double lambd = ctx.node().attrFloat("lambd", 0.5f);
            Fn fn = Fn.of(v -> v < -lambd ? v + bias : v > lambd ? v - bias : 0);
            return fn.withIntegers(v -> (long) fn.real().applyAsDouble(v));
        }, true));
        r.register("Clip", 1, new UnaryOp(ctx -> clip(ctx.node().attrFloat("min", -Float.MAX_VALUE),
                ctx.node().attrFloat("max", Float.MAX_VALUE), Long.MIN_VALUE, Long.MAX_VALUE), false));
        r.register("Clip", 11, new UnaryOp(Activations::clipFromInputs, true));
    }

    /** log(1 + e^v) without overflow for large v. */
    static double softplus(double v) {
        return v > 0 ? v + Math.log1p(Math.exp(-v)) : Math.log1p(Math.exp(v));
    }

    /** {@code max(0, min(1, alpha * v + beta))}, times v for HardSwish; computed in float for float32. */
    private static Fn hardSigmoid(float alpha, float beta, boolean timesInput) {
        FloatLoops loops = FloatLoops.get();
        return Fn.of(v -> {
            double h = Math.max(0, Math.min(1, alpha * v + beta));
            return timesInput ? v * h : h;
        }).withFloats((x, xo, y, yo, n) -> loops.hardSigmoid(x, xo, y, yo, n, alpha, beta, timesInput));
    }

    private static Fn clip(double lo, double hi, long intLo, long intHi) {
        return Fn.of(v -> Math.min(Math.max(v, lo), hi))
                .withIntegers(v -> Math.min(Math.max(v, intLo), intHi))
                .withFloatClamp((float) lo, (float) hi);
    }

    /** Clip from opset 11: min and max are optional scalar inputs; null until their values are known. */
    private static Fn clipFromInputs(NodeContext ctx) {
        Tensor min = ctx.hasInput(1) ? ctx.value(1) : null;
        Tensor max = ctx.hasInput(2) ? ctx.value(2) : null;
        if (ctx.hasInput(1) && min == null || ctx.hasInput(2) && max == null) {
            return null;
        }
        for (Tensor t : new Tensor[] {min, max}) {
            if (t != null && t.size() != 1) {
                throw ctx.fail("min and max must be scalars; got a tensor of shape "
                        + java.util.Arrays.toString(t.shape()));
            }
        }
        return clip(min == null ? Double.NEGATIVE_INFINITY : min.getDouble(0),
                max == null ? Double.POSITIVE_INFINITY : max.getDouble(0),
                min == null ? Long.MIN_VALUE : min.getLong(0), max == null ? Long.MAX_VALUE : max.getLong(0));
    }

    /** PRelu: X and a slope that broadcasts to it. */
    private record PReluFn() implements BinaryOp.Elementwise {
        @Override
        public DataType outputType(NodeContext ctx, DataType a, DataType b) {
            Elements.checkNumeric(ctx, 0, a, true);
            if (a != null && b != null && a != b) {
                throw ctx.fail("X is " + a.displayName() + " and slope " + b.displayName() + "; they must be of one type");
            }
            return a;
        }

        @Override
        public BinaryOp.Computation computation(Node node) {
            return Arith.PRELU::compute;
        }
    }
}
