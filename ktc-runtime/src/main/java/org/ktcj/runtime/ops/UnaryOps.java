package org.ktcj.runtime.ops;

import java.util.List;
import java.util.function.DoublePredicate;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.UnaryOp.Fn;

/**
 * The elementwise math functions (Abs, Neg, Sqrt, Exp, Log, Erf, Floor, Round, the trigonometric and
 * hyperbolic functions...) and the elementwise tests IsNaN, IsInf and Not. Later opsets of these only
 * added types, so each is registered at its first version.
 */
final class UnaryOps {
    private UnaryOps() {
    }

    static void register(OperatorRegistry r) {
        Fn abs = Fn.of(Math::abs).withIntegers(Math::abs)
                .withFloats((x, xo, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = Math.abs(x[xo + i]);
                    }
                });
        r.register("Abs", 1, new UnaryOp(ctx -> abs, true));
        Fn neg = Fn.of(v -> -v).withIntegers(v -> -v)
                .withFloats((x, xo, y, yo, n) -> {
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = -x[xo + i];
                    }
                });
        r.register("Neg", 1, new UnaryOp(ctx -> neg, true));
        Fn sign = Fn.of(Math::signum).withIntegers(Long::signum);
        r.register("Sign", 9, new UnaryOp(ctx -> sign, true));
        r.register("Reciprocal", 1, UnaryOp.of(v -> 1 / v));
        r.register("Sqrt", 1, UnaryOp.of(Math::sqrt));
        r.register("Exp", 1, UnaryOp.of(Math::exp)); // Math.exp, not the loops' float exp: exact to the ends
        r.register("Log", 1, UnaryOp.of(Math::log));
        r.register("Floor", 1, UnaryOp.of(Math::floor));
        r.register("Ceil", 1, UnaryOp.of(Math::ceil));
        r.register("Round", 11, UnaryOp.of(Math::rint)); // halves to even, as the spec asks
        r.register("Erf", 9, UnaryOp.of(UnaryOps::erf));
        r.register("Sin", 7, UnaryOp.of(Math::sin));
        r.register("Cos", 7, UnaryOp.of(Math::cos));
        r.register("Tan", 7, UnaryOp.of(Math::tan));
        r.register("Asin", 7, UnaryOp.of(Math::asin));
        r.register("Acos", 7, UnaryOp.of(Math::acos));
        r.register("Atan", 7, UnaryOp.of(Math::atan));
        r.register("Sinh", 9, UnaryOp.of(Math::sinh));
        r.register("Cosh", 9, UnaryOp.of(Math::cosh));
        r.register("Asinh", 9, UnaryOp.of(UnaryOps::asinh));
        r.register("Acosh", 9, UnaryOp.of(v -> Math.log(v + Math.sqrt(v * v - 1))));
        r.register("Atanh", 9, UnaryOp.of(v -> 0.5 * Math.log1p(2 * v / (1 - v))));
        r.register("IsNaN", 9, new Test(Double::isNaN, false));
        r.register("IsInf", 10, new Test(null, false));
        r.register("Not", 1, new Test(v -> v == 0, true));
    }

    /** asinh through log1p, accurate near 0 where log(x + sqrt(x^2 + 1)) cancels. */
    static double asinh(double x) {
        double a = Math.abs(x);
        double r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        return x < 0 ? -r : r;
    }

    /**
     * The error function (Java has none). A Taylor series near 0, where it converges in a few terms
     * and keeps full relative accuracy; beyond, 1 - erfc with the Chebyshev-fitted erfc of Numerical
     * Recipes (fractional error below 1.2e-7), which is better than float32 needs.
     */
    static double erf(double x) {
        double a = Math.abs(x);
        if (Double.isNaN(x)) {
            return x;
        }
        if (a < 0.5) {
            // erf(x) = 2/sqrt(pi) * sum_n (-1)^n x^(2n+1) / (n! (2n+1))
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 30 && Math.abs(term) > 1e-17 * Math.abs(sum); n++) {
                term *= -x2 / n;
                sum += term / (2 * n + 1);
            }
            return 2 / Math.sqrt(Math.PI) * sum;
        }
        double t = 1 / (1 + 0.5 * a);
        double erfc = t * Math.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x < 0 ? erfc - 1 : 1 - erfc;
    }

    /**
     * An elementwise test with a bool output: IsNaN, IsInf (with its {@code detect_negative} and
     * {@code detect_positive} attributes) on floating-point inputs, Not on bool.
     */
    private static final class Test implements Operator {
        private final DoublePredicate test;
        private final boolean onBool;

        /** @param test the test, or null for IsInf, whose test depends on the node's attributes */
        Test(DoublePredicate test, boolean onBool) {
            this.test = test;
            this.onBool = onBool;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = ctx.requireType(0);
            if (onBool) {
                ctx.checkType(0, DataType.BOOL);
            } else {
                Elements.checkNumeric(ctx, 0, t, false);
            }
            return ctx.single(DataType.BOOL, ctx.inputShape(0));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            DoublePredicate p = test != null ? test : isInf(ctx.node().attrInt("detect_negative", 1) != 0,
                    ctx.node().attrInt("detect_positive", 1) != 0);
            return (in, ws) -> {
                Tensor x = in[0];
                Tensor y = ws.allocate(0, DataType.BOOL, x.shape());
                boolean[] out = y.bools();
                ws.parallel().forRange(x.size(), BinaryOp.GRAIN, (s, e) -> {
                    for (int i = s; i < e; i++) {
                        out[i] = p.test(x.getDouble(i));
                    }
                });
                return new Tensor[] {y};
            };
        }

        private static DoublePredicate isInf(boolean negative, boolean positive) {
            return v -> v == Double.POSITIVE_INFINITY && positive || v == Double.NEGATIVE_INFINITY && negative;
        }
    }
}
