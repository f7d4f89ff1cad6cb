package org.ktcj.runtime.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RangeHistogramTest {
    @Test
    void quantilesFollowTheDataWithinABin() {
        float[] v = new float[100_000];
        Random r = new Random(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        RangeHistogram h = new RangeHistogram();
        h.add(v, v.length);
        float[] abs = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            abs[i] = Math.abs(v[i]);
        }
        Arrays.sort(abs);
        double bin = h.binEdge(0);
        for (double p : new double[] {0.5, 0.9, 0.999}) {
            double exact = abs[(int) Math.ceil(p * v.length) - 1];
            assertEquals(exact, h.quantile(p), bin, "quantile " + p);
        }
        assertEquals(abs[abs.length - 1], h.quantile(1.0), 0);
        assertEquals(abs[abs.length - 1], h.absMax(), 0);
    }

    @Test
    void mergingIsExactWhateverTheOrderAndTheRanges() {
        Random r = new Random(2);
        float[][] parts = new float[4][];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new float[1000];
            double spread = Math.pow(10, p - 1); // ranges from 0.1 to 100: the histograms must grow
            for (int i = 0; i < 1000; i++) {
                parts[p][i] = (float) (r.nextGaussian() * spread);
            }
        }
        RangeHistogram oneByOne = new RangeHistogram();
        for (float[] part : parts) {
            oneByOne.add(part, part.length);
        }
        RangeHistogram merged = new RangeHistogram();
        for (int p = parts.length - 1; p >= 0; p--) {
            RangeHistogram h = new RangeHistogram();
            h.add(parts[p], parts[p].length);
            merged.merge(h);
        }
        assertEquals(oneByOne.total(), merged.total());
        assertEquals(oneByOne.min(), merged.min());
        assertEquals(oneByOne.max(), merged.max());
        for (int i = 0; i < RangeHistogram.BINS; i++) {
            assertEquals(oneByOne.count(i), merged.count(i), "bin " + i);
        }
    }

    @Test
    void mmseClipsRareOutliersAndOutlierFactorKeepsMoreRange() {
        float[] v = new float[200_001];
        Random r = new Random(3);
        for (int i = 0; i < v.length - 1; i++) {
            v[i] = (float) r.nextGaussian();
        }
        v[v.length - 1] = 60; // one far outlier
        RangeHistogram h = new RangeHistogram();
        h.add(v, v.length);
        double plain = new RangeMethod.Mmse(0.01, 1).range(h, 8);
        // Among 200,000 values the outlier's clipping error is worth less than the finer step of the rest.
        assertTrue(plain > 3 && plain < 45, "range " + plain);
        double keeping = new RangeMethod.Mmse(0.01, 1e6).range(h, 8);
        assertTrue(keeping >= 59, keeping + " vs " + plain);
        assertEquals(60, new RangeMethod.Percentage(1.0, 1.0).range(h, 8), 0);
    }
}
