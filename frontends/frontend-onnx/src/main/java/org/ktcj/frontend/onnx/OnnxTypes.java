package org.ktcj.frontend.onnx;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorShapeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TypeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ValueInfoProto;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;
import org.ktcj.ir.ValueInfo;

/** Conversions between ONNX's {@code ValueInfoProto} and the IR's {@link ValueInfo}. */
final class OnnxTypes {
    private OnnxTypes() {
    }

    /**
     * The IR view of a value's type. Only tensor types have one: sequence, optional, map and sparse
     * tensor values, and values without a type, become a ValueInfo of unknown type and shape.
     */
    static ValueInfo fromProto(ValueInfoProto proto) {
        String name = proto.getName();
        if (!proto.getType().hasTensorType()) {
            return new ValueInfo(name, null, null);
        }
        TypeProto.Tensor t = proto.getType().getTensorType();
        DataType type = t.getElemType() == 0 ? null : OnnxTensors.dataType(t.getElemType(), "value '" + name + "'");
        return new ValueInfo(name, type, t.hasShape() ? shape(t.getShape()) : null);
    }

    /** A value's tensor type; no type at all when both element type and shape are unknown. */
    static ValueInfoProto toProto(ValueInfo info) {
        ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(info.name());
        if (info.type() == null && info.shape() == null) {
            return b.build();
        }
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder()
                .setElemType(info.type() == null ? 0 : info.type().onnxCode());
        if (info.shape() != null) {
            TensorShapeProto.Builder s = t.getShapeBuilder();
            for (Dim d : info.shape().dims()) {
                TensorShapeProto.Dimension.Builder db = s.addDimBuilder();
                if (d.isKnown()) {
                    db.setDimValue(d.size());
                } else if (d.symbol() != null) {
                    db.setDimParam(d.symbol());
                }
            }
        }
        return b.setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    private static Shape shape(TensorShapeProto proto) {
        List<Dim> dims = new ArrayList<>(proto.getDimCount());
        for (TensorShapeProto.Dimension d : proto.getDimList()) {
            if (d.hasDimValue()) {
                // Some exporters write -1 for a dynamic size.
                dims.add(d.getDimValue() >= 0 ? Dim.of(d.getDimValue()) : Dim.unknown());
            } else if (d.hasDimParam()) {
                dims.add(Dim.symbol(d.getDimParam()));
            } else {
                dims.add(Dim.unknown());
            }
        }
        return Shape.of(dims);
    }
}
