package org.ktcj.backend.npu.check;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.spi.chip.ShapedNode;

/** Where a check's value comes from: the selector key of a check ({@code "attr"}, {@code "dims"}, ...). */
sealed interface Source permits Source.Attr, Source.InputValue, Source.IsConstant, Source.Rank, Source.Dims,
        Source.AxesChanged, ResizeSampling {
    Found find(ShapedNode n);

    /** What the value is, for a report: "kernel_shape", "rank(in0)". */
    String describe();

    /**
     * {@code "attr": name}: an attribute; with {@code "orInput": i}, the constant value of input i when
     * the attribute is absent, since ONNX turned many attributes into inputs (Clip, Pad, Reduce*, ...).
     */
    record Attr(String name, Integer orInput) implements Source {
        @Override
        public Found find(ShapedNode n) {
            Attribute a = n.node().attribute(name);
            if (a != null) {
                return Values.ofAttribute(a);
            }
            return orInput == null ? Found.absent("attribute " + name) : new InputValue(orInput).find(n);
        }

        @Override
        public String describe() {
            return name;
        }
    }

    /** {@code "value": "inN"}: the constant value of an input. */
    record InputValue(int input) implements Source {
        @Override
        public Found find(ShapedNode n) {
            if (!n.hasInput(input)) {
                return Found.absent("input " + input);
            }
            Tensor t = n.constant(input);
            return t == null ? new Found.Missing(Found.Why.NOT_CONSTANT, "input " + input)
                    : new Found.Some(Values.ofTensor(t));
        }

        @Override
        public String describe() {
            return "in" + input + " value";
        }
    }

    /** {@code "const": "inN"}: whether an input is a constant. */
    record IsConstant(int input) implements Source {
        @Override
        public Found find(ShapedNode n) {
            return n.hasInput(input) ? new Found.Some(n.constant(input) != null) : Found.absent("input " + input);
        }

        @Override
        public String describe() {
            return "in" + input + " is constant";
        }
    }

    /** {@code "rank": port}: the rank of an input or output. */
    record Rank(Port port) implements Source {
        @Override
        public Found find(ShapedNode n) {
            Shape s = port.shape(n);
            return s == null ? Found.unknown("shape of " + port) : new Found.Some((double) s.rank());
        }

        @Override
        public String describe() {
            return "rank(" + port + ")";
        }
    }

    /** {@code "dims": port}: the dimensions of an input or output, every one of them known. */
    record Dims(Port port) implements Source {
        @Override
        public Found find(ShapedNode n) {
            Shape s = port.shape(n);
            if (s == null || !s.isStatic()) {
                return Found.unknown("shape of " + port + (s == null ? "" : " " + s));
            }
            List<Object> out = new ArrayList<>(s.rank());
            for (Dim d : s.dims()) {
                out.add((double) d.size());
            }
            return new Found.Some(out);
        }

        @Override
        public String describe() {
            return port + " dims";
        }
    }

    /**
     * {@code "axesChanged": [from, to]}: the axes whose size differs between two ports, numbered from
     * the end (-1 column, -2 row, -3 channel, -4 batch) and aligned from the end as in broadcasting, an
     * axis that a port lacks counting as size 1. Says which axes an Expand, Resize or Upsample grows.
     */
    record AxesChanged(Port from, Port to) implements Source {
        @Override
        public Found find(ShapedNode n) {
            Found a = new Dims(from).find(n);
            Found b = new Dims(to).find(n);
            if (!(a instanceof Found.Some sa)) {
                return a;
            }
            if (!(b instanceof Found.Some sb)) {
                return b;
            }
            List<Object> x = Values.asList(sa.value());
            List<Object> y = Values.asList(sb.value());
            List<Object> changed = new ArrayList<>();
            for (int k = Math.max(x.size(), y.size()); k >= 1; k--) {
                if (!Values.same(sizeFromEnd(x, k), sizeFromEnd(y, k))) {
                    changed.add((double) -k);
                }
            }
            return new Found.Some(changed);
        }

        private static Object sizeFromEnd(List<Object> dims, int k) {
            return k <= dims.size() ? dims.get(dims.size() - k) : (Object) 1.0;
        }

        @Override
        public String describe() {
            return "axes changed " + from + "->" + to;
        }
    }
}
