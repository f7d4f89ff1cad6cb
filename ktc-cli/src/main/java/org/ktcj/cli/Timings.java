package org.ktcj.cli;

import java.util.Arrays;

/**
 * Summary of repeated timings in milliseconds: median and spread. Percentiles interpolate linearly
 * between ranks, as NumPy's default does.
 */
record Timings(int runs, double median, double p10, double p90, double min, double max) {

    static Timings of(double[] millis) {
        double[] s = millis.clone();
        Arrays.sort(s);
        return new Timings(s.length, percentile(s, 0.5), percentile(s, 0.1), percentile(s, 0.9), s[0], s[s.length - 1]);
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = (int) Math.ceil(pos);
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
}
