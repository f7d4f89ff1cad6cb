package org.ktcj.runtime.fx;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/** Moves between the INT8/INT16 carriers of the fixed-point tensors and the int and long working arrays. */
final class IntArrays {
    private IntArrays() {
    }

    /** The tensor's elements as ints (INT8 or INT16 carriers). */
    static int[] widen(Tensor t) {
        int n = t.size();
        int[] out = new int[n];
        Object c = t.carrier();
        if (c instanceof byte[] b) {
            for (int i = 0; i < n; i++) {
                out[i] = b[i];
            }
        } else {
            short[] s = (short[]) c;
            for (int i = 0; i < n; i++) {
                out[i] = s[i];
            }
        }
        return out;
    }

    /** Stores {@code v[0, n)} (already in range) into a byte[] or short[] carrier at {@code off}. */
    static void store(long[] v, int n, Object out, int off) {
        if (out instanceof byte[] b) {
            for (int j = 0; j < n; j++) {
                b[off + j] = (byte) v[j];
            }
        } else {
            short[] s = (short[]) out;
            for (int j = 0; j < n; j++) {
                s[off + j] = (short) v[j];
            }
        }
    }

    /** The largest magnitude a value of the type can have: 128 for INT8, 32768 for INT16. */
    static long maxMagnitude(DataType t) {
        return t == DataType.INT8 ? 128 : 32768;
    }

    /** The largest magnitude among {@code v}. */
    static long maxMagnitude(int[] v) {
        long max = 0;
        for (int x : v) {
            max = Math.max(max, Math.abs((long) x));
        }
        return max;
    }
}
