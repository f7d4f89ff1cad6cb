package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * The elementwise operators that pass data through or change only its type: Identity, Dropout
 * (inference), Cast and CastLike.
 */
public final class ElementwiseOps {
    private ElementwiseOps() {
    }

    public static void register(OperatorRegistry r) {
        r.register("Identity", 1, new Identity());
        r.register("Dropout", 1, new Dropout());
        r.register("Cast", 1, new Cast(false));
        r.register("CastLike", 15, new Cast(true));
    }

    /** Identity: the input itself. */
    private static final class Identity implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            return ctx.single(ctx.requireType(0), ctx.inputShape(0));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            return (in, ws) -> new Tensor[] {in[0]};
        }
    }

    /**
     * Dropout as inference runs it: the input itself, and a mask of all ones (bool from opset 10, the
     * input's type before). From opset 12 {@code training_mode} is an input; training with a non-zero
     * ratio is random and unsupported. Earlier opsets' {@code is_test=0} is taken as inference too: the
     * simulator never trains.
     */
    private static final class Dropout implements Operator {
        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType t = ctx.requireType(0);
            checkNotTraining(ctx);
            List<ValueInfo> out = new ArrayList<>(2);
            out.add(ctx.output(0, t, ctx.inputShape(0)));
            if (ctx.node().outputs().size() > 1) {
                out.add(ctx.output(1, ctx.opset() >= 10 ? DataType.BOOL : t, ctx.inputShape(0)));
            }
            return out;
        }

        /** Fails for training with dropping, when the inputs that say so are known. */
        private static void checkNotTraining(NodeContext ctx) {
            Tensor training = ctx.opset() >= 12 && ctx.hasInput(2) ? ctx.value(2) : null;
            if (training == null || training.getLong(0) == 0) {
                return;
            }
            Tensor ratio = ctx.hasInput(1) ? ctx.value(1) : null;
            if (ctx.hasInput(1) && ratio == null) {
                return; // decided when the ratio is known
            }
            if (ratio == null || ratio.getDouble(0) != 0) {
                throw ctx.fail("unsupported: training_mode=1 (random dropout)");
            }
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            Node node = ctx.node();
            int opset = ctx.opset();
            boolean mask = node.outputs().size() > 1 && !node.output(1).isEmpty();
            DataType maskType = opset >= 10 ? DataType.BOOL : ctx.inputType(0);
            return (in, ws) -> {
                checkNotTraining(NodeContext.ofTensors(node, opset, in));
                Tensor x = in[0];
                if (!mask) {
                    return new Tensor[] {x};
                }
                Tensor m = ws.allocate(1, maskType == null ? x.type() : maskType, x.shape());
                for (int i = 0; i < m.size(); i++) {
                    Elements.setLong(m, i, 1);
                }
                return new Tensor[] {x, m};
            };
        }
    }

    /**
     * Cast to the type of attribute {@code to} (an ONNX type code; a type name in opset 1), or CastLike
     * to the type of the second input. Conversions are {@link Tensor#castTo}'s. Strings are unsupported.
     */
    private static final class Cast implements Operator {
        private final boolean like;

        Cast(boolean like) {
            this.like = like;
        }

        private DataType target(NodeContext ctx) {
            if (like) {
                return ctx.requireType(1);
            }
            Attribute to = ctx.node().attribute("to");
            if (to == null) {
                throw ctx.fail("attribute 'to' is missing");
            }
            DataType t;
            if (to.kind() == Attribute.Kind.STRING) {
                try {
                    t = DataType.valueOf(to.stringValue().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    t = null;
                }
            } else {
                t = DataType.fromOnnxCode((int) to.intValue());
            }
            if (t == null) {
                throw ctx.fail("attribute 'to' names no known type: " + to);
            }
            return t;
        }

        @Override
        public List<ValueInfo> infer(NodeContext ctx) {
            DataType from = ctx.requireType(0);
            DataType to = target(ctx);
            if (from == DataType.STRING || to == DataType.STRING) {
                throw ctx.fail("unsupported: cast from or to string");
            }
            return ctx.single(to, ctx.inputShape(0));
        }

        @Override
        public Kernel kernel(NodeContext ctx) {
            DataType to = like ? null : target(ctx);
            return (in, ws) -> new Tensor[] {in[0].castTo(like ? in[1].type() : to)};
        }
    }
}
