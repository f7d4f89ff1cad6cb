package org.ktcj.runtime.ops;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/** Operators that make tensors from attributes and shapes: Constant, ConstantOfShape, Range. */
public final class ConstantOps {
    private ConstantOps() {
    }

    static void register(OperatorRegistry r) {
        r.register("Constant", 1, new Constant());
        r.register("ConstantOfShape", 9, new ConstantOfShape());
        r.register("Range", 11, new Range());
    }

    /**
     * Constant: the tensor in {@code value}, or (opset 12) in {@code value_float(s)}, {@code value_int(s)}
     * or {@code value_string(s)}, or (opset 11) a {@code sparse_value}, which the IR holds dense.
     */
    static final class Constant implements Operator {
        static Tensor value(NodeContext ctx) {
            Node n = ctx.node();
            if (n.hasAttribute("value")) {
                return n.attrTensor("value");
            } else if (n.hasAttribute("value_float")) {
                return Tensor.wrap(DataType.FLOAT, new int[0], new float[] {n.attrFloat("value_float", 0f)});
            } else if (n.hasAttribute("value_floats")) {
                float[] v = n.attrFloats("value_floats", null);
                return Tensor.of(v, v.length);
            } else if (n.hasAttribute("value_int")) {
                return Tensor.ofLongs(new long[] {n.attrInt("value_int", 0)});
            } else if (n.hasAttribute("value_ints")) {
                long[] v = n.attrInts("value_ints", null);
                return Tensor.ofLongs(v, v.length);
            } else if (n.hasAttribute("value_string")) {
                return Tensor.wrap(DataType.STRING, new int[0], new String[] {n.attrString("value_string", "")});
            } else if (n.hasAttribute("value_strings")) {
                String[] v = n.attribute("value_strings").strings().toArray(new String[0]);
                return Tensor.wrap(DataType.STRING, new int[] {v.length}, v);
            } else if (n.hasAttribute("sparse_value")) {
                return n.attrTensor("sparse_value"); // frontends hand sparse tensors over dense
            }
            throw ctx.fail("has no value attribute");
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            Tensor t = value(ctx);
            return ctx.single(t.type(), Shape.of(t.shape()));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Tensor t = value(ctx);
            return (in, ws) -> new Tensor[] {t};
        }
    }

    /** ConstantOfShape: a tensor of the input's shape filled with {@code value} (default float 0). */
    static final class ConstantOfShape implements Operator {
        private static Tensor value(NodeContext ctx) {
            Tensor v = ctx.node().attrTensor("value");
            if (v == null) {
                return Tensor.zeros(DataType.FLOAT, 1);
            }
            if (v.size() != 1) {
                throw ctx.fail("value must hold one element, has " + v.size());
            }
            return v;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType type = value(ctx).type();
            long[] dims = ctx.longValues(0);
            if (dims == null) {
                int[] s = ctx.staticShape(0);
                return ctx.single(type, s == null || s.length != 1 ? null : Shape.of(Collections.nCopies(s[0], Dim.unknown())));
            }
            for (long d : dims) {
                if (d < 0) {
                    throw ctx.fail("shape " + Arrays.toString(dims) + " has a negative dimension");
                }
            }
            return ctx.single(type, Shape.of(dims));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Tensor value = value(ctx);
            boolean zero = value.type() != DataType.STRING && value.getDouble(0) == 0;
            return (in, ws) -> {
                Tensor y = ws.allocate(0, value.type(), ShapeOps.runtimeShape(this, ctx, in, 0));
                if (!zero) {
                    CarrierCopy.fill(y.carrier(), 0, y.size(), value.carrier());
                }
                return new Tensor[] {y};
            };
        }
    }

    /** Range: start, start + delta, ... up to (not including) limit, in the inputs' type. */
    static final class Range implements Operator {
        /** The element count, from the three scalar inputs. */
        private static int count(NodeContext ctx, Tensor start, Tensor limit, Tensor delta) {
            long n;
            if (start.type().isFloatingPoint()) {
                double d = delta.getDouble(0);
                if (d == 0) {
                    throw ctx.fail("delta is 0");
                }
                n = (long) Math.ceil((limit.getDouble(0) - start.getDouble(0)) / d);
            } else {
                long d = delta.getLong(0);
                if (d == 0) {
                    throw ctx.fail("delta is 0");
                }
                n = -Math.floorDiv(start.getLong(0) - limit.getLong(0), d); // ceil((limit - start) / d)
            }
            if (n > Integer.MAX_VALUE) {
                throw ctx.fail("range of " + n + " elements is too large");
            }
            return (int) Math.max(0, n);
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType type = ctx.inputType(0);
            for (int i = 1; i < 3; i++) {
                if (type != null && ctx.inputType(i) != null && ctx.inputType(i) != type) {
                    throw ctx.fail("start, limit and delta must have one type");
                }
            }
            for (int i = 0; i < 3; i++) {
                if (ctx.value(i) != null && ctx.value(i).size() != 1) {
                    throw ctx.fail("input '" + ctx.node().input(i) + "' must be a scalar");
                }
            }
            if (ctx.value(0) == null || ctx.value(1) == null || ctx.value(2) == null) {
                return ctx.single(type, Shape.of(List.of(Dim.unknown())));
            }
            return ctx.single(type, Shape.of(count(ctx, ctx.value(0), ctx.value(1), ctx.value(2))));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> {
                int n = ShapeOps.runtimeShape(this, ctx, in, 0)[0];
                Tensor y = ws.allocate(0, in[0].type(), new int[] {n});
                if (y.type().isFloatingPoint()) {
                    double s = in[0].getDouble(0);
                    double d = in[2].getDouble(0);
                    for (int i = 0; i < n; i++) {
                        Elements.set(y, i, s + i * d);
                    }
                } else {
                    long s = in[0].getLong(0);
                    long d = in[2].getLong(0);
                    for (int i = 0; i < n; i++) {
                        Elements.setLong(y, i, s + i * d);
                    }
                }
                return new Tensor[] {y};
            };
        }
    }
}
