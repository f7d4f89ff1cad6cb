package org.ktcj.runtime.quant;

import java.util.Locale;
import org.ktcj.KtcException;

/**
 * How the range {@code R} an activation is quantized for follows from its histogram
 * (docs/fixed-point.md, "Ranges").
 */
public sealed interface RangeMethod {
    /** The magnitude to map to the largest integer of {@code bits}. */
    double range(RangeHistogram h, int bits);

    /**
     * {@code R} below which a fraction of all |x| lie: {@code percentage} for 8-bit tensors,
     * {@code percentage16} (at least as large: 16 bits have the resolution to keep more) for 16-bit ones.
     */
    record Percentage(double percentage, double percentage16) implements RangeMethod {
        public Percentage {
            if (!(percentage > 0 && percentage <= 1)) {
                throw new KtcException("--percentage must be in (0, 1], not " + percentage);
            }
            if (!(percentage16 >= percentage && percentage16 <= 1)) {
                throw new KtcException("--percentage-16b must be in [--percentage, 1], not " + percentage16);
            }
        }

        @Override
        public double range(RangeHistogram h, int bits) {
            return h.quantile(bits > 8 ? percentage16 : percentage);
        }
    }

    /**
     * The {@code R} that minimises the squared quantization error: the rounding error of the values within
     * the range plus {@code outlierFactor} times the clipping error of those above it, searched between the
     * {@code 1 - percentile} quantile and the maximum.
     */
    record Mmse(double percentile, double outlierFactor) implements RangeMethod {
        public Mmse {
            if (!(percentile >= 0 && percentile < 1)) {
                throw new KtcException("--percentile must be in [0, 1), not " + percentile);
            }
            if (!(outlierFactor > 0) || Double.isInfinite(outlierFactor)) {
                throw new KtcException("--outlier-factor must be a positive number, not " + outlierFactor);
            }
        }

        @Override
        public double range(RangeHistogram h, int bits) {
            double max = h.absMax();
            if (h.total() == 0 || max == 0) {
                return 0;
            }
            int n = RangeHistogram.BINS;
            // Suffix sums of count, count*x and count*x^2 (x the bin centre) give each candidate's
            // clipping error in constant time.
            double[] c = new double[n + 1];
            double[] cx = new double[n + 1];
            double[] cxx = new double[n + 1];
            for (int i = n - 1; i >= 0; i--) {
                double x = Math.min(centre(h, i), max);
                c[i] = c[i + 1] + h.count(i);
                cx[i] = cx[i + 1] + h.count(i) * x;
                cxx[i] = cxx[i + 1] + h.count(i) * x * x;
            }
            double lowest = h.quantile(1 - percentile);
            double qmax = (1L << (bits - 1)) - 1;
            double best = max;
            double bestError = Double.POSITIVE_INFINITY;
            for (int i = 0; i <= n; i++) {
                double r = i == n ? max : Math.min(h.binEdge(i), max);
                if (r < lowest && i < n) {
                    continue;
                }
                int above = i + 1; // bins wholly above r
                double inside = c[0] - c[Math.min(above, n)];
                double step = r / qmax;
                double clip = above >= n ? 0 : cxx[above] - 2 * r * cx[above] + r * r * c[above];
                double error = inside * step * step / 12 + outlierFactor * clip;
                if (error < bestError) {
                    bestError = error;
                    best = r;
                }
            }
            return best;
        }

        private static double centre(RangeHistogram h, int i) {
            return h.binEdge(i) - (h.binEdge(0) / 2);
        }
    }

    /** The method named as on the command line: "percentage" or "mmse". */
    static RangeMethod of(String name, double percentage, double percentage16, double percentile,
                          double outlierFactor) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "percentage" -> new Percentage(percentage, percentage16);
            case "mmse" -> new Mmse(percentile, outlierFactor);
            default -> throw new KtcException("--datapath-range-method must be percentage or mmse, not '" + name + "'");
        };
    }
}
