package org.ktcj.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void rawDataIsDecodedLittleEndianOnFirstUse() {
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        b.putFloat(1.5f).putFloat(-2f).putFloat(3.25f).flip();
        Tensor t = Tensor.fromRaw(DataType.FLOAT, new int[] {3}, b);
        assertArrayEquals(new float[] {1.5f, -2f, 3.25f}, t.floats());
        assertEquals(b.duplicate().rewind(), t.toRawBytes().rewind());
    }

    @Test
    void rawDataOfTheWrongLengthIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.fromRaw(DataType.INT64, new int[] {2}, ByteBuffer.allocate(12)));
        assertEquals("raw data has 12 bytes, a int64 tensor of shape [2] needs 16", e.getMessage());
    }

    @Test
    void unsignedValuesReadAsUnsigned() {
        Tensor u8 = Tensor.wrap(DataType.UINT8, new int[] {2}, new byte[] {(byte) 255, 1});
        assertEquals(255.0, u8.getDouble(0));
        Tensor u64 = Tensor.wrap(DataType.UINT64, new int[] {1}, new long[] {-1L});
        assertEquals(18446744073709551615.0, u64.getDouble(0));
    }

    @Test
    void castFollowsOnnxRules() {
        Tensor f = Tensor.of(new float[] {-1.7f, 2.9f, Float.NaN, 0f}, 4);
        // numpy: np.array([-1.7, 2.9, nan, 0], np.float32).astype(np.int64) truncates toward zero
        assertArrayEquals(new long[] {-1, 2, 0, 0}, f.castTo(DataType.INT64).longs());
        assertArrayEquals(new boolean[] {true, true, true, false}, f.castTo(DataType.BOOL).bools());
        assertEquals(f, f.castTo(DataType.FLOAT));
    }

    @Test
    void float16ConversionsRoundToNearestEven() {
        // numpy: np.float16(x).view(np.uint16) for each x
        float[] in = {0f, -0f, 1f, 65504f, 1e-7f, 5.960464477539063e-08f, 1.0009765625f, 1.00048828125f, 70000f, Float.NaN};
        int[] bits = {0x0000, 0x8000, 0x3C00, 0x7BFF, 0x0002, 0x0001, 0x3C01, 0x3C00, 0x7C00, 0x7E00};
        for (int i = 0; i < in.length; i++) {
            assertEquals(bits[i], Float16.fromFloat(in[i]) & 0xFFFF, "fp16 bits of " + in[i]);
        }
        assertEquals(65504f, Float16.toFloat((short) 0x7BFF));
        assertEquals(5.960464477539063e-08f, Float16.toFloat((short) 0x0001));
        assertTrue(Float.isNaN(Float16.toFloat((short) 0x7E00)));
    }

    @Test
    void reshapeSharesData() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        Tensor r = t.reshape(3, 2);
        assertTrue(r.floats() == data);
        assertThrows(IllegalArgumentException.class, () -> t.reshape(4, 2));
    }

    @Test
    void carrierMayBeLongerThanTheTensorButCopyIsExact() {
        Tensor t = Tensor.wrap(DataType.FLOAT, new int[] {2}, new float[] {1, 2, 99});
        assertEquals(2, t.size());
        assertArrayEquals(new float[] {1, 2}, t.copy().floats());
        assertArrayEquals(new float[] {1, 2}, t.toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DataType.FLOAT, new int[] {4}, new float[3]));
        assertThrows(IllegalArgumentException.class, () -> Tensor.wrap(DataType.INT64, new int[] {1}, new float[1]));
    }

    @Test
    void contentEqualityComparesTypeShapeAndBytes() {
        Tensor a = Tensor.of(new float[] {1, Float.NaN}, 2);
        assertTrue(a.contentEquals(Tensor.of(new float[] {1, Float.NaN}, 2)));
        assertTrue(!a.contentEquals(Tensor.of(new float[] {1, Float.NaN}, 1, 2)));
    }
}
