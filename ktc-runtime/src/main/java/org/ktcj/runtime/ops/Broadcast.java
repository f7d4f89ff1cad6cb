package org.ktcj.runtime.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Shape;

/**
 * NumPy multidirectional broadcasting: the output shape of several inputs ({@link #shape}) and a walk
 * over the output that gives every input's matching element ({@link #forEachRun}, {@link #index}).
 *
 * <p>A {@code Broadcast} is made once per combination of concrete shapes. It drops dimensions of size
 * 1 and merges neighbouring dimensions that every input treats alike, so the output falls into a few
 * long runs along which each input either advances one element at a time or stays on one element.
 * Same-shaped inputs give a single run; a scalar or a per-channel bias ({@code [C,1,1]} against
 * {@code [N,C,H,W]}) gives runs of {@code H*W} with the bias constant along each. Loops over runs need
 * no index arithmetic per element:
 *
 * <pre>{@code
 * Broadcast b = Broadcast.of(out, shapeA, shapeB);
 * int sa = b.innerStride(0), sb = b.innerStride(1);
 * b.forEachRun(0, b.size(), (o, n, in) -> {
 *     for (int i = 0; i < n; i++) y[o + i] = x[in[0] + i * sa] + z[in[1] + i * sb];
 * });
 * }</pre>
 *
 * Instances are immutable and may be shared between threads.
 */
public final class Broadcast {
    private final int[] outShape;
    private final int size;
    /** The merged output dimensions, outermost first; never empty. */
    private final int[] dims;
    /** strides[k][j]: how far input k moves for one step along merged dimension j (0 = broadcast). */
    private final int[][] strides;

    /** Visits one run of consecutive output elements. */
    @FunctionalInterface
    public interface RunVisitor {
        /**
         * @param outStart the run's first output index
         * @param length   the run's length (at least 1)
         * @param inStarts each input's index for the run's first element; along the run input k moves
         *                 by {@link #innerStride(int) innerStride(k)}. Read-only, valid during the call.
         */
        void run(int outStart, int length, int[] inStarts);
    }

    private Broadcast(int[] outShape, int[][] inShapes) {
        this.outShape = outShape.clone();
        long n = 1;
        for (int d : outShape) {
            n *= d;
        }
        this.size = Math.toIntExact(n);
        int rank = outShape.length;
        int inputs = inShapes.length;
        List<Integer> mergedDims = new ArrayList<>();
        List<int[]> mergedStrides = new ArrayList<>();
        int[] contiguous = new int[inputs];
        Arrays.fill(contiguous, 1);
        int[][] full = new int[inputs][rank];
        // Strides of each input aligned to the output's dimensions, innermost first computed.
        for (int k = 0; k < inputs; k++) {
            int[] in = inShapes[k];
            if (in.length > rank) {
                throw new IllegalArgumentException("shape " + Arrays.toString(in) + " has more dimensions than "
                        + Arrays.toString(outShape));
            }
            for (int j = rank - 1, m = in.length - 1; j >= 0; j--, m--) {
                int d = m >= 0 ? in[m] : 1;
                if (d != 1 && d != outShape[j]) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(in) + " does not broadcast to "
                            + Arrays.toString(outShape));
                }
                full[k][j] = d == 1 ? 0 : contiguous[k];
                contiguous[k] *= d;
            }
        }
        for (int j = 0; j < rank; j++) {
            if (outShape[j] == 1) {
                continue; // a size-1 output dimension moves no input
            }
            int[] s = new int[inputs];
            for (int k = 0; k < inputs; k++) {
                s[k] = full[k][j];
            }
            int last = mergedDims.size() - 1;
            if (last >= 0 && mergeable(mergedStrides.get(last), s, outShape[j])) {
                mergedDims.set(last, mergedDims.get(last) * outShape[j]);
                mergedStrides.set(last, s);
            } else {
                mergedDims.add(outShape[j]);
                mergedStrides.add(s);
            }
        }
        if (mergedDims.isEmpty() || size == 0) {
            mergedDims.clear();
            mergedStrides.clear();
            mergedDims.add(size);
            mergedStrides.add(new int[inputs]);
        }
        dims = mergedDims.stream().mapToInt(Integer::intValue).toArray();
        strides = new int[inputs][dims.length];
        for (int j = 0; j < dims.length; j++) {
            for (int k = 0; k < inputs; k++) {
                strides[k][j] = mergedStrides.get(j)[k];
            }
        }
    }

    /** An outer dimension merges into the next when, for every input, one outer step spans the whole inner one. */
    private static boolean mergeable(int[] outer, int[] inner, int innerSize) {
        for (int k = 0; k < outer.length; k++) {
            if (outer[k] != inner[k] * innerSize) {
                return false;
            }
        }
        return true;
    }

    /**
     * The walk over {@code outShape} for inputs that each broadcast to it (unidirectionally: every
     * input dimension is 1 or equal to the output's). Validate user shapes with {@link #shape} first.
     *
     * @throws IllegalArgumentException when an input does not broadcast to {@code outShape}
     */
    public static Broadcast of(int[] outShape, int[]... inShapes) {
        return new Broadcast(outShape, inShapes);
    }

    /**
     * The broadcast shape of concrete shapes.
     *
     * @throws org.ktcj.KtcException through {@code ctx.fail} when they do not broadcast together
     */
    public static int[] shape(NodeContext ctx, int[]... shapes) {
        Shape[] s = new Shape[shapes.length];
        for (int i = 0; i < shapes.length; i++) {
            s[i] = Shape.of(shapes[i]);
        }
        return shape(ctx, s).toIntArray();
    }

    /**
     * The broadcast shape of possibly partly known shapes: a dimension is unknown when it cannot be
     * told from the inputs; the result is null when any input's rank is unknown (a null shape).
     *
     * @throws org.ktcj.KtcException through {@code ctx.fail} when known sizes conflict
     */
    public static Shape shape(NodeContext ctx, Shape... shapes) {
        int rank = 0;
        for (Shape s : shapes) {
            if (s == null) {
                return null;
            }
            rank = Math.max(rank, s.rank());
        }
        List<Dim> out = new ArrayList<>(rank);
        for (int j = 0; j < rank; j++) {
            Dim d = null;
            for (Shape s : shapes) {
                int m = j - (rank - s.rank());
                if (m < 0) {
                    continue;
                }
                Dim e = s.dim(m);
                d = d == null ? e : combine(d, e);
                if (d == null) {
                    throw ctx.fail("cannot broadcast shapes " + Arrays.toString(shapes));
                }
            }
            out.add(d);
        }
        return Shape.of(out);
    }

    /** Two dimensions broadcast together, or null when their known sizes conflict. */
    private static Dim combine(Dim a, Dim b) {
        if (a.isKnown() && b.isKnown()) {
            return a.size() == b.size() || b.size() == 1 ? a : a.size() == 1 ? b : null;
        }
        if (a.isKnown()) {
            return a.size() == 1 ? b : a; // an unknown size against a known n > 1 must be 1 or n
        }
        if (b.isKnown()) {
            return b.size() == 1 ? a : b;
        }
        return a.equals(b) ? a : Dim.unknown();
    }

    /** The output shape (a copy). */
    public int[] outputShape() {
        return outShape.clone();
    }

    /** Number of output elements. */
    public int size() {
        return size;
    }

    /** How far input {@code k} moves per output element within a run: 1, or 0 when it broadcasts. */
    public int innerStride(int k) {
        return strides[k][dims.length - 1];
    }

    /** Input {@code k}'s flat index for output element {@code outIndex} (costs a division per dimension). */
    public int index(int k, int outIndex) {
        int[] s = strides[k];
        int r = outIndex;
        int at = 0;
        for (int j = dims.length - 1; j >= 0 && r > 0; j--) {
            at += (r % dims[j]) * s[j];
            r /= dims[j];
        }
        return at;
    }

    /**
     * Visits output elements {@code [start, end)} as runs, in order. A run never crosses the end of the
     * innermost merged dimension, so callers may split the output anywhere (e.g. across threads).
     */
    public void forEachRun(int start, int end, RunVisitor visitor) {
        if (start >= end) {
            return;
        }
        int rank = dims.length;
        int inputs = strides.length;
        int[] pos = new int[rank];
        int[] at = new int[inputs];
        int r = start;
        for (int j = rank - 1; j >= 0; j--) {
            pos[j] = r % dims[j];
            r /= dims[j];
            for (int k = 0; k < inputs; k++) {
                at[k] += pos[j] * strides[k][j];
            }
        }
        int inner = rank - 1;
        int innerSize = dims[inner];
        int o = start;
        while (o < end) {
            int n = Math.min(innerSize - pos[inner], end - o);
            visitor.run(o, n, at);
            o += n;
            if (o >= end) {
                break;
            }
            // Step to the next run: finish the inner dimension, then carry outward.
            for (int k = 0; k < inputs; k++) {
                at[k] += (n - innerSize) * strides[k][inner];
            }
            pos[inner] = 0;
            for (int j = inner - 1; j >= 0; j--) {
                for (int k = 0; k < inputs; k++) {
                    at[k] += strides[k][j];
                }
                if (++pos[j] < dims[j]) {
                    break;
                }
                pos[j] = 0;
                for (int k = 0; k < inputs; k++) {
                    at[k] -= dims[j] * strides[k][j];
                }
            }
        }
    }

    /**
     * Expands input {@code k}'s carrier array {@code src} into output elements {@code [start, end)} of
     * the carrier {@code dst} (arrays of the same kind: float[], long[], boolean[], ...).
     */
    public void copy(int k, Object src, Object dst, int start, int end) {
        int stride = innerStride(k);
        forEachRun(start, end, (o, n, in) -> {
            if (stride == 1) {
                System.arraycopy(src, in[k], dst, o, n);
            } else {
                fill(src, in[k], dst, o, o + n);
            }
        });
    }

    /** dst[from, to) = src[at], for any carrier array kind. */
    private static void fill(Object src, int at, Object dst, int from, int to) {
        if (dst instanceof float[] d) {
            Arrays.fill(d, from, to, ((float[]) src)[at]);
        } else if (dst instanceof long[] d) {
            Arrays.fill(d, from, to, ((long[]) src)[at]);
        } else if (dst instanceof int[] d) {
            Arrays.fill(d, from, to, ((int[]) src)[at]);
        } else if (dst instanceof double[] d) {
            Arrays.fill(d, from, to, ((double[]) src)[at]);
        } else if (dst instanceof short[] d) {
            Arrays.fill(d, from, to, ((short[]) src)[at]);
        } else if (dst instanceof byte[] d) {
            Arrays.fill(d, from, to, ((byte[]) src)[at]);
        } else if (dst instanceof boolean[] d) {
            Arrays.fill(d, from, to, ((boolean[]) src)[at]);
        } else {
            Object[] d = (Object[]) dst;
            Arrays.fill(d, from, to, ((Object[]) src)[at]);
        }
    }
}
