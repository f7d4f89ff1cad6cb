package org.ktcj.runtime.ops;

/**
 * Element moves over any carrier array (float[], long[], int[], short[], byte[], double[], boolean[],
 * String[]) for the data-movement operators. Contiguous runs go through {@link System#arraycopy}; the
 * two access patterns it cannot express (a strided run and an indexed gather) have one typed loop per
 * carrier kind here, so the operators above them are written once for every element type.
 */
final class CarrierCopy {
    private CarrierCopy() {
    }

    /** {@code dst[dstOff + i] = src[srcOff + i * srcStride]} for {@code i < n}; the stride may be negative. */
    static void strided(Object src, int srcOff, int srcStride, Object dst, int dstOff, int n) {
        if (srcStride == 1) {
            System.arraycopy(src, srcOff, dst, dstOff, n);
        } else if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                d[dstOff + i] = s[j];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                d[dstOff + i] = s[j];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                d[dstOff + i] = s[j];
            }
        } else if (src instanceof short[] s) {
            short[] d = (short[]) dst;
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                d[dstOff + i] = s[j];
            }
        } else if (src instanceof byte[] s) {
            byte[] d = (byte[]) dst;
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                d[dstOff + i] = s[j];
            }
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                d[dstOff + i] = s[j];
            }
        } else {
            for (int i = 0, j = srcOff; i < n; i++, j += srcStride) {
                System.arraycopy(src, j, dst, dstOff + i, 1); // boolean[] and String[]: rare
            }
        }
    }

    /** {@code dst[dstOff + i] = src[base + index[indexOff + i]]} for {@code i < n}. */
    static void gather(Object src, int base, int[] index, int indexOff, Object dst, int dstOff, int n) {
        if (src instanceof float[] s) {
            float[] d = (float[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = s[base + index[indexOff + i]];
            }
        } else if (src instanceof long[] s) {
            long[] d = (long[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = s[base + index[indexOff + i]];
            }
        } else if (src instanceof int[] s) {
            int[] d = (int[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = s[base + index[indexOff + i]];
            }
        } else if (src instanceof short[] s) {
            short[] d = (short[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = s[base + index[indexOff + i]];
            }
        } else if (src instanceof byte[] s) {
            byte[] d = (byte[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = s[base + index[indexOff + i]];
            }
        } else if (src instanceof double[] s) {
            double[] d = (double[]) dst;
            for (int i = 0; i < n; i++) {
                d[dstOff + i] = s[base + index[indexOff + i]];
            }
        } else {
            for (int i = 0; i < n; i++) {
                System.arraycopy(src, base + index[indexOff + i], dst, dstOff + i, 1);
            }
        }
    }

    /**
     * Given a block of {@code block} elements at {@code arr[off]}, makes {@code [off, off + block * times)}
     * hold {@code times} copies of it, by doubling copies.
     */
    static void repeat(Object arr, int off, int block, int times) {
        long total = (long) block * times;
        long done = block;
        while (done < total) {
            int n = (int) Math.min(done, total - done);
            System.arraycopy(arr, off, arr, off + (int) done, n);
            done += n;
        }
    }

    /** Fills {@code dst[off, off + n)} with element 0 of {@code value} (a carrier of the same kind). */
    static void fill(Object dst, int off, int n, Object value) {
        if (n > 0) {
            System.arraycopy(value, 0, dst, off, 1);
            repeat(dst, off, 1, n);
        }
    }
}
