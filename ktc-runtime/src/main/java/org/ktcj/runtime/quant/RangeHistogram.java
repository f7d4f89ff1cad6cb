package org.ktcj.runtime.quant;

/**
 * What calibration keeps of one tensor over every input: its minimum and maximum and a histogram of
 * {@code |x|} with {@value #BINS} bins over {@code [0, 2^k)}. {@code k} grows with the largest value
 * seen; growing it by one merges neighbouring bins exactly, so the histogram's memory is fixed and two
 * histograms merge without loss whatever order the inputs came in.
 */
public final class RangeHistogram {
    /** Bins of the histogram. */
    public static final int BINS = 2048;
    private static final int LOG2_BINS = 11;

    private final long[] counts = new long[BINS];
    /** The histogram covers [0, 2^k); meaningless while empty. */
    private int k = Integer.MIN_VALUE;
    private long total;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;

    /** Adds the first {@code n} values of {@code data}, all finite (the caller checks). */
    public void add(float[] data, int n) {
        if (n == 0) {
            return;
        }
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = data[i];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        min = Math.min(min, lo);
        max = Math.max(max, hi);
        growTo(Math.max(Math.abs(lo), Math.abs(hi)));
        // |x| * 2^(11 - k) is the bin; x below 2^k by construction, so the index stays under BINS.
        double toBin = Math.scalb(1.0, LOG2_BINS - k);
        for (int i = 0; i < n; i++) {
            counts[Math.min(BINS - 1, (int) (Math.abs(data[i]) * toBin))]++;
        }
        total += n;
    }

    /** Adds another histogram's values to this one's. */
    public void merge(RangeHistogram other) {
        if (other.total == 0) {
            return;
        }
        growTo(Math.scalb(1.0, other.k) * (1 - 0x1p-30));
        RangeHistogram aligned = other;
        if (other.k < k) {
            aligned = other.copy();
            aligned.growTo(Math.scalb(1.0, k) * (1 - 0x1p-30));
        }
        for (int i = 0; i < BINS; i++) {
            counts[i] += aligned.counts[i];
        }
        total += other.total;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
    }

    /** Makes the histogram cover {@code [0, limit]}: the first time, the smallest {@code 2^k} above it. */
    private void growTo(double limit) {
        if (k == Integer.MIN_VALUE) {
            k = limit > 0 ? Math.getExponent(limit) + 1 : -126;
            return;
        }
        while (Math.scalb(1.0, k) <= limit) {
            for (int i = 0; i < BINS / 2; i++) {
                counts[i] = counts[2 * i] + counts[2 * i + 1];
            }
            java.util.Arrays.fill(counts, BINS / 2, BINS, 0);
            k++;
        }
    }

    private RangeHistogram copy() {
        RangeHistogram c = new RangeHistogram();
        System.arraycopy(counts, 0, c.counts, 0, BINS);
        c.k = k;
        c.total = total;
        c.min = min;
        c.max = max;
        return c;
    }

    /** How many values were added. */
    public long total() {
        return total;
    }

    public float min() {
        return min;
    }

    public float max() {
        return max;
    }

    /** The largest magnitude seen. */
    public float absMax() {
        return total == 0 ? 0 : Math.max(Math.abs(min), Math.abs(max));
    }

    /** The upper edge of bin {@code i}: values in it are below this. */
    public double binEdge(int i) {
        return Math.scalb((double) (i + 1), k - LOG2_BINS);
    }

    /** The count of bin {@code i}. */
    public long count(int i) {
        return counts[i];
    }

    /** The value below which a fraction {@code p} of all |x| lie (a bin edge, at most the maximum seen). */
    public double quantile(double p) {
        if (total == 0) {
            return 0;
        }
        long needed = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < BINS; i++) {
            seen += counts[i];
            if (seen >= needed) {
                return Math.min(binEdge(i), absMax());
            }
        }
        return absMax();
    }
}
