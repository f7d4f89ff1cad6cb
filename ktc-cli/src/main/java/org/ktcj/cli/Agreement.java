package org.ktcj.cli;

import java.util.Arrays;
import org.ktcj.ir.Tensor;

/** How far one engine's output is from a reference's. */
final class Agreement {
    private Agreement() {
    }

    /**
     * The largest absolute difference relative to the reference's largest magnitude:
     * {@code max|a - r| / max|r|}. Scaling by the whole tensor's range, not each element, keeps values
     * near zero from turning rounding noise into huge ratios. A NaN on one side only is infinitely far;
     * NaN on both sides agrees.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    static double maxRelativeDifference(Tensor actual, Tensor reference) {
        if (!Arrays.equals(actual.shape(), reference.shape())) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(actual.shape()) + " vs "
                    + Arrays.toString(reference.shape()));
        }
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < reference.size(); i++) {
            double a = actual.getDouble(i);
            double r = reference.getDouble(i);
            if (Double.isNaN(a) || Double.isNaN(r)) {
                if (Double.isNaN(a) != Double.isNaN(r)) {
                    return Double.POSITIVE_INFINITY;
                }
                continue;
            }
            maxDiff = Math.max(maxDiff, a == r ? 0 : Math.abs(a - r));
            scale = Math.max(scale, Math.abs(r));
        }
        return maxDiff == 0 ? 0 : maxDiff / Math.max(scale, Float.MIN_NORMAL);
    }
}
