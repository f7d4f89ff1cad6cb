package org.ktcj.runtime.kernels;

/**
 * The {@link org.ktcj.runtime.ops.Workspace#scratch} slots the compute kernels use, in one place so
 * that no two buffers a kernel holds at once share a slot. Slots are per thread: a driver running in
 * worker threads gets each worker's own arrays.
 */
public final class Slots {
    /** A block of B packed into panels (GEMM), per worker. */
    public static final int PACK_B = 0;
    /** An edge tile of C, per worker. */
    public static final int TILE = 1;
    /** A block of A packed into panels (GEMM), per worker. */
    public static final int PACK_A = 2;
    /** A padded input plane (depthwise convolution, pooling), per worker. */
    public static final int PLANE = 3;
    /** Column buffer of a transposed convolution, per worker. */
    public static final int COLUMNS = 4;
    /** A convolution's padded, phase-split input, on the calling thread, shared by the workers. */
    public static final int INPUT = 5;
    /** A block of C accumulated away from the output when the output's rows do not split into whole tiles, per worker. */
    public static final int C_BLOCK = 6;

    /** The fixed-point convolution's input as exact floats, on the calling thread, shared by the workers. */
    public static final int FX_INPUT = 7;
    /** The fixed-point convolution's float output of one pass, on the calling thread, shared by the workers. */
    public static final int FX_OUTPUT = 8;

    private Slots() {
    }
}
