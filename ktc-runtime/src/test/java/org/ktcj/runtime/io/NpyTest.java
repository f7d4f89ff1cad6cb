package org.ktcj.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktcj.KtcException;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Float16;
import org.ktcj.ir.Tensor;

/**
 * The byte layouts here are built by hand after NumPy 1.24's {@code numpy.lib.format}: magic
 * {@code \x93NUMPY}, version, little-endian header length, the header dictionary padded with spaces to a
 * 64-byte boundary and ended by a newline, then the raw elements.
 */
class NpyTest {
    /** One dtype: its kind and size code, the tensor type, and six values (reals for floats, ints else). */
    record Case(String code, DataType type, double[] reals, long[] ints) {
        @Override
        public String toString() {
            return code;
        }
    }

    private static final List<Case> CASES = List.of(
            new Case("f4", DataType.FLOAT, new double[] {0, -1.5, 0x1p100, 0x1p-149, -0.0, 65504}, null),
            new Case("f8", DataType.DOUBLE, new double[] {0, -1.5, 1e300, Double.MIN_VALUE, -0.0, Math.PI}, null),
            new Case("f2", DataType.FLOAT16, new double[] {0, -1.5, 65504, 0x1p-24, -0.0, 0.333251953125}, null),
            new Case("i1", DataType.INT8, null, new long[] {-128, 127, 0, -1, 1, 42}),
            new Case("u1", DataType.UINT8, null, new long[] {0, 255, 128, 1, 127, 200}),
            new Case("i2", DataType.INT16, null, new long[] {-32768, 32767, 0, -1, 258, -300}),
            new Case("u2", DataType.UINT16, null, new long[] {0, 65535, 32768, 1, 258, 40000}),
            new Case("i4", DataType.INT32, null, new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 16909060, -70000}),
            new Case("u4", DataType.UINT32, null, new long[] {0, 4294967295L, 2147483648L, 1, 16909060, 3000000000L}),
            new Case("i8", DataType.INT64, null, new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 0x0102030405060708L, -5}),
            // uint64 as its bit pattern: -1 is 2^64-1, MIN_VALUE is 2^63
            new Case("u8", DataType.UINT64, null, new long[] {0, -1, Long.MIN_VALUE, 1, 0x0102030405060708L, 12345}),
            new Case("b1", DataType.BOOL, null, new long[] {1, 0, 1, 1, 0, 0}));

    static Stream<Arguments> dtypesAndOrders() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : CASES) {
            if (c.type().byteSize() == 1) {
                out.add(Arguments.of(c, "|"));
            } else {
                out.add(Arguments.of(c, "<"));
                out.add(Arguments.of(c, ">"));
            }
        }
        return out.stream();
    }

    // ---- layouts --------------------------------------------------------------------------------

    /** A version 1.0 file as NumPy 1.24 writes small arrays: the header fills exactly 128 bytes. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        assertTrue(dict.length() < 117, "test layout holds short headers only");
        return preamble(1, dict + " ".repeat(117 - dict.length()) + "\n", data);
    }

    static byte[] preamble(int major, String header, byte[] data) {
        byte[] text = header.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer b = ByteBuffer.allocate(6 + 2 + (major == 1 ? 2 : 4) + text.length + data.length)
                .order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) major).put((byte) 0);
        if (major == 1) {
            b.putShort((short) text.length);
        } else {
            b.putInt(text.length);
        }
        return b.put(text).put(data).array();
    }

    static byte[] encode(Case c, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(6 * c.type().byteSize()).order(order);
        for (int i = 0; i < 6; i++) {
            switch (c.type()) {
                case FLOAT -> b.putFloat((float) c.reals()[i]);
                case DOUBLE -> b.putDouble(c.reals()[i]);
                case FLOAT16 -> b.putShort(Float16.fromFloat((float) c.reals()[i]));
                case INT8, UINT8, BOOL -> b.put((byte) c.ints()[i]);
                case INT16, UINT16 -> b.putShort((short) c.ints()[i]);
                case INT32, UINT32 -> b.putInt((int) c.ints()[i]);
                case INT64, UINT64 -> b.putLong(c.ints()[i]);
                default -> throw new AssertionError(c);
            }
        }
        return b.array();
    }

    static byte[] floatsLE(float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    // ---- round trips ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{1}{0}")
    @MethodSource("dtypesAndOrders")
    void decodesEveryDtypeInEitherByteOrderAndWritesNumpysBytes(Case c, String order) {
        ByteOrder bo = order.equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        Tensor t = Npy.read(npy(order + c.code(), false, "(2, 3)", encode(c, bo)), "case.npy");

        assertEquals(c.type(), t.type());
        assertArrayEquals(new int[] {2, 3}, t.shape());
        for (int i = 0; i < 6; i++) {
            if (c.reals() != null) {
                assertEquals(c.reals()[i], t.getDouble(i), "element " + i);
            } else {
                assertEquals(c.ints()[i], t.getLong(i), "element " + i);
            }
        }
        String written = c.type().byteSize() == 1 ? "|" : "<";
        byte[] expected = npy(written + c.code(), false, "(2, 3)", encode(c, ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(expected, Npy.toBytes(t));
        assertTrue(t.contentEquals(Npy.read(Npy.toBytes(t), "again.npy")));
    }

    @Test
    void writesZeroDimensionalScalarsAndEmptyArraysLikeNumpy() {
        Tensor scalar = Tensor.wrap(DataType.DOUBLE, new int[0], new double[] {3.5});
        byte[] bytes = Npy.toBytes(scalar);
        ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(3.5);
        assertArrayEquals(npy("<f8", false, "()", data.array()), bytes);
        Tensor back = Npy.read(bytes, "s.npy");
        assertEquals(0, back.rank());
        assertEquals(3.5, back.getDouble(0));

        Tensor empty = Tensor.zeros(DataType.FLOAT, 2, 0);
        assertArrayEquals(npy("<f4", false, "(2, 0)", new byte[0]), Npy.toBytes(empty));
        assertArrayEquals(new int[] {2, 0}, Npy.read(Npy.toBytes(empty), "e.npy").shape());

        Tensor vector = Tensor.ofInts(new int[] {7}, 1);
        assertArrayEquals(npy("<i4", false, "(1,)", new byte[] {7, 0, 0, 0}), Npy.toBytes(vector));
    }

    @Test
    void transposesFortranOrderIntoRowMajor() {
        // Column-major: the first axis varies fastest in the file.
        ByteBuffer f = ByteBuffer.allocate(24 * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.allocate(24 * 2).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    f.putFloat(100 * i + 10 * j + k);
                    be.putShort((short) (100 * i + 10 * j + k));
                }
            }
        }
        Tensor t = Npy.read(npy("<f4", true, "(2, 3, 4)", f.array()), "f.npy");
        Tensor s = Npy.read(npy(">i2", true, "(2, 3, 4)", be.array()), "s.npy");
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        int n = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++, n++) {
                    assertEquals(100 * i + 10 * j + k, t.getDouble(n), "element " + n);
                    assertEquals(100 * i + 10 * j + k, s.getLong(n), "element " + n);
                }
            }
        }
        // A 1-d Fortran array is the same as a C one.
        Tensor v = Npy.read(npy("<f4", true, "(3,)", floatsLE(1, 2, 3)), "v.npy");
        assertArrayEquals(new float[] {1, 2, 3}, v.toFloatArray());
    }

    @Test
    void readsFormatVersionsTwoAndThreeAndUnalignedHeaders() {
        String dict = "{'shape': (2,), 'fortran_order': False, 'descr': '<f4'}\n";
        for (int major = 1; major <= 3; major++) {
            Tensor t = Npy.read(preamble(major, dict, floatsLE(1.5f, -2)), "v" + major + ".npy");
            assertArrayEquals(new float[] {1.5f, -2}, t.toFloatArray());
        }
        // Python 2's NumPy wrote sizes as longs.
        Tensor old = Npy.read(preamble(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2L,), }\n",
                floatsLE(1, 2)), "py2.npy");
        assertArrayEquals(new int[] {2}, old.shape());
    }

    @Test
    void acceptsBoolAliasAndOneByteTypesWithAnExplicitOrder() {
        assertEquals(DataType.BOOL, Npy.read(npy("|?", false, "(1,)", new byte[] {1}), "b.npy").type());
        assertEquals(-1, Npy.read(npy("<i1", false, "(1,)", new byte[] {-1}), "i.npy").getLong(0));
    }

    @Test
    void writesLongHeadersAsVersionTwo() {
        int[] shape = new int[22000];
        Arrays.fill(shape, 1);
        byte[] bytes = Npy.toBytes(Tensor.zeros(DataType.FLOAT, shape));
        assertEquals(2, bytes[6]);
        assertEquals(0, (bytes.length - 4) % 64);
        assertEquals(22000, Npy.read(bytes, "long.npy").rank());
    }

    // ---- files and streams ----------------------------------------------------------------------

    @Test
    void readsFromPathAndStreamAndWritesAtomically(@TempDir Path dir) throws IOException {
        Tensor t = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        Path file = dir.resolve("t.npy");
        Files.writeString(file, "old contents");
        Npy.write(t, file);
        assertTrue(t.contentEquals(Npy.read(file)));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(t, out);
        assertTrue(t.contentEquals(Npy.read(new ByteArrayInputStream(out.toByteArray()), "stream")));
    }

    @Test
    void failedWriteLeavesNothing(@TempDir Path dir) {
        Path missingDir = dir.resolve("nope/t.npy");
        KtcException e = assertThrows(KtcException.class, () -> Npy.write(Tensor.scalar(1), missingDir));
        assertTrue(e.getMessage().startsWith(missingDir + ": cannot write"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("nope")));

        Tensor bf = Tensor.zeros(DataType.BFLOAT16, 2);
        Path file = dir.resolve("bf.npy");
        e = assertThrows(KtcException.class, () -> Npy.write(bf, file));
        assertEquals("a bfloat16 tensor has no NumPy dtype; convert it first", e.getMessage());
        assertFalse(Files.exists(file));
    }

    @Test
    void missingFileAndDirectoryAreNamed(@TempDir Path dir) {
        Path missing = dir.resolve("missing.npy");
        assertEquals(missing + ": cannot read: no such file or directory",
                assertThrows(KtcException.class, () -> Npy.read(missing)).getMessage());
        assertEquals(dir + ": is a directory, not a .npy file",
                assertThrows(KtcException.class, () -> Npy.read(dir)).getMessage());
    }

    // ---- bad files ------------------------------------------------------------------------------

    static Stream<Arguments> badFiles() {
        byte[] good = npy("<f4", false, "(2,)", floatsLE(1, 2));
        return Stream.of(
                Arguments.of("empty", new byte[0], "empty file, not a .npy array"),
                Arguments.of("bad magic", "PK\3\4 a zip file".getBytes(StandardCharsets.ISO_8859_1),
                        "not a NumPy .npy file (bad magic)"),
                Arguments.of("magic only", Arrays.copyOf(good, 6), "truncated: 6 bytes, not even a .npy preamble"),
                Arguments.of("no length", Arrays.copyOf(good, 9), "truncated in the .npy preamble (9 bytes)"),
                Arguments.of("cut header", Arrays.copyOf(good, 50),
                        "truncated: the header needs 118 bytes, the file has 40 after the preamble"),
                Arguments.of("cut data", Arrays.copyOf(good, good.length - 1),
                        "truncated: shape (2,) of <f4 needs 8 data bytes, the file has 7"),
                Arguments.of("extra data", Arrays.copyOf(good, good.length + 4),
                        "the file has 12 data bytes but shape (2,) of <f4 needs 8"),
                Arguments.of("version", preamble(4, "{}\n", new byte[0]),
                        "unsupported .npy format version 4.0 (1.0, 2.0 and 3.0 are read)"),
                Arguments.of("complex", npy("<c8", false, "(1,)", new byte[8]),
                        "unsupported dtype '<c8' (complex); only numeric and bool arrays can be tensors"),
                Arguments.of("object", npy("|O", false, "(1,)", new byte[8]),
                        "unsupported dtype '|O' (Python objects); only numeric and bool arrays can be tensors"),
                Arguments.of("unicode", npy("<U3", false, "(1,)", new byte[12]),
                        "unsupported dtype '<U3' (strings); only numeric and bool arrays can be tensors"),
                Arguments.of("float128", npy("<f16", false, "(1,)", new byte[16]),
                        "unsupported dtype '<f16' (a float size other than 2, 4 or 8 bytes); only numeric and bool arrays can be tensors"),
                Arguments.of("structured", preamble(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }\n",
                        new byte[4]), "structured dtypes (records) are not supported; save a plain numeric array"),
                Arguments.of("missing key", preamble(1, "{'descr': '<f4', 'shape': (1,)}\n", new byte[4]),
                        "header has keys [descr, shape], expected [descr, fortran_order, shape]"),
                Arguments.of("not a dict", preamble(1, "(1, 2)\n", new byte[4]), "header is not a dictionary"),
                Arguments.of("garbage", preamble(1, "{'descr': <f4}\n", new byte[4]),
                        "malformed header at character 10: unexpected '<'"),
                Arguments.of("negative", npy("<f4", false, "(-1,)", new byte[0]),
                        "header 'shape' (-1,) is not a tuple of sizes"),
                Arguments.of("too large", npy("<f4", false, "(65536, 65536)", new byte[0]),
                        "shape (65536, 65536) has more than 2^31-1 elements"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFiles")
    void badFilesGiveOneLineNamingTheFile(String what, byte[] bytes, String message) {
        KtcException e = assertThrows(KtcException.class, () -> Npy.read(bytes, "in.npy"));
        assertEquals("in.npy: " + message, e.getMessage());
    }
}
