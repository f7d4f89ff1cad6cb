package org.ktcj.runtime.ops;

import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.BinaryOp.Mode;
import org.ktcj.runtime.ops.Elements.Domain;

/**
 * Broadcasting arithmetic: Add, Sub, Mul, Div, Pow, Mod, and the variadic Sum, Max, Min, Mean. float32
 * runs the {@link FloatLoops}; integer types compute in long (wrapping like NumPy, integer division
 * truncating toward zero, division by zero giving 0); float16 and double compute in double.
 */
final class ArithmeticOps {
    private ArithmeticOps() {
    }

    static void register(OperatorRegistry r) {
        for (Arith op : new Arith[] {Arith.ADD, Arith.SUB, Arith.MUL, Arith.DIV, Arith.POW}) {
            r.register(op.onnxName, 1, new BinaryOp(new ArithFn(op), Mode.LEGACY));
            r.register(op.onnxName, 7, new BinaryOp(new ArithFn(op), Mode.NUMPY));
        }
        r.register("Mod", 10, new BinaryOp(new ModFn(), Mode.NUMPY));
        r.register("Sum", 1, new Variadic(Arith.ADD, false));
        r.register("Mean", 1, new Variadic(Arith.ADD, true));
        r.register("Max", 1, new Variadic(Arith.MAX, false));
        r.register("Min", 1, new Variadic(Arith.MIN, false));
    }

    /** The arithmetic of two elements, for each domain. */
    enum Arith {
        ADD("Add"), SUB("Sub"), MUL("Mul"), DIV("Div"), POW("Pow"), MAX("Max"), MIN("Min"),
        /** {@code a < 0 ? a * b : a}. */
        PRELU("PRelu"),
        /** The remainder with the divisor's sign (NumPy's mod). */
        MOD("Mod"),
        /** The remainder with the dividend's sign (C's fmod). */
        FMOD("Mod");

        final String onnxName;

        Arith(String onnxName) {
            this.onnxName = onnxName;
        }

        boolean commutative() {
            return this == ADD || this == MUL || this == MAX || this == MIN;
        }

        float apply(float a, float b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                case POW -> (float) Math.pow(a, b);
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
                case PRELU -> a < 0 ? a * b : a;
                case MOD -> (float) apply((double) a, b);
                case FMOD -> a % b;
            };
        }

        double apply(double a, double b) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> a / b;
                case POW -> Math.pow(a, b);
                case MAX -> Math.max(a, b);
                case MIN -> Math.min(a, b);
                case PRELU -> a < 0 ? a * b : a;
                case MOD -> {
                    double m = a % b;
                    yield m != 0 && (m < 0) != (b < 0) ? m + b : m;
                }
                case FMOD -> a % b;
            };
        }

        /** Integer arithmetic; {@code unsigned} for uint64, whose values are the bits of a long. */
        long apply(long a, long b, boolean unsigned) {
            return switch (this) {
                case ADD -> a + b;
                case SUB -> a - b;
                case MUL -> a * b;
                case DIV -> b == 0 ? 0 : unsigned ? Long.divideUnsigned(a, b) : a / b;
                case POW -> power(a, b);
                case MAX -> (unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)) >= 0 ? a : b;
                case MIN -> (unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b)) <= 0 ? a : b;
                case PRELU -> a < 0 ? a * b : a;
                case MOD -> b == 0 ? 0 : unsigned ? Long.remainderUnsigned(a, b) : Math.floorMod(a, b);
                case FMOD -> b == 0 ? 0 : unsigned ? Long.remainderUnsigned(a, b) : a % b;
            };
        }

        /** Exact integer power by squaring (wrapping); negative exponents truncate like a cast of pow. */
        private static long power(long base, long exp) {
            if (exp < 0) {
                return (long) Math.pow(base, exp);
            }
            long result = 1;
            long b = base;
            for (long e = exp; e > 0; e >>= 1) {
                if ((e & 1) != 0) {
                    result *= b;
                }
                b *= b;
            }
            return result;
        }

        /**
         * Output elements {@code [start, end)} of {@code out = a op b}. Computes in the domain of the
         * output type, reading the inputs through double or long unless both are float32.
         */
        void compute(Tensor a, Tensor b, Tensor out, Broadcast bc, int start, int end) {
            int sa = bc.innerStride(0);
            int sb = bc.innerStride(1);
            Domain domain = Domain.of(out.type());
            if (domain == Domain.FLOAT && a.type() == DataType.FLOAT && b.type() == DataType.FLOAT) {
                float[] x = a.floats();
                float[] y = b.floats();
                float[] z = out.floats();
                FloatLoops loops = FloatLoops.get();
                bc.forEachRun(start, end, (o, n, in) -> loops.binary(this, x, in[0], sa, y, in[1], sb, z, o, n));
            } else if (domain == Domain.LONG && !b.type().isFloatingPoint()) {
                boolean unsigned = out.type() == DataType.UINT64;
                bc.forEachRun(start, end, (o, n, in) -> {
                    for (int i = 0, p = in[0], q = in[1]; i < n; i++, p += sa, q += sb) {
                        Elements.setLong(out, o + i, apply(a.getLong(p), b.getLong(q), unsigned));
                    }
                });
            } else {
                bc.forEachRun(start, end, (o, n, in) -> {
                    for (int i = 0, p = in[0], q = in[1]; i < n; i++, p += sa, q += sb) {
                        Elements.set(out, o + i, apply(a.getDouble(p), b.getDouble(q)));
                    }
                });
            }
        }
    }

    /** Add, Sub, Mul, Div, Pow: numeric inputs of one type, except Pow's exponent, which may differ. */
    private record ArithFn(Arith op) implements BinaryOp.Elementwise {
        @Override
        public DataType outputType(NodeContext ctx, DataType a, DataType b) {
            Elements.checkNumeric(ctx, 0, a, true);
            Elements.checkNumeric(ctx, 1, b, true);
            if (op != Arith.POW && a != null && b != null && a != b) {
                throw ctx.fail("inputs are " + a.displayName() + " and " + b.displayName() + "; they must be of one type");
            }
            return a;
        }

        @Override
        public BinaryOp.Computation computation(Node node) {
            return op::compute;
        }
    }

    /** Mod: {@code fmod=0} is NumPy's mod (the divisor's sign), {@code fmod=1} C's fmod. */
    private record ModFn() implements BinaryOp.Elementwise {
        @Override
        public DataType outputType(NodeContext ctx, DataType a, DataType b) {
            DataType t = new ArithFn(Arith.MOD).outputType(ctx, a, b);
            if (t != null && t.isFloatingPoint() && ctx.node().attrInt("fmod", 0) == 0) {
                throw ctx.fail("fmod must be 1 for floating-point inputs");
            }
            return t;
        }

        @Override
        public BinaryOp.Computation computation(Node node) {
            return (node.attrInt("fmod", 0) == 0 ? Arith.MOD : Arith.FMOD)::compute;
        }
    }

    /**
     * Sum, Mean, Max, Min: any number of inputs of one type, broadcast together and folded left to right
     * (as NumPy would, one rounding per step); Mean then divides by the count. Opsets before 8 required
     * equal shapes, a special case of broadcasting.
     */
    private static final class Variadic implements Operator {
        private final Arith op;
        private final boolean mean;

        Variadic(Arith op, boolean mean) {
            this.op = op;
            this.mean = mean;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            int n = ctx.inputCount();
            if (n == 0) {
                throw ctx.fail("needs at least one input");
            }
            Shape[] shapes = new Shape[n];
            DataType type = null;
            for (int i = 0; i < n; i++) {
                DataType t = ctx.requireType(i);
                Elements.checkNumeric(ctx, i, t, !mean);
                if (type != null && t != null && t != type) {
                    throw ctx.fail("inputs are " + type.displayName() + " and " + t.displayName()
                            + "; they must be of one type");
                }
                type = type == null ? t : type;
                shapes[i] = ctx.inputShape(i);
            }
            return ctx.single(type, Broadcast.shape(ctx, shapes));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                if (in.length == 1) {
                    return new Tensor[] {in[0]};
                }
                int[][] shapes = new int[in.length][];
                for (int i = 0; i < in.length; i++) {
                    shapes[i] = in[i].shape();
                }
                int[] outShape = ShapeOps.runtimeShape(this, ctx, in, 0);
                Tensor out = ws.allocate(0, in[0].type(), outShape);
                int size = out.size();
                Broadcast first = Broadcast.of(outShape, shapes[0], shapes[1]);
                ws.parallel().forRange(size, BinaryOp.GRAIN, (s, e) -> op.compute(in[0], in[1], out, first, s, e));
                for (int k = 2; k < in.length; k++) {
                    Tensor next = in[k];
                    Broadcast step = Broadcast.of(outShape, outShape, shapes[k]);
                    ws.parallel().forRange(size, BinaryOp.GRAIN, (s, e) -> op.compute(out, next, out, step, s, e));
                }
                if (mean) {
                    Tensor count = Tensor.scalar(in.length).castTo(out.type());
                    Broadcast all = Broadcast.of(outShape, outShape, new int[0]);
                    ws.parallel().forRange(size, BinaryOp.GRAIN,
                            (s, e) -> Arith.DIV.compute(out, count, out, all, s, e));
                }
                return new Tensor[] {out};
            };
        }
    }
}
