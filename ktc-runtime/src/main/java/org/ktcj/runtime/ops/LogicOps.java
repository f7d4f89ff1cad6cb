package org.ktcj.runtime.ops;

import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.ops.BinaryOp.Mode;
import org.ktcj.runtime.ops.Elements.Domain;

/**
 * Comparisons (Equal, Less, Greater, LessOrEqual, GreaterOrEqual), the boolean And, Or, Xor, and Where,
 * all broadcasting. Comparisons read float32 directly, integers and bool as long, other types as double;
 * NaN compares unequal and unordered, as in NumPy.
 */
final class LogicOps {
    private LogicOps() {
    }

    static void register(OperatorRegistry r) {
        for (Compare c : Compare.values()) {
            if (c.since < 7) {
                r.register(c.onnxName, c.since, new BinaryOp(c, Mode.LEGACY));
                r.register(c.onnxName, 7, new BinaryOp(c, Mode.NUMPY));
            } else {
                r.register(c.onnxName, c.since, new BinaryOp(c, Mode.NUMPY));
            }
        }
        for (Logic l : Logic.values()) {
            r.register(l.onnxName, 1, new BinaryOp(l, Mode.LEGACY));
            r.register(l.onnxName, 7, new BinaryOp(l, Mode.NUMPY));
        }
        r.register("Where", 9, new Where());
    }

    /** The comparisons: inputs of one type (numeric or bool), a bool output. */
    enum Compare implements BinaryOp.Elementwise {
        EQUAL("Equal", 1), LESS("Less", 1), GREATER("Greater", 1), LESS_OR_EQUAL("LessOrEqual", 12),
        GREATER_OR_EQUAL("GreaterOrEqual", 12);

        final String onnxName;
        final int since;

        Compare(String onnxName, int since) {
            this.onnxName = onnxName;
            this.since = since;
        }

        boolean test(double a, double b) {
            return switch (this) {
                case EQUAL -> a == b;
                case LESS -> a < b;
                case GREATER -> a > b;
                case LESS_OR_EQUAL -> a <= b;
                case GREATER_OR_EQUAL -> a >= b;
            };
        }

        boolean test(long a, long b, boolean unsigned) {
            int c = unsigned ? Long.compareUnsigned(a, b) : Long.compare(a, b);
            return switch (this) {
                case EQUAL -> c == 0;
                case LESS -> c < 0;
                case GREATER -> c > 0;
                case LESS_OR_EQUAL -> c <= 0;
                case GREATER_OR_EQUAL -> c >= 0;
            };
        }

        @Override
        public DataType outputType(NodeContext ctx, DataType a, DataType b) {
            if (a != DataType.BOOL) {
                Elements.checkNumeric(ctx, 0, a, true);
            }
            if (a != null && b != null && a != b) {
                throw ctx.fail("inputs are " + a.displayName() + " and " + b.displayName() + "; they must be of one type");
            }
            return DataType.BOOL;
        }

        @Override
        public BinaryOp.Computation computation(Node node) {
            return this::compute;
        }

        private void compute(Tensor a, Tensor b, Tensor out, Broadcast bc, int start, int end) {
            int sa = bc.innerStride(0);
            int sb = bc.innerStride(1);
            boolean[] z = out.bools();
            Domain domain = Domain.of(a.type());
            if (domain == Domain.FLOAT) {
                float[] x = a.floats();
                float[] y = b.floats();
                bc.forEachRun(start, end, (o, n, in) -> {
                    for (int i = 0, p = in[0], q = in[1]; i < n; i++, p += sa, q += sb) {
                        z[o + i] = test(x[p], y[q]);
                    }
                });
            } else if (domain == Domain.LONG) {
                boolean unsigned = a.type() == DataType.UINT64;
                bc.forEachRun(start, end, (o, n, in) -> {
                    for (int i = 0, p = in[0], q = in[1]; i < n; i++, p += sa, q += sb) {
                        z[o + i] = test(a.getLong(p), b.getLong(q), unsigned);
                    }
                });
            } else {
                bc.forEachRun(start, end, (o, n, in) -> {
                    for (int i = 0, p = in[0], q = in[1]; i < n; i++, p += sa, q += sb) {
                        z[o + i] = test(a.getDouble(p), b.getDouble(q));
                    }
                });
            }
        }
    }

    /** And, Or, Xor of bool tensors. */
    enum Logic implements BinaryOp.Elementwise {
        AND("And"), OR("Or"), XOR("Xor");

        final String onnxName;

        Logic(String onnxName) {
            this.onnxName = onnxName;
        }

        boolean apply(boolean a, boolean b) {
            return switch (this) {
                case AND -> a & b;
                case OR -> a | b;
                case XOR -> a ^ b;
            };
        }

        @Override
        public DataType outputType(NodeContext ctx, DataType a, DataType b) {
            ctx.checkType(0, DataType.BOOL);
            ctx.checkType(1, DataType.BOOL);
            return DataType.BOOL;
        }

        @Override
        public BinaryOp.Computation computation(Node node) {
            return this::compute;
        }

        private void compute(Tensor a, Tensor b, Tensor out, Broadcast bc, int start, int end) {
            int sa = bc.innerStride(0);
            int sb = bc.innerStride(1);
            boolean[] x = a.bools();
            boolean[] y = b.bools();
            boolean[] z = out.bools();
            bc.forEachRun(start, end, (o, n, in) -> {
                for (int i = 0, p = in[0], q = in[1]; i < n; i++, p += sa, q += sb) {
                    z[o + i] = apply(x[p], y[q]);
                }
            });
        }
    }

    /** Where(condition, X, Y): X where the condition holds, else Y; all three broadcast together. */
    private static final class Where implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            ctx.checkType(0, DataType.BOOL);
            DataType x = ctx.requireType(1);
            DataType y = ctx.requireType(2);
            if (x != null && y != null && x != y) {
                throw ctx.fail("X is " + x.displayName() + " and Y " + y.displayName() + "; they must be of one type");
            }
            return ctx.single(x != null ? x : y, Broadcast.shape(ctx, ctx.inputShape(0), ctx.inputShape(1),
                    ctx.inputShape(2)));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            int[][] known = {ctx.staticShape(0), ctx.staticShape(1), ctx.staticShape(2)};
            Broadcast fixed = known[0] != null && known[1] != null && known[2] != null
                    ? Broadcast.of(Broadcast.shape(ctx, known), known) : null;
            return (in, ws) -> {
                int[][] shapes = {in[0].shape(), in[1].shape(), in[2].shape()};
                Broadcast bc = fixed != null && Arrays.deepEquals(shapes, known) ? fixed
                        : Broadcast.of(ShapeOps.runtimeShape(this, ctx, in, 0), shapes);
                Tensor out = ws.allocate(0, in[1].type(), bc.outputShape());
                boolean[] c = in[0].bools();
                Object x = in[1].carrier();
                Object y = in[2].carrier();
                Object z = out.carrier();
                int sc = bc.innerStride(0);
                int sx = bc.innerStride(1);
                int sy = bc.innerStride(2);
                ws.parallel().forRange(bc.size(), BinaryOp.GRAIN, (s, e) -> bc.forEachRun(s, e, (o, n, at) -> {
                    if (z instanceof float[] zf) {
                        float[] xf = (float[]) x;
                        float[] yf = (float[]) y;
                        for (int i = 0, p = at[0], q = at[1], r = at[2]; i < n; i++, p += sc, q += sx, r += sy) {
                            zf[o + i] = c[p] ? xf[q] : yf[r];
                        }
                    } else {
                        for (int i = 0, p = at[0], q = at[1], r = at[2]; i < n; i++, p += sc, q += sx, r += sy) {
                            System.arraycopy(c[p] ? x : y, c[p] ? q : r, z, o + i, 1);
                        }
                    }
                }));
                return new Tensor[] {out};
            };
        }
    }
}
