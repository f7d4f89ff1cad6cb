package org.ktcj.ir;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The shape of a value: a list of dimensions, each known, symbolic or unknown. Immutable. */
public final class Shape {
    private final List<Dim> dims;

    private Shape(List<Dim> dims) {
        this.dims = List.copyOf(dims);
    }

    public static Shape of(List<Dim> dims) {
        return new Shape(dims);
    }

    public static Shape of(int... sizes) {
        List<Dim> d = new ArrayList<>(sizes.length);
        for (int s : sizes) {
            d.add(Dim.of(s));
        }
        return new Shape(d);
    }

    public static Shape of(long... sizes) {
        List<Dim> d = new ArrayList<>(sizes.length);
        for (long s : sizes) {
            d.add(Dim.of(s));
        }
        return new Shape(d);
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int i) {
        return dims.get(i);
    }

    public List<Dim> dims() {
        return dims;
    }

    /** True when every dimension has a known size. */
    public boolean isStatic() {
        for (Dim d : dims) {
            if (!d.isKnown()) {
                return false;
            }
        }
        return true;
    }

    /** The sizes as ints; only for a static shape. */
    public int[] toIntArray() {
        int[] out = new int[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Dim d = dims.get(i);
            if (!d.isKnown()) {
                throw new IllegalStateException("shape " + this + " is not static");
            }
            out[i] = Math.toIntExact(d.size());
        }
        return out;
    }

    /** Number of elements; only for a static shape. */
    public long elementCount() {
        long n = 1;
        for (int s : toIntArray()) {
            n *= s;
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && s.dims.equals(dims);
    }

    @Override
    public int hashCode() {
        return dims.hashCode();
    }

    @Override
    public String toString() {
        return dims.toString();
    }

    /** Formats concrete sizes as [1, 3, 224, 224]. */
    public static String format(int[] sizes) {
        return Arrays.toString(sizes);
    }
}
