package org.ktcj.runtime.fx;

import java.util.Arrays;

/**
 * The inner loop of the integer Conv and Gemm: one row of a matrix product, exact. Products are summed
 * in int over blocks of k short enough that the sum cannot overflow (int8 x int8 sums stay exact for
 * 2^17 terms), then added into long; when the block would be too short to pay off, in long directly.
 * The loops over columns are plain array loops that C2 vectorizes.
 */
final class IntProduct {
    /** Below this many terms per int block, summing in long directly is faster. */
    private static final int MIN_INT_BLOCK = 16;

    private IntProduct() {
    }

    /**
     * How many products of magnitude up to {@code maxA * maxB} an int sums without overflow (at least 1).
     */
    static int intBlock(long maxA, long maxB) {
        long p = Math.max(1, maxA * maxB);
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Integer.MAX_VALUE / p));
    }

    /**
     * {@code acc[j] = sum_k a[aOff + k] * b[bOff + k * ldb + j]} for {@code j < cols}, {@code k < depth}.
     *
     * @param block the int block from {@link #intBlock}
     * @param part  scratch of at least {@code cols} ints
     */
    static void row(int[] a, int aOff, int depth, int[] b, int bOff, int ldb, int cols, int block, int[] part,
            long[] acc) {
        Arrays.fill(acc, 0, cols, 0L);
        if (block < MIN_INT_BLOCK) {
            for (int k = 0; k < depth; k++) {
                long av = a[aOff + k];
                if (av != 0) {
                    int bo = bOff + k * ldb;
                    for (int j = 0; j < cols; j++) {
                        acc[j] += av * b[bo + j];
                    }
                }
            }
            return;
        }
        for (int k0 = 0; k0 < depth; k0 += block) {
            int k1 = Math.min(depth, k0 + block);
            Arrays.fill(part, 0, cols, 0);
            for (int k = k0; k < k1; k++) {
                int av = a[aOff + k];
                if (av != 0) { // zero weights (pruned, or int4 rounding) cost nothing
                    int bo = bOff + k * ldb;
                    for (int j = 0; j < cols; j++) {
                        part[j] += av * b[bo + j];
                    }
                }
            }
            for (int j = 0; j < cols; j++) {
                acc[j] += part[j];
            }
        }
    }
}
