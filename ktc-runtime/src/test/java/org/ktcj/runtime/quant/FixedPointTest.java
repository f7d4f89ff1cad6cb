package org.ktcj.runtime.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixedPointTest {
    @Test
    void theRangeMapsToTheLargestIntegerWithScaleBetweenOneAndTwo() {
        for (double r : new double[] {1e-6, 0.3, 1, 1.5, 6.0, 127, 128, 1000, 123456.7}) {
            for (int bits : new int[] {4, 8, 16}) {
                long qmax = (1L << (bits - 1)) - 1;
                int radix = FixedPoint.radix(r, bits);
                float scale = FixedPoint.scale(r, bits);
                assertTrue(scale >= 1 && scale < 2, "scale " + scale + " for " + r);
                double top = r * scale * Math.scalb(1.0, radix);
                assertTrue(top <= qmax && top > qmax - 1e-3 * qmax, r + " int" + bits + " -> " + top);
                // Without scale registers: the largest radix that keeps r representable.
                assertTrue(r * Math.scalb(1.0, radix) <= qmax && r * Math.scalb(1.0, radix + 1) > qmax);
            }
        }
    }

    @Test
    void quantizeRoundsHalfToEvenAndSaturates() {
        assertEquals(2, FixedPoint.quantize(2.5, 1, 8));
        assertEquals(-2, FixedPoint.quantize(-2.5, 1, 8));
        assertEquals(127, FixedPoint.quantize(1000, 1, 8));
        assertEquals(-128, FixedPoint.quantize(-1000, 1, 8));
        assertEquals(7, FixedPoint.quantize(9, 1, 4));
        assertEquals(0, FixedPoint.radix(0, 8));
        assertEquals(1f, FixedPoint.scale(0, 8));
    }
}
