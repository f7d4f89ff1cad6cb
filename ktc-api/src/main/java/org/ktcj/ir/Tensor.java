package org.ktcj.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * A typed, shaped block of data: a weight, a constant, an input or an output.
 *
 * <p>Each element type has one carrier array: float[] for FLOAT, double[] for DOUBLE, short[] (the bits)
 * for FLOAT16 and BFLOAT16, byte[] for INT8/UINT8, short[] for INT16/UINT16, int[] for INT32/UINT32,
 * long[] for INT64/UINT64, boolean[] for BOOL, String[] for STRING. A tensor made from raw little-endian
 * bytes ({@link #fromRaw}) keeps only a view of them until its data is first asked for, so loading a
 * model with large weights does not copy them.
 *
 * <p>The carrier array is shared, not copied, by {@link #floats()} and friends and by {@link #reshape}:
 * treat it as read-only unless you made the tensor. Its length may exceed {@link #size()} for tensors
 * made by the simulators from pooled buffers; only the first {@code size()} elements belong to the
 * tensor.
 */
public final class Tensor {
    private final DataType type;
    private final int[] shape;
    private final int size;
    private Object data;
    private ByteBuffer raw;

    private Tensor(DataType type, int[] shape, Object data, ByteBuffer raw) {
        this.type = Objects.requireNonNull(type, "type");
        this.shape = shape.clone();
        this.size = elementCount(shape);
        this.data = data;
        this.raw = raw;
    }

    // ---- construction ---------------------------------------------------------------------------

    /**
     * Wraps a carrier array (no copy). Its length must be at least the shape's element count.
     *
     * @throws IllegalArgumentException when the array's kind does not suit the type or is too short
     */
    public static Tensor wrap(DataType type, int[] shape, Object data) {
        int n = elementCount(shape);
        checkCarrier(type, data);
        int len = java.lang.reflect.Array.getLength(data);
        if (len < n) {
            throw new IllegalArgumentException(
                    "data has " + len + " elements, shape " + Arrays.toString(shape) + " needs " + n);
        }
        return new Tensor(type, shape, data, null);
    }

    public static Tensor of(float[] data, int... shape) {
        return wrap(DataType.FLOAT, shape, data);
    }

    public static Tensor ofLongs(long[] data, int... shape) {
        return wrap(DataType.INT64, shape, data);
    }

    public static Tensor ofInts(int[] data, int... shape) {
        return wrap(DataType.INT32, shape, data);
    }

    public static Tensor ofBools(boolean[] data, int... shape) {
        return wrap(DataType.BOOL, shape, data);
    }

    public static Tensor scalar(float v) {
        return of(new float[] {v});
    }

    public static Tensor scalarLong(long v) {
        return ofLongs(new long[] {v});
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(DataType type, int... shape) {
        return new Tensor(type, shape, newCarrier(type, elementCount(shape)), null);
    }

    /**
     * A tensor over raw little-endian bytes, decoded on first use. The buffer is not copied: it may be
     * a view of a file mapping or of a parsed message, and must not change afterwards.
     */
    public static Tensor fromRaw(DataType type, int[] shape, ByteBuffer littleEndian) {
        if (type == DataType.STRING) {
            throw new IllegalArgumentException("string tensors have no raw encoding");
        }
        long need = (long) elementCount(shape) * type.byteSize();
        if (littleEndian.remaining() != need) {
            throw new IllegalArgumentException("raw data has " + littleEndian.remaining() + " bytes, a "
                    + type.displayName() + " tensor of shape " + Arrays.toString(shape) + " needs " + need);
        }
        return new Tensor(type, shape, null, littleEndian.slice().order(ByteOrder.LITTLE_ENDIAN));
    }

    // ---- shape ----------------------------------------------------------------------------------

    public DataType type() {
        return type;
    }

    /** The sizes of the dimensions (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** A tensor of another shape with the same elements, sharing this one's data. */
    public Tensor reshape(int... newShape) {
        if (elementCount(newShape) != size) {
            throw new IllegalArgumentException(
                    "cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        return raw != null && data == null ? new Tensor(type, newShape, null, raw) : new Tensor(type, newShape, carrier(), null);
    }

    // ---- data -----------------------------------------------------------------------------------

    /** The carrier array (see the class comment); decoded from raw bytes on first call. */
    public Object carrier() {
        Object d = data;
        if (d == null) {
            d = decode();
        }
        return d;
    }

    public float[] floats() {
        return (float[]) checked(DataType.FLOAT);
    }

    public double[] doubles() {
        return (double[]) checked(DataType.DOUBLE);
    }

    public long[] longs() {
        if (type != DataType.INT64 && type != DataType.UINT64) {
            throw wrongType("int64");
        }
        return (long[]) carrier();
    }

    public int[] ints() {
        if (type != DataType.INT32 && type != DataType.UINT32) {
            throw wrongType("int32");
        }
        return (int[]) carrier();
    }

    /** INT16, UINT16, FLOAT16 (bits) and BFLOAT16 (bits). */
    public short[] shorts() {
        if (type != DataType.INT16 && type != DataType.UINT16 && type != DataType.FLOAT16
                && type != DataType.BFLOAT16) {
            throw wrongType("16-bit");
        }
        return (short[]) carrier();
    }

    /** INT8 and UINT8. */
    public byte[] bytes() {
        if (type != DataType.INT8 && type != DataType.UINT8) {
            throw wrongType("8-bit");
        }
        return (byte[]) carrier();
    }

    public boolean[] bools() {
        return (boolean[]) checked(DataType.BOOL);
    }

    public String[] strings() {
        return (String[]) checked(DataType.STRING);
    }

    /** Element {@code i} (flat, row-major) as a double, whatever the numeric type. */
    public double getDouble(int i) {
        Object d = carrier();
        return switch (type) {
            case FLOAT -> ((float[]) d)[i];
            case DOUBLE -> ((double[]) d)[i];
            case FLOAT16 -> Float16.toFloat(((short[]) d)[i]);
            case BFLOAT16 -> Float.intBitsToFloat(((short[]) d)[i] << 16);
            case INT8 -> ((byte[]) d)[i];
            case UINT8 -> ((byte[]) d)[i] & 0xFF;
            case INT16 -> ((short[]) d)[i];
            case UINT16 -> ((short[]) d)[i] & 0xFFFF;
            case INT32 -> ((int[]) d)[i];
            case UINT32 -> ((int[]) d)[i] & 0xFFFFFFFFL;
            case INT64 -> ((long[]) d)[i];
            case UINT64 -> unsignedToDouble(((long[]) d)[i]);
            case BOOL -> ((boolean[]) d)[i] ? 1 : 0;
            case STRING -> throw wrongType("numeric");
        };
    }

    /** Element {@code i} as a long (floating-point values are truncated toward zero). */
    public long getLong(int i) {
        Object d = carrier();
        return switch (type) {
            case INT8 -> ((byte[]) d)[i];
            case UINT8 -> ((byte[]) d)[i] & 0xFF;
            case INT16 -> ((short[]) d)[i];
            case UINT16 -> ((short[]) d)[i] & 0xFFFF;
            case INT32 -> ((int[]) d)[i];
            case UINT32 -> ((int[]) d)[i] & 0xFFFFFFFFL;
            case INT64, UINT64 -> ((long[]) d)[i];
            case BOOL -> ((boolean[]) d)[i] ? 1 : 0;
            default -> (long) getDouble(i);
        };
    }

    /** A float32 copy of exactly {@link #size()} elements, converted from any numeric type. */
    public float[] toFloatArray() {
        if (type == DataType.FLOAT) {
            return Arrays.copyOf(floats(), size);
        }
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    /** An int64 copy of exactly {@link #size()} elements, converted from any numeric type. */
    public long[] toLongArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** This tensor as another element type (a copy; the same tensor when the type already matches). */
    public Tensor castTo(DataType target) {
        if (target == type) {
            return this;
        }
        Object out = newCarrier(target, size);
        for (int i = 0; i < size; i++) {
            switch (target) {
                case FLOAT -> ((float[]) out)[i] = (float) getDouble(i);
                case DOUBLE -> ((double[]) out)[i] = getDouble(i);
                case FLOAT16 -> ((short[]) out)[i] = Float16.fromFloat((float) getDouble(i));
                case BFLOAT16 -> ((short[]) out)[i] = bfloat16FromFloat((float) getDouble(i));
                case INT8, UINT8 -> ((byte[]) out)[i] = (byte) integral(i);
                case INT16, UINT16 -> ((short[]) out)[i] = (short) integral(i);
                case INT32, UINT32 -> ((int[]) out)[i] = (int) integral(i);
                case INT64, UINT64 -> ((long[]) out)[i] = integral(i);
                case BOOL -> ((boolean[]) out)[i] = getDouble(i) != 0;
                case STRING -> throw new IllegalArgumentException("cannot cast to string");
            }
        }
        return new Tensor(target, shape, out, null);
    }

    private long integral(int i) {
        if (type.isFloatingPoint()) {
            double v = getDouble(i);
            return Double.isNaN(v) ? 0 : (long) v;
        }
        return getLong(i);
    }

    /** The little-endian raw encoding of the elements (a new buffer; not for STRING). */
    public ByteBuffer toRawBytes() {
        if (type == DataType.STRING) {
            throw wrongType("numeric");
        }
        if (data == null && raw != null) {
            return raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer b = ByteBuffer.allocate(size * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        Object d = carrier();
        switch (type) {
            case FLOAT -> b.asFloatBuffer().put((float[]) d, 0, size);
            case DOUBLE -> b.asDoubleBuffer().put((double[]) d, 0, size);
            case FLOAT16, BFLOAT16, INT16, UINT16 -> b.asShortBuffer().put((short[]) d, 0, size);
            case INT8, UINT8 -> b.put((byte[]) d, 0, size);
            case INT32, UINT32 -> b.asIntBuffer().put((int[]) d, 0, size);
            case INT64, UINT64 -> b.asLongBuffer().put((long[]) d, 0, size);
            case BOOL -> {
                boolean[] z = (boolean[]) d;
                for (int i = 0; i < size; i++) {
                    b.put(i, (byte) (z[i] ? 1 : 0));
                }
            }
            default -> throw wrongType("numeric");
        }
        b.rewind();
        return b;
    }

    /** A copy with its own carrier array of exactly {@link #size()} elements. */
    public Tensor copy() {
        Object d = carrier();
        Object out = newCarrier(type, size);
        System.arraycopy(d, 0, out, 0, size);
        return new Tensor(type, shape, out, null);
    }

    /** True when both have the same type, shape and elements (NaN equal to NaN). */
    public boolean contentEquals(Tensor o) {
        if (o.type != type || !Arrays.equals(o.shape, shape)) {
            return false;
        }
        if (type == DataType.STRING) {
            return Arrays.equals(strings(), 0, size, o.strings(), 0, size);
        }
        return toRawBytes().equals(o.toRawBytes());
    }

    @Override
    public String toString() {
        return "Tensor(" + type.displayName() + Arrays.toString(shape) + ")";
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** Product of the sizes; a clear error for negative sizes or more than 2^31-1 elements. */
    public static int elementCount(int[] shape) {
        long n = 1;
        for (int s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= s;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        return (int) n;
    }

    /** A new zeroed carrier array for {@code n} elements of the type. */
    public static Object newCarrier(DataType type, int n) {
        return switch (type) {
            case FLOAT -> new float[n];
            case DOUBLE -> new double[n];
            case FLOAT16, BFLOAT16, INT16, UINT16 -> new short[n];
            case INT8, UINT8 -> new byte[n];
            case INT32, UINT32 -> new int[n];
            case INT64, UINT64 -> new long[n];
            case BOOL -> new boolean[n];
            case STRING -> {
                String[] s = new String[n];
                Arrays.fill(s, "");
                yield s;
            }
        };
    }

    private static void checkCarrier(DataType type, Object data) {
        Class<?> expected = newCarrier(type, 0).getClass();
        if (data == null || data.getClass() != expected) {
            throw new IllegalArgumentException("a " + type.displayName() + " tensor needs a "
                    + expected.getSimpleName() + ", got " + (data == null ? "null" : data.getClass().getSimpleName()));
        }
    }

    private Object checked(DataType expected) {
        if (type != expected) {
            throw wrongType(expected.displayName());
        }
        return carrier();
    }

    private IllegalStateException wrongType(String wanted) {
        return new IllegalStateException("tensor is " + type.displayName() + ", not " + wanted);
    }

    private synchronized Object decode() {
        if (data != null) {
            return data;
        }
        ByteBuffer b = raw.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        Object out = newCarrier(type, size);
        switch (type) {
            case FLOAT -> b.asFloatBuffer().get((float[]) out);
            case DOUBLE -> b.asDoubleBuffer().get((double[]) out);
            case FLOAT16, BFLOAT16, INT16, UINT16 -> b.asShortBuffer().get((short[]) out);
            case INT8, UINT8 -> b.get((byte[]) out);
            case INT32, UINT32 -> b.asIntBuffer().get((int[]) out);
            case INT64, UINT64 -> b.asLongBuffer().get((long[]) out);
            case BOOL -> {
                boolean[] z = (boolean[]) out;
                for (int i = 0; i < size; i++) {
                    z[i] = b.get(i) != 0;
                }
            }
            default -> throw wrongType("numeric");
        }
        data = out;
        raw = null;
        return out;
    }

    private static double unsignedToDouble(long v) {
        double d = (double) (v >>> 1) * 2.0;
        return d + (v & 1);
    }

    private static short bfloat16FromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) 0x7FC0;
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
