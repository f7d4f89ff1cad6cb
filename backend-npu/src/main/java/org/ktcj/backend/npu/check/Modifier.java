package org.ktcj.backend.npu.check;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Shape;
import org.ktcj.spi.chip.ShapedNode;

/** A step that narrows a value before the predicates see it; applied in the order they are declared here. */
sealed interface Modifier permits Modifier.PadAxes, Modifier.AxisOf, Modifier.From, Modifier.Index {
    Found apply(Object value, ShapedNode n);

    /** The subject after this step: "strides" becomes "strides[-1]". */
    String describe(String subject);

    /**
     * {@code "padAxes": [axes]}: from an ONNX pads list {@code [x1_begin, x2_begin, ..., x1_end, ...]},
     * the begin and end pads of the given axes (negative from the last); axes the list lacks are skipped.
     */
    record PadAxes(List<Integer> axes) implements Modifier {
        @Override
        public Found apply(Object value, ShapedNode n) {
            List<Object> pads = Values.asList(value);
            if (pads.size() % 2 != 0) {
                return Found.unknown("pads " + Values.format(pads) + " of odd length");
            }
            int rank = pads.size() / 2;
            List<Object> out = new ArrayList<>();
            for (int a : axes) {
                int axis = a < 0 ? a + rank : a;
                if (axis >= 0 && axis < rank) {
                    out.add(pads.get(axis));
                    out.add(pads.get(axis + rank));
                }
            }
            return new Found.Some(out);
        }

        @Override
        public String describe(String subject) {
            return subject + " of axes " + axes;
        }
    }

    /** {@code "axisOf": port}: negative axis numbers made non-negative with the rank of the port. */
    record AxisOf(Port port) implements Modifier {
        @Override
        public Found apply(Object value, ShapedNode n) {
            Shape s = port.shape(n);
            if (s == null) {
                return Found.unknown("rank of " + port);
            }
            List<Object> out = new ArrayList<>();
            for (Object v : Values.asList(value)) {
                out.add(v instanceof Double d && d < 0 ? (Object) (d + s.rank()) : v);
            }
            return new Found.Some(out);
        }

        @Override
        public String describe(String subject) {
            return subject;
        }
    }

    /** {@code "from": k}: the elements from index k on (negative: from the end). */
    record From(int start) implements Modifier {
        @Override
        public Found apply(Object value, ShapedNode n) {
            List<Object> l = Values.asList(value);
            int s = start < 0 ? Math.max(0, l.size() + start) : Math.min(start, l.size());
            return new Found.Some(List.copyOf(l.subList(s, l.size())));
        }

        @Override
        public String describe(String subject) {
            return subject + "[" + start + ":]";
        }
    }

    /** {@code "index": k}: element k (negative: from the end); absent when there is no such element. */
    record Index(int index) implements Modifier {
        @Override
        public Found apply(Object value, ShapedNode n) {
            List<Object> l = Values.asList(value);
            int i = index < 0 ? l.size() + index : index;
            return i >= 0 && i < l.size() ? new Found.Some(l.get(i)) : Found.absent("element " + index);
        }

        @Override
        public String describe(String subject) {
            return subject + "[" + index + "]";
        }
    }
}
