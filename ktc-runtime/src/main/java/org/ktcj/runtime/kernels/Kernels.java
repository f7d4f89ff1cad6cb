package org.ktcj.runtime.kernels;

/**
 * The innermost loops of the float operators, in two variants with bit-identical results: one on the
 * JDK Vector API ({@code jdk.incubator.vector}) and a plain scalar one. Drivers ({@link Gemm},
 * {@link ConvGemm}, {@link Depthwise}, {@link Pooling}, {@link TransposedConv}) do the blocking, packing and threading in
 * ordinary Java and call these for the arithmetic.
 *
 * <p>Every variant sums a dot product in the same order, one fused multiply-add at a time from zero
 * (k = 0, 1, 2, ...), and adds a bias after the sum. That is also the order of the naive references the
 * tests compare against, so results are the same bit for bit whatever the variant, the vector width,
 * the blocking or the thread count.
 *
 * <p>The Vector API is an incubator module: a host application started without
 * {@code --add-modules jdk.incubator.vector} does not have it. {@link #preferred()} checks once and
 * falls back to {@link #scalar()}; only {@code VectorKernels} refers to the module's classes, and it is
 * loaded by name only when the module is present. The system property {@code ktc.simd=false} forces the
 * scalar variant.
 */
public abstract class Kernels {
    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = vectorVariant("org.ktcj.runtime.kernels.VectorKernels", Kernels.class);
    private static final Kernels PREFERRED = VECTOR != null && simdWanted() ? VECTOR : SCALAR;

    Kernels() {
    }

    /** The variant operators use: vector when the module is present and not disabled, else scalar. */
    public static Kernels preferred() {
        return PREFERRED;
    }

    /** The plain Java variant. */
    public static Kernels scalar() {
        return SCALAR;
    }

    /** The Vector API variant, or null when the module is not present in this JVM. */
    public static Kernels vector() {
        return VECTOR;
    }

    /** False when the system property {@code ktc.simd} is "false": the plain Java variants are to run. */
    public static boolean simdWanted() {
        return !"false".equalsIgnoreCase(System.getProperty("ktc.simd", "true"));
    }

    /**
     * A Vector API variant, made by name through its no-argument constructor so that no other class
     * refers to it or to the module; null when {@code jdk.incubator.vector} is not in this JVM.
     */
    public static <T> T vectorVariant(String className, Class<T> type) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return null;
        }
        try {
            java.lang.reflect.Constructor<?> c = Class.forName(className).getDeclaredConstructor();
            c.setAccessible(true);
            return type.cast(c.newInstance());
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return null;
        }
    }

    /** "vector-256" or "scalar", for logs and benchmark reports. */
    public abstract String name();

    /** Rows of the GEMM register tile: packed A panels hold this many rows. */
    public abstract int mr();

    /** Columns of the GEMM register tile: packed B panels are this wide. */
    public abstract int nr();

    /**
     * Elements the row kernels handle at once. Their inputs must stay readable this far past the last
     * element a row needs (drivers pad their scratch rows to a multiple of it).
     */
    public abstract int lanes();

    /**
     * One full {@code mr() x nr()} tile of C = A B over {@code kc} steps, A and B packed in panels:
     * {@code c[co + i*ldc + j] = (acc ? c[..] : 0) + sum_k a[ao + k*mr + i] * b[bo + k*nr + j]}, a fused
     * multiply-add per k in increasing k.
     *
     * <p>Bias and clamp come after, from {@link #finishTile}: with them in this method, C2 on JDK 17
     * compiled the FusedConv variant of the loop with its vectors boxed (an allocation per step, five to
     * ten times slower), and kept that code for every convolution after it.
     */
    public abstract void gemmTile(int kc, float[] a, int ao, float[] b, int bo, float[] c, int co, int ldc,
            boolean acc);

    /**
     * The end of a tile: {@code c[co + i*ldc + j] += bias[biasOff + i]} when {@code bias} is not null,
     * then, when {@code clamp} (lower and upper limit) is not null, {@code min(max(v, clamp[0]), clamp[1])}.
     */
    public abstract void finishTile(float[] c, int co, int ldc, float[] bias, int biasOff, float[] clamp);

    /**
     * One row of C = A B across {@code n} columns of packed B panels (a matrix-vector product, where a
     * whole tile would be mostly padding): {@code c[co + j] = (acc ? c[co + j] : 0) + sum_k
     * a[ao + k * aStep] * b[bo + (j / nr) * panelStride + k * nr + j % nr]}, summed as {@link #gemmTile}
     * sums, then {@code + bias[biasOff]} when {@code bias} is not null, then the clamp. {@code tmp} holds
     * {@code nr()} floats.
     */
    public abstract void gemmRow(int kc, float[] a, int ao, int aStep, float[] b, int bo, int panelStride, int n,
            float[] c, int co, boolean acc, float[] bias, int biasOff, float[] clamp, float[] tmp);

    /**
     * Splits {@code rows} rows of {@code 2 * pairs} floats, row r at {@code src[s + r * srcPitch ..]}, into
     * the even ones ({@code even[e + r * dstPitch ..]}) and the odd ones ({@code odd[o + r * dstPitch ..]}).
     */
    public abstract void deinterleave(float[] src, int s, int srcPitch, int pairs, int rows, float[] even, int e,
            float[] odd, int o, int dstPitch);

    /** Copies {@code nr()} floats from {@code src[s ..]} to {@code dst[d ..]}: a row of a B panel. */
    public abstract void copyPanel(float[] src, int s, float[] dst, int d);

    /**
     * The output rows of one plane of a depthwise convolution, from its padded copy ({@link PaddedPlane}):
     * output {@code (oy, x)} is {@code sum_t w[wo + t] * p[oy * rowStep + tap[t] + x * step]}, the taps
     * summed in order with fused multiply-adds from zero, then {@code + bias}, then limited to
     * {@code clamp} ({lower, upper}) when it is not null; stored at {@code y[yo + oy * outW + x]}.
     * {@code p} is readable a whole number of {@link #lanes()} past each full-resolution row
     * ({@code (outW - 1) * step + 1} columns) and {@code tmp} holds that many floats.
     */
    public abstract void depthwisePlane(float[] p, int rowStep, int[] tap, int taps, float[] w, int wo, float bias,
            float[] clamp, float[] y, int yo, int outH, int outW, int step, float[] tmp);

    /**
     * As {@link #depthwisePlane}, the largest of the taps as {@code if (v > m) m = v} finds it from -inf
     * (ONNX Runtime's rule: a NaN never wins, and of -0 and +0 the first stays).
     */
    public abstract void maxPlane(float[] p, int rowStep, int[] tap, int taps, float[] y, int yo, int outH, int outW,
            int step, float[] tmp);

    /**
     * As {@link #depthwisePlane}, the sum of the taps in order from zero divided by
     * {@code rowCount[oy] * colCount[x]}; {@code colCount} is readable as far as a row of {@code p}.
     */
    public abstract void averagePlane(float[] p, int rowStep, int[] tap, int taps, float[] rowCount, float[] colCount,
            float[] y, int yo, int outH, int outW, int step, float[] tmp);

    /** The largest of {@code x[off .. off+n)} as {@link Math#max} folds them (NaN wins); -inf when n is 0. */
    public abstract float max(float[] x, int off, int n);

    @Override
    public String toString() {
        return name();
    }
}
