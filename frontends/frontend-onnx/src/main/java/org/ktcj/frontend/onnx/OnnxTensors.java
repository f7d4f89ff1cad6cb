package org.ktcj.frontend.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ktcj.frontend.onnx.proto.OnnxProto.SparseTensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.spi.ModelFormatException;

/** Conversions between ONNX's {@code TensorProto} and the IR's {@link Tensor}. */
public final class OnnxTensors {
    private OnnxTensors() {
    }

    /**
     * Reads a tensor. Raw data is not copied: the tensor is a view of the message's bytes (or of the
     * memory-mapped external data file).
     *
     * @param baseDirForExternalData the directory external data locations are relative to (the
     *                               model's directory); only used for external data
     * @throws ModelFormatException naming the tensor (and the external file) when it cannot be read
     */
    public static Tensor fromProto(TensorProto proto, Path baseDirForExternalData) {
        String what = describe(proto);
        DataType type = dataType(proto.getDataType(), what);
        int[] shape = shape(proto.getDimsList(), what);
        int count = Tensor.elementCount(shape);
        if (proto.hasSegment()) {
            throw new ModelFormatException(what + " is segmented, which is not supported");
        }
        if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL) {
            if (type == DataType.STRING) {
                throw new ModelFormatException(what + ": string tensors cannot have external data");
            }
            ByteBuffer data = ExternalData.map(proto, baseDirForExternalData, (long) count * type.byteSize(), what);
            return Tensor.fromRaw(type, shape, data);
        }
        if (proto.hasRawData()) {
            if (type == DataType.STRING) {
                throw new ModelFormatException(what + ": string tensors cannot use raw_data");
            }
            ByteString raw = proto.getRawData();
            long need = (long) count * type.byteSize();
            if (raw.size() != need) {
                throw new ModelFormatException(what + " has " + raw.size() + " bytes of raw data, its "
                        + type.displayName() + " shape " + Arrays.toString(shape) + " needs " + need);
            }
            return Tensor.fromRaw(type, shape, raw.asReadOnlyByteBuffer());
        }
        return Tensor.wrap(type, shape, typedData(proto, type, count, what));
    }

    /** Encodes a tensor as a {@code TensorProto} with raw_data (string_data for strings). */
    public static TensorProto toProto(String name, Tensor tensor) {
        TensorProto.Builder b = header(name, tensor);
        if (tensor.type() == DataType.STRING) {
            String[] s = tensor.strings();
            for (int i = 0; i < tensor.size(); i++) {
                b.addStringData(ByteString.copyFromUtf8(s[i]));
            }
        } else {
            // toRawBytes is either a fresh buffer or a view of immutable raw data, so wrapping is safe.
            b.setRawData(UnsafeByteOperations.unsafeWrap(tensor.toRawBytes()));
        }
        return b.build();
    }

    /**
     * Reads a file holding one serialized {@code TensorProto}, such as the {@code input_0.pb} and
     * {@code output_0.pb} files of ONNX's backend test data.
     *
     * @throws ModelFormatException with one line naming the file when it cannot be read as a tensor
     */
    public static Tensor readTensorFile(Path pbFile) {
        byte[] bytes = ProtoFiles.readAll(pbFile, "tensor");
        TensorProto proto;
        try {
            proto = TensorProto.parseFrom(ProtoFiles.aliasingInput(bytes));
        } catch (IOException e) {
            throw new ModelFormatException(pbFile + ": not a serialized ONNX TensorProto, or a truncated or corrupt"
                    + " one (protobuf: " + ProtoFiles.oneLine(e) + ")", e);
        }
        if (proto.getDataType() == 0) {
            throw new ModelFormatException(pbFile + ": not a serialized ONNX TensorProto (no data type)");
        }
        Path dir = pbFile.toAbsolutePath().getParent();
        try {
            return fromProto(proto, dir);
        } catch (ModelFormatException | IllegalArgumentException e) {
            throw new ModelFormatException(pbFile + ": " + e.getMessage(), e);
        }
    }

    /** Densifies a sparse tensor: zeros everywhere but at its indices. */
    static Tensor fromSparseProto(SparseTensorProto proto, Path baseDirForExternalData) {
        String what = "sparse " + describe(proto.getValues());
        int[] shape = shape(proto.getDimsList(), what);
        Tensor values = fromProto(proto.getValues(), baseDirForExternalData);
        int nnz = values.size();
        long[] positions = sparsePositions(proto, shape, nnz, baseDirForExternalData, what);
        Object dense = Tensor.newCarrier(values.type(), Tensor.elementCount(shape));
        Object from = values.carrier();
        for (int i = 0; i < nnz; i++) {
            System.arraycopy(from, i, dense, (int) positions[i], 1);
        }
        return Tensor.wrap(values.type(), shape, dense);
    }

    /** The flat positions of a sparse tensor's values, from linear [NNZ] or coordinate [NNZ, rank] indices. */
    private static long[] sparsePositions(SparseTensorProto proto, int[] shape, int nnz, Path baseDir, String what) {
        Tensor indices = fromProto(proto.getIndices(), baseDir);
        long[] idx = indices.toLongArray();
        int size = Tensor.elementCount(shape);
        long[] positions = new long[nnz];
        if (indices.rank() == 1 && idx.length == nnz) {
            System.arraycopy(idx, 0, positions, 0, nnz);
        } else if (indices.rank() == 2 && indices.dim(0) == nnz && indices.dim(1) == shape.length) {
            for (int i = 0; i < nnz; i++) {
                long flat = 0;
                for (int d = 0; d < shape.length; d++) {
                    long c = idx[i * shape.length + d];
                    if (c < 0 || c >= shape[d]) {
                        throw new ModelFormatException(what + ": index " + c + " is out of range on axis " + d);
                    }
                    flat = flat * shape[d] + c;
                }
                positions[i] = flat;
            }
        } else {
            throw new ModelFormatException(what + ": indices of shape " + Arrays.toString(indices.shape())
                    + " do not suit " + nnz + " values of a rank-" + shape.length + " tensor");
        }
        for (long p : positions) {
            if (p < 0 || p >= size) {
                throw new ModelFormatException(what + ": index " + p + " is outside its " + size + " elements");
            }
        }
        return positions;
    }

    /** The IR type of an ONNX element type code; a clear error for undefined, complex and unknown codes. */
    static DataType dataType(int code, String what) {
        DataType t = DataType.fromOnnxCode(code);
        if (t != null) {
            return t;
        }
        throw new ModelFormatException(what + switch (code) {
            case 0 -> " has no data type";
            case 14 -> " is complex64, which is not supported";
            case 15 -> " is complex128, which is not supported";
            default -> " has unknown data type code " + code;
        });
    }

    /** "tensor 'w'", or "unnamed tensor" (attribute values often have no name). */
    static String describe(TensorProto proto) {
        return proto.getName().isEmpty() ? "unnamed tensor" : "tensor '" + proto.getName() + "'";
    }

    static TensorProto.Builder header(String name, Tensor tensor) {
        TensorProto.Builder b = TensorProto.newBuilder().setDataType(tensor.type().onnxCode());
        if (name != null && !name.isEmpty()) {
            b.setName(name);
        }
        for (int d : tensor.shape()) {
            b.addDims(d);
        }
        return b;
    }

    private static int[] shape(List<Long> dims, String what) {
        int[] shape = new int[dims.size()];
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFormatException(what + " has invalid dimension " + d);
            }
            shape[i] = (int) d;
        }
        try {
            Tensor.elementCount(shape);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(what + ": " + e.getMessage(), e);
        }
        return shape;
    }

    /** The carrier array from the typed field ONNX uses for the type. */
    private static Object typedData(TensorProto p, DataType type, int count, String what) {
        int have = switch (type) {
            case FLOAT -> p.getFloatDataCount();
            case DOUBLE -> p.getDoubleDataCount();
            case INT64 -> p.getInt64DataCount();
            case UINT32, UINT64 -> p.getUint64DataCount();
            case STRING -> p.getStringDataCount();
            // int32_data also carries the 8- and 16-bit types, bool and the bits of float16/bfloat16.
            default -> p.getInt32DataCount();
        };
        if (have != count) {
            throw new ModelFormatException(what + " holds " + have + " " + type.displayName()
                    + " values, its shape needs " + count);
        }
        Object out = Tensor.newCarrier(type, count);
        for (int i = 0; i < count; i++) {
            switch (type) {
                case FLOAT -> ((float[]) out)[i] = p.getFloatData(i);
                case DOUBLE -> ((double[]) out)[i] = p.getDoubleData(i);
                case INT64 -> ((long[]) out)[i] = p.getInt64Data(i);
                case UINT64 -> ((long[]) out)[i] = p.getUint64Data(i);
                case UINT32 -> ((int[]) out)[i] = (int) p.getUint64Data(i);
                case INT32 -> ((int[]) out)[i] = p.getInt32Data(i);
                case INT8, UINT8 -> ((byte[]) out)[i] = (byte) p.getInt32Data(i);
                case INT16, UINT16, FLOAT16, BFLOAT16 -> ((short[]) out)[i] = (short) p.getInt32Data(i);
                case BOOL -> ((boolean[]) out)[i] = p.getInt32Data(i) != 0;
                case STRING -> ((String[]) out)[i] = p.getStringData(i).toString(StandardCharsets.UTF_8);
            }
        }
        return out;
    }
}
