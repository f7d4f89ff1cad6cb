package org.ktcj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ktcj.ir.Tensor;

class HelpersTest {
    @Test
    void fileNamesAreSafeAndDistinct() {
        Map<String, String> names = OutputDir.fileNames(List.of("a/b", "a:b", "Y", "y", "", "..", "ok-1.x"), ".npy");
        assertEquals(List.of("a_b.npy", "a_b_2.npy", "Y.npy", "y_2.npy", "output.npy", "_..npy", "ok-1.x.npy"),
                List.copyOf(names.values()));
        assertEquals(120 + 4, OutputDir.fileNames(List.of("n".repeat(500)), ".npy").get("n".repeat(500)).length());
    }

    @Test
    void timingsUseInterpolatedPercentiles() {
        Timings t = Timings.of(new double[] {5, 1, 4, 2, 3, 10, 6, 7, 8, 9, 11});
        assertEquals(6, t.median());
        assertEquals(2, t.p10());
        assertEquals(10, t.p90());
        assertEquals(1, t.min());
        assertEquals(11, t.max());
        assertEquals(2.5, Timings.of(new double[] {3, 2}).median());
    }

    @Test
    void relativeDifferenceIsScaledByTheReferencesRange() {
        Tensor ref = Tensor.of(new float[] {100, -200, 0}, 3);
        assertEquals(0, Agreement.maxRelativeDifference(ref, ref));
        assertEquals(0.5 / 200, Agreement.maxRelativeDifference(Tensor.of(new float[] {100, -200, 0.5f}, 3), ref));
        assertEquals(Double.POSITIVE_INFINITY,
                Agreement.maxRelativeDifference(Tensor.of(new float[] {Float.NaN, -200, 0}, 3), ref));
        assertThrows(IllegalArgumentException.class, () -> Agreement.maxRelativeDifference(ref, Tensor.of(new float[3], 1, 3)));
    }

    @Test
    void nhwcBecomesNchwAndOtherRanksStay() {
        // N=1, H=1, W=2, C=3: pixels (0,1,2) and (3,4,5)
        Tensor nhwc = Tensor.ofInts(new int[] {0, 1, 2, 3, 4, 5}, 1, 1, 2, 3);
        Tensor nchw = Layout.NHWC.toModelLayout(nhwc);
        assertArrayEquals(new int[] {1, 3, 1, 2}, nchw.shape());
        assertArrayEquals(new int[] {0, 3, 1, 4, 2, 5}, nchw.ints());
        Tensor flat = Tensor.of(new float[6], 2, 3);
        assertEquals(flat, Layout.NHWC.toModelLayout(flat));
        assertEquals(nhwc, Layout.NCHW.toModelLayout(nhwc));
    }
}
