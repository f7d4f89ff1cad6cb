package org.ktcj.runtime.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/**
 * Reads and writes NumPy {@code .npy} files: the format tensors go in and out of the {@code ktc} command.
 *
 * <p>Reads format versions 1.0, 2.0 and 3.0; every numeric dtype and bool, in either byte order; C or
 * Fortran order (Fortran data is transposed into the row-major order tensors use); 0-d scalars. Writes
 * little-endian, C order, the header NumPy itself writes (version 1.0, or 2.0 for very long headers),
 * so {@code numpy.load} reads the files and {@code numpy.save} would have written the same bytes.
 *
 * <p>Every problem with a file is a {@link KtcException} whose one-line message starts with the file's
 * name: bad magic, truncation, an unsupported dtype (complex, object, strings, structured), a header
 * that does not match the data's size.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGN = 64;
    /** Java arrays stop just short of 2^31 elements. */
    private static final long MAX_FILE = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /** Reads a .npy file. */
    public static Tensor read(Path file) {
        if (Files.isDirectory(file)) {
            throw new KtcException(file + ": is a directory, not a .npy file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new KtcException(file + ": larger than 2 GiB, the most a tensor holds");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new KtcException(file + ": cannot read: " + IoErrors.reason(e), e);
        }
        return read(bytes, file.toString());
    }

    /**
     * Reads one array from a stream, to its end.
     *
     * @param source names the stream in error messages
     */
    public static Tensor read(InputStream in, String source) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new KtcException(source + ": cannot read: " + IoErrors.reason(e), e);
        }
        return read(bytes, source);
    }

    /**
     * Decodes a whole .npy file held in memory. A little-endian C-order array is not copied: the tensor
     * views {@code data}, which must not change afterwards.
     *
     * @param source names the data in error messages
     */
    public static Tensor read(byte[] data, String source) {
        try {
            return decode(data);
        } catch (IllegalArgumentException e) {
            throw new KtcException(source + ": " + e.getMessage(), e);
        }
    }

    /** The bytes of a .npy file holding the tensor. */
    public static byte[] toBytes(Tensor t) {
        String descr = NpyDtype.descrOf(t.type());
        if (descr == null) {
            throw new KtcException("a " + t.type().displayName() + " tensor has no NumPy dtype; convert it first");
        }
        long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
        byte[] header = wrapHeader(new NpyHeader(descr, false, shape).format());
        ByteBuffer data = t.toRawBytes();
        byte[] out = new byte[header.length + data.remaining()];
        System.arraycopy(header, 0, out, 0, header.length);
        data.get(out, header.length, data.remaining());
        return out;
    }

    /** Writes the tensor as a .npy file to a stream. */
    public static void write(Tensor t, OutputStream out) throws IOException {
        out.write(toBytes(t));
    }

    /**
     * Writes the tensor as a .npy file, atomically: the bytes go to a temporary file beside
     * {@code file}, which is then renamed over it, so a failure never leaves a partial file.
     */
    public static void write(Tensor t, Path file) {
        byte[] bytes = toBytes(t);
        try {
            AtomicFiles.write(file, out -> out.write(bytes));
        } catch (IOException e) {
            throw new KtcException(file + ": cannot write: " + IoErrors.reason(e), e);
        }
    }

    // ---- decoding -------------------------------------------------------------------------------

    private static Tensor decode(byte[] data) {
        if (data.length == 0) {
            throw new IllegalArgumentException("empty file, not a .npy array");
        }
        int m = Math.min(data.length, MAGIC.length);
        if (!Arrays.equals(data, 0, m, MAGIC, 0, m)) {
            throw new IllegalArgumentException("not a NumPy .npy file (bad magic)");
        }
        if (data.length < 8) {
            throw new IllegalArgumentException("truncated: " + data.length + " bytes, not even a .npy preamble");
        }
        int major = data[6] & 0xFF;
        int minor = data[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new IllegalArgumentException("unsupported .npy format version " + major + "." + minor
                    + " (1.0, 2.0 and 3.0 are read)");
        }
        int lengthBytes = major == 1 ? 2 : 4;
        int headerStart = 8 + lengthBytes;
        if (data.length < headerStart) {
            throw new IllegalArgumentException("truncated in the .npy preamble (" + data.length + " bytes)");
        }
        ByteBuffer pre = ByteBuffer.wrap(data, 8, lengthBytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength = major == 1 ? pre.getShort() & 0xFFFF : pre.getInt() & 0xFFFFFFFFL;
        if (headerStart + headerLength > data.length) {
            throw new IllegalArgumentException("truncated: the header needs " + headerLength + " bytes, the file has "
                    + (data.length - headerStart) + " after the preamble");
        }
        String text = new String(data, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader h = NpyHeader.parse(text.strip());
        if (h.descr() == null) {
            throw new IllegalArgumentException("structured dtypes (records) are not supported; save a plain numeric array");
        }
        NpyDtype dtype = NpyDtype.parse(h.descr()).orElseThrow(() -> new IllegalArgumentException(
                "unsupported dtype '" + h.descr() + "' (" + NpyDtype.explain(h.descr())
                        + "); only numeric and bool arrays can be tensors"));
        int[] shape = toIntShape(h);
        int count = Tensor.elementCount(shape);
        int itemSize = dtype.type().byteSize();
        long need = (long) count * itemSize;
        int dataStart = headerStart + (int) headerLength;
        long have = data.length - dataStart;
        if (have < need) {
            throw new IllegalArgumentException("truncated: shape " + h.shapeText() + " of " + h.descr() + " needs "
                    + need + " data bytes, the file has " + have);
        }
        if (have > need) {
            throw new IllegalArgumentException("the file has " + have + " data bytes but shape " + h.shapeText()
                    + " of " + h.descr() + " needs " + need);
        }
        boolean fortran = h.fortranOrder() && shape.length > 1;
        if (!fortran && !dtype.bigEndian()) {
            return Tensor.fromRaw(dtype.type(), shape, ByteBuffer.wrap(data, dataStart, (int) need));
        }
        byte[] le = reorder(data, dataStart, shape, itemSize, fortran, dtype.bigEndian());
        return Tensor.fromRaw(dtype.type(), shape, ByteBuffer.wrap(le));
    }

    private static int[] toIntShape(NpyHeader h) {
        long[] dims = h.shape();
        int[] shape = new int[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            count *= dims[i];
            if (dims[i] > Integer.MAX_VALUE || count > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + h.shapeText() + " has more than 2^31-1 elements");
            }
            shape[i] = (int) dims[i];
        }
        return shape;
    }

    /**
     * Copies the data into little-endian, row-major order: element by element, reversing each element's
     * bytes for big-endian data, and reading column-major (Fortran) data through its strides.
     */
    private static byte[] reorder(byte[] src, int start, int[] shape, int itemSize, boolean fortran, boolean swap) {
        int count = Tensor.elementCount(shape);
        int rank = shape.length;
        long[] stride = new long[rank];
        for (int k = 0; k < rank; k++) {
            stride[k] = fortran ? (k == 0 ? 1 : stride[k - 1] * shape[k - 1]) : 0;
        }
        int[] index = new int[rank];
        long from = 0;
        byte[] out = new byte[count * itemSize];
        for (int c = 0; c < count; c++) {
            int s = start + (int) ((fortran ? from : c) * itemSize);
            int d = c * itemSize;
            for (int b = 0; b < itemSize; b++) {
                out[d + b] = src[swap ? s + itemSize - 1 - b : s + b];
            }
            if (fortran) {
                // Advance the row-major index (last axis fastest) and its column-major offset with it.
                for (int k = rank - 1; k >= 0; k--) {
                    from += stride[k];
                    if (++index[k] < shape[k]) {
                        break;
                    }
                    from -= stride[k] * shape[k];
                    index[k] = 0;
                }
            }
        }
        return out;
    }

    // ---- encoding -------------------------------------------------------------------------------

    /** Magic, version, length and the header padded with spaces to a 64-byte boundary, ending in '\n'. */
    private static byte[] wrapHeader(String header) {
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        int major = 1;
        int prefix = MAGIC.length + 2 + 2;
        int padded = paddedLength(prefix, text.length);
        if (padded > 0xFFFF) {
            major = 2;
            prefix = MAGIC.length + 2 + 4;
            padded = paddedLength(prefix, text.length);
        }
        ByteBuffer b = ByteBuffer.allocate(prefix + padded).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) padded);
        } else {
            b.putInt(padded);
        }
        b.put(text);
        while (b.remaining() > 1) {
            b.put((byte) ' ');
        }
        b.put((byte) '\n');
        return b.array();
    }

    /** The header's length after padding, exactly as NumPy computes it (a full 64 spaces when already aligned). */
    private static int paddedLength(int prefix, int textLength) {
        int withNewline = textLength + 1;
        return withNewline + ALIGN - ((prefix + withNewline) % ALIGN);
    }
}
