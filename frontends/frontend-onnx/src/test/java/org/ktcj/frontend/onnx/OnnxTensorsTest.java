package org.ktcj.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ktcj.frontend.onnx.proto.OnnxProto.SparseTensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.StringStringEntryProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Float16;
import org.ktcj.ir.Tensor;
import org.ktcj.spi.ModelFormatException;

class OnnxTensorsTest {
    @TempDir
    Path dir;

    /** Six awkward values of each type: extremes, zeros, NaN and infinities where the type has them. */
    static Tensor sample(DataType type) {
        Object data = switch (type) {
            case FLOAT -> new float[] {1.5f, -0f, Float.NaN, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, 3.4e38f};
            case DOUBLE -> new double[] {1.5, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_VALUE, -1e300};
            case FLOAT16, BFLOAT16 -> new short[] {0x3C00, (short) 0x8000, 0x7E00, 0x7C00, 1, (short) 0xFBFF};
            case INT8, UINT8 -> new byte[] {-128, 127, 0, -1, 1, 42};
            case INT16, UINT16 -> new short[] {Short.MIN_VALUE, Short.MAX_VALUE, 0, -1, 1, 42};
            case INT32, UINT32 -> new int[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1, 42};
            case INT64, UINT64 -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1, 42};
            case BOOL -> new boolean[] {true, false, false, true, true, false};
            case STRING -> new String[] {"", "a", "héllo wörld", "日本", "\0", "x y"};
        };
        return Tensor.wrap(type, new int[] {2, 3}, data);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void everyTypeRoundTripsThroughTheWireFormat(DataType type) throws Exception {
        Tensor t = sample(type);
        TensorProto proto = OnnxTensors.toProto("v", t);
        assertEquals("v", proto.getName());
        assertEquals(type.onnxCode(), proto.getDataType());
        assertEquals(type != DataType.STRING, proto.hasRawData(), "numbers go to raw_data");
        TensorProto parsed = TensorProto.parseFrom(proto.toByteArray());
        IrAssertions.assertSameTensor(t, OnnxTensors.fromProto(parsed, null), type.displayName());
    }

    @Test
    void rawDataIsReadAsAViewWithoutCopying() {
        TensorProto proto = OnnxTensors.toProto("w", sample(DataType.FLOAT));
        Tensor t = OnnxTensors.fromProto(proto, null);
        // A decoded or copied tensor would hand out a fresh, writable buffer.
        assertTrue(t.toRawBytes().isReadOnly());
    }

    @Test
    void typedFieldsOfEveryType() {
        assertArrayEquals(new float[] {1.5f, -2f},
                typed(DataType.FLOAT, b -> b.addFloatData(1.5f).addFloatData(-2f)).floats());
        assertArrayEquals(new double[] {1e-300, 2},
                typed(DataType.DOUBLE, b -> b.addDoubleData(1e-300).addDoubleData(2)).doubles());
        assertArrayEquals(new int[] {-5, 7}, typed(DataType.INT32, b -> b.addInt32Data(-5).addInt32Data(7)).ints());
        assertArrayEquals(new long[] {Long.MIN_VALUE, 3},
                typed(DataType.INT64, b -> b.addInt64Data(Long.MIN_VALUE).addInt64Data(3)).longs());
        // The narrow types, bool and the 16-bit floats travel in int32_data.
        assertArrayEquals(new long[] {-128, 127}, int32Data(DataType.INT8, -128, 127).toLongArray());
        assertArrayEquals(new long[] {255, 0}, int32Data(DataType.UINT8, 255, 0).toLongArray());
        assertArrayEquals(new long[] {-32768, 5}, int32Data(DataType.INT16, -32768, 5).toLongArray());
        assertArrayEquals(new long[] {65535, 1}, int32Data(DataType.UINT16, 65535, 1).toLongArray());
        assertArrayEquals(new boolean[] {true, false}, int32Data(DataType.BOOL, 1, 0).bools());
        Tensor half = int32Data(DataType.FLOAT16, 0x3C00, 0xC000);
        assertArrayEquals(new float[] {1f, -2f}, half.toFloatArray());
        assertEquals(Float16.fromFloat(-2f), half.shorts()[1]);
        assertArrayEquals(new float[] {1f, -3f}, int32Data(DataType.BFLOAT16, 0x3F80, 0xC040).toFloatArray());
        // uint32 and uint64 travel in uint64_data.
        assertArrayEquals(new long[] {4294967295L, 2},
                typed(DataType.UINT32, b -> b.addUint64Data(4294967295L).addUint64Data(2)).toLongArray());
        assertArrayEquals(new long[] {-1, 2},
                typed(DataType.UINT64, b -> b.addUint64Data(-1).addUint64Data(2)).longs());
        assertArrayEquals(new String[] {"ab", "ü"}, typed(DataType.STRING, b -> b
                .addStringData(ByteString.copyFromUtf8("ab")).addStringData(ByteString.copyFromUtf8("ü"))).strings());
    }

    @Test
    void scalarsAndEmptyTensors() {
        TensorProto scalarProto = TensorProto.newBuilder().setDataType(1).addFloatData(7f).build();
        Tensor scalar = OnnxTensors.fromProto(scalarProto, null);
        assertEquals(0, scalar.rank());
        assertEquals(7f, scalar.floats()[0]);
        TensorProto emptyProto = TensorProto.newBuilder().setDataType(7).addDims(0).addDims(3).build();
        Tensor empty = OnnxTensors.fromProto(emptyProto, null);
        assertEquals(0, empty.size());
    }

    @Test
    void inconsistentTensorsAreRejectedByName() {
        assertError("tensor 'w' holds 2 float values, its shape needs 3",
                TensorProto.newBuilder().setName("w").setDataType(1).addDims(3).addFloatData(1).addFloatData(2));
        ByteString eightBytes = ByteString.copyFrom(new byte[8]);
        assertError("tensor 'w' has 8 bytes of raw data",
                TensorProto.newBuilder().setName("w").setDataType(1).addDims(3).setRawData(eightBytes));
        assertError("tensor 'c' is complex64, which is not supported",
                TensorProto.newBuilder().setName("c").setDataType(14).addDims(1).setRawData(eightBytes));
        assertError("tensor 'c' is complex128", TensorProto.newBuilder().setName("c").setDataType(15));
        assertError("unnamed tensor has no data type", TensorProto.newBuilder().addDims(1));
        assertError("has unknown data type code 99", TensorProto.newBuilder().setDataType(99));
        assertError("tensor 'n' has invalid dimension -2",
                TensorProto.newBuilder().setName("n").setDataType(1).addDims(-2));
        assertError("is too large", TensorProto.newBuilder().setDataType(1).addDims(1 << 20).addDims(1 << 20));
        assertError("string tensors cannot use raw_data",
                TensorProto.newBuilder().setDataType(8).addDims(1).setRawData(ByteString.copyFrom(new byte[1])));
    }

    @Test
    void externalDataIsMappedFromTheModelDirectory() throws IOException {
        ByteBuffer floats = ByteBuffer.allocate(8 + 16).order(ByteOrder.LITTLE_ENDIAN);
        floats.putLong(-1L).putFloat(1f).putFloat(2f).putFloat(-3f).putFloat(0.5f);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/weights.bin"), floats.array());

        Tensor t = OnnxTensors.fromProto(external("w", "sub/weights.bin", "8", "16").build(), dir);
        assertTrue(t.toRawBytes().isDirect(), "memory-mapped, not read into the heap");
        assertArrayEquals(new float[] {1f, 2f, -3f, 0.5f}, t.floats());
        Tensor toEnd = OnnxTensors.fromProto(external("w", "sub/weights.bin", "8", null).build(), dir);
        assertArrayEquals(new float[] {1f, 2f, -3f, 0.5f}, toEnd.floats());
    }

    @Test
    void externalDataMustStayInsideTheModelDirectoryAndInRange() throws IOException {
        Path models = Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("secret.bin"), new byte[16]);
        Files.write(models.resolve("w.bin"), new byte[16]);

        assertExternalError("tensor 'w': external data file '../secret.bin' is outside the model's directory",
                external("w", "../secret.bin", "0", "16"), models);
        assertExternalError("is outside the model's directory",
                external("w", dir.resolve("secret.bin").toString(), "0", "16"), models);
        assertExternalError("tensor 'w': external data file 'missing.bin' does not exist",
                external("w", "missing.bin", "0", "16"), models);
        assertExternalError("tensor 'w': offset 8 and length 16 lie outside external data file 'w.bin' (16 bytes)",
                external("w", "w.bin", "8", "16"), models);
        assertExternalError("offset -4", external("w", "w.bin", "-4", "16"), models);
        assertExternalError("tensor 'w': external data file 'w.bin' gives 12 bytes, its type and shape need 16",
                external("w", "w.bin", "4", "12"), models);
        assertExternalError("external data offset 'x' is not a number", external("w", "w.bin", "x", "16"), models);
        assertExternalError("tensor 'w' has external data without a location", external("w", null, "0", "16"), models);

        Path link = models.resolve("link.bin");
        try {
            Files.createSymbolicLink(link, dir.resolve("secret.bin"));
        } catch (UnsupportedOperationException | IOException e) {
            return; // no symbolic links on this file system
        }
        assertExternalError("external data file 'link.bin' links outside the model's directory",
                external("w", "link.bin", "0", "16"), models);
    }

    @Test
    void tensorFilesAreRead() throws IOException {
        Path pb = dir.resolve("input_0.pb");
        Files.write(pb, OnnxTensors.toProto("x", sample(DataType.INT64)).toByteArray());
        IrAssertions.assertSameTensor(sample(DataType.INT64), OnnxTensors.readTensorFile(pb), "input_0");
    }

    @Test
    void badTensorFilesGiveOneLineNamingTheFile() throws IOException {
        Path empty = Files.write(dir.resolve("empty.pb"), new byte[0]);
        assertFileError(empty, "the file is empty");
        Path png = Files.write(dir.resolve("picture.pb"), pngLikeBytes());
        assertFileError(png, "");
        Path text = Files.writeString(dir.resolve("notes.pb"), "these are not the tensors you are looking for\n");
        assertFileError(text, "");
        byte[] whole = OnnxTensors.toProto("x", sample(DataType.FLOAT)).toByteArray();
        Path cut = Files.write(dir.resolve("cut.pb"), Arrays.copyOf(whole, whole.length - 5));
        assertFileError(cut, "");
        assertFileError(dir.resolve("absent.pb"), "no such file");
    }

    @Test
    void sparseTensorsAreMadeDense() {
        TensorProto values = TensorProto.newBuilder().setName("s").setDataType(1).addDims(2)
                .addFloatData(5f).addFloatData(-1f).build();
        SparseTensorProto linear = SparseTensorProto.newBuilder().setValues(values).addDims(2).addDims(3)
                .setIndices(TensorProto.newBuilder().setDataType(7).addDims(2).addInt64Data(1).addInt64Data(5)).build();
        assertArrayEquals(new float[] {0, 5, 0, 0, 0, -1}, OnnxTensors.fromSparseProto(linear, null).floats());
        SparseTensorProto coordinates = linear.toBuilder().setIndices(TensorProto.newBuilder().setDataType(7)
                .addDims(2).addDims(2).addInt64Data(0).addInt64Data(1).addInt64Data(1).addInt64Data(2)).build();
        Tensor dense = OnnxTensors.fromSparseProto(coordinates, null);
        assertArrayEquals(new int[] {2, 3}, dense.shape());
        assertArrayEquals(new float[] {0, 5, 0, 0, 0, -1}, dense.floats());
        SparseTensorProto outside = linear.toBuilder().setIndices(TensorProto.newBuilder().setDataType(7)
                .addDims(2).addInt64Data(1).addInt64Data(6)).build();
        ModelFormatException e =
                assertThrows(ModelFormatException.class, () -> OnnxTensors.fromSparseProto(outside, null));
        assertEquals("sparse tensor 's': index 6 is outside its 6 elements", e.getMessage());
    }

    /** A two-element tensor of the type, its values filled in by {@code fill}. */
    private static Tensor typed(DataType type, UnaryOperator<TensorProto.Builder> fill) {
        TensorProto.Builder b = TensorProto.newBuilder().setDataType(type.onnxCode()).addDims(2);
        return OnnxTensors.fromProto(fill.apply(b).build(), null);
    }

    private static Tensor int32Data(DataType type, int first, int second) {
        return typed(type, b -> b.addInt32Data(first).addInt32Data(second));
    }

    private static TensorProto.Builder external(String name, String location, String offset, String length) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(1).addDims(4)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        if (location != null) {
            b.addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(location));
        }
        b.addExternalData(StringStringEntryProto.newBuilder().setKey("offset").setValue(offset));
        if (length != null) {
            b.addExternalData(StringStringEntryProto.newBuilder().setKey("length").setValue(length));
        }
        return b;
    }

    private static void assertError(String expected, TensorProto.Builder proto) {
        assertExternalError(expected, proto, null);
    }

    private static void assertExternalError(String expected, TensorProto.Builder proto, Path baseDir) {
        TensorProto p = proto.build();
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxTensors.fromProto(p, baseDir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static void assertFileError(Path file, String expected) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> OnnxTensors.readTensorFile(file));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /** The start of a PNG file: signature, then an IHDR chunk. */
    static byte[] pngLikeBytes() {
        byte[] head = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R',
            0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0, 0x5C, 0x72, (byte) 0xA8, 0x66};
        byte[] out = new byte[256];
        System.arraycopy(head, 0, out, 0, head.length);
        for (int i = head.length; i < out.length; i++) {
            out[i] = (byte) (i * 37);
        }
        return out;
    }
}
