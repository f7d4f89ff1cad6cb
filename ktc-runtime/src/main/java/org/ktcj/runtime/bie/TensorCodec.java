package org.ktcj.runtime.bie;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.util.Arrays;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.bie.proto.BieProto;
import org.ktcj.spi.ModelFormatException;

/**
 * Tensors and element types in the {@code .bie} message. Raw data is never copied: a written message
 * wraps the tensor's little-endian bytes, and a read tensor is a view of the parsed file's bytes.
 */
final class TensorCodec {
    private TensorCodec() {
    }

    /** The tensor as a {@code ktc.bie.Tensor}; its raw data shares the tensor's bytes. */
    static BieProto.Tensor toProto(Tensor t) {
        BieProto.Tensor.Builder b = BieProto.Tensor.newBuilder().setDataTypeValue(typeCode(t.type()));
        for (int d : t.shape()) {
            b.addDims(d);
        }
        if (t.type() == DataType.STRING) {
            b.addAllStringData(Arrays.asList(t.strings()).subList(0, t.size()));
        } else {
            // toRawBytes is a fresh buffer or a view of immutable raw data: safe to wrap without copying.
            b.setRawData(UnsafeByteOperations.unsafeWrap(t.toRawBytes()));
        }
        return b.build();
    }

    /**
     * The tensor a {@code ktc.bie.Tensor} holds.
     *
     * @param what the tensor's description for errors ("initializer 'w'")
     */
    static Tensor fromProto(BieProto.Tensor p, String what) {
        DataType type = dataType(p.getDataTypeValue(), what);
        if (type == null) {
            throw new ModelFormatException(what + " has no element type");
        }
        int[] shape = shape(p, what);
        int count = Tensor.elementCount(shape);
        if (type == DataType.STRING) {
            if (p.getStringDataCount() != count || !p.getRawData().isEmpty()) {
                throw new ModelFormatException(what + " holds " + p.getStringDataCount() + " strings, its shape "
                        + Arrays.toString(shape) + " needs " + count);
            }
            return Tensor.wrap(type, shape, p.getStringDataList().toArray(new String[0]));
        }
        ByteString raw = p.getRawData();
        long need = (long) count * type.byteSize();
        if (raw.size() != need || p.getStringDataCount() != 0) {
            throw new ModelFormatException(what + " has " + raw.size() + " bytes of data, its "
                    + type.displayName() + " shape " + Arrays.toString(shape) + " needs " + need);
        }
        return Tensor.fromRaw(type, shape, raw.asReadOnlyByteBuffer());
    }

    /** The {@code ktc.bie.DataType} number of an element type (ONNX's code); 0 for an unknown type. */
    static int typeCode(DataType type) {
        return type == null ? BieProto.DataType.UNDEFINED_VALUE : type.onnxCode();
    }

    /** The element type of a {@code ktc.bie.DataType} number; null for UNDEFINED. */
    static DataType dataType(int code, String what) {
        if (code == BieProto.DataType.UNDEFINED_VALUE) {
            return null;
        }
        DataType t = DataType.fromOnnxCode(code);
        if (t == null) {
            throw new ModelFormatException(what + " has unknown data type number " + code);
        }
        return t;
    }

    private static int[] shape(BieProto.Tensor p, String what) {
        int[] shape = new int[p.getDimsCount()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = dimension(p.getDims(i), what);
        }
        return shape;
    }

    /** A dimension as the IR holds it: an int (tensors have fewer than 2^31 elements). */
    private static int dimension(long d, String what) {
        if (d < 0 || d > Integer.MAX_VALUE) {
            throw new ModelFormatException(what + " has invalid dimension " + d);
        }
        return (int) d;
    }
}
