package org.ktcj.runtime.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.ktcj.KtcException;
import org.ktcj.ir.Node;
import org.ktcj.ir.ValueInfo;

/** Output sizes and pads: each expected value worked out from the ONNX operator documentation. */
class ConvGeometryTest {
    private static NodeContext ctx(Node.Builder b) {
        return new NodeContext(b.name("n").inputs("x").outputs("y").build(), 17, new ValueInfo[1], new org.ktcj.ir.Tensor[1]);
    }

    private static Node.Builder conv() {
        return Node.builder("Conv");
    }

    @Test
    void explicitPadsStridesAndDilations() {
        // floor((10 + 1 + 2 - ((3 - 1) * 2 + 1)) / 2) + 1 = floor(8 / 2) + 1 = 5
        ConvGeometry g = ConvGeometry.conv(ctx(conv().attr("strides", new long[] {2}).attr("dilations", new long[] {2}).attr("pads", 1L, 2L)),
                new int[] {10}, new int[] {3});
        assertArrayEquals(new int[] {5}, g.out());
        assertArrayEquals(new int[] {1}, g.padBegin());
        assertArrayEquals(new int[] {2}, g.padEnd());
    }

    @Test
    void sameUpperAndLowerPutTheOddPadAtTheEndOrTheStart() {
        // in 8, stride 2, kernel 3: ceil(8 / 2) = 4 outputs; (4 - 1) * 2 + 3 - 8 = 1 pad in all.
        ConvGeometry up = ConvGeometry.conv(ctx(conv().attr("strides", new long[] {2}).attr("auto_pad", "SAME_UPPER")),
                new int[] {8}, new int[] {3});
        assertArrayEquals(new int[] {4}, up.out());
        assertArrayEquals(new int[] {0}, up.padBegin());
        assertArrayEquals(new int[] {1}, up.padEnd());
        ConvGeometry low = ConvGeometry.conv(ctx(conv().attr("strides", new long[] {2}).attr("auto_pad", "SAME_LOWER")),
                new int[] {8}, new int[] {3});
        assertArrayEquals(new int[] {1}, low.padBegin());
        assertArrayEquals(new int[] {0}, low.padEnd());
        // Dilation counts in the window: kernel 3 dilated by 2 spans 5; in 5, stride 1: 4 pads, 2 + 2.
        ConvGeometry dil = ConvGeometry.conv(ctx(conv().attr("dilations", new long[] {2}).attr("auto_pad", "SAME_UPPER")),
                new int[] {5}, new int[] {3});
        assertArrayEquals(new int[] {5}, dil.out());
        assertArrayEquals(new int[] {2}, dil.padBegin());
        // Stride larger than the window: no negative pads.
        ConvGeometry wide = ConvGeometry.conv(ctx(conv().attr("strides", new long[] {3}).attr("auto_pad", "SAME_UPPER")),
                new int[] {5}, new int[] {1});
        assertArrayEquals(new int[] {2}, wide.out());
        assertArrayEquals(new int[] {0}, wide.padBegin());
        assertArrayEquals(new int[] {0}, wide.padEnd());
    }

    @Test
    void validIgnoresPads() {
        ConvGeometry g = ConvGeometry.conv(ctx(conv().attr("auto_pad", "VALID").attr("pads", 3L, 3L)),
                new int[] {7}, new int[] {3});
        assertArrayEquals(new int[] {5}, g.out());
        assertArrayEquals(new int[] {0}, g.padBegin());
    }

    @Test
    void ceilModeDropsAWindowThatWouldStartInTheEndPadding() {
        Node.Builder b = Node.builder("MaxPool").attr("kernel_shape", 3L, 2L).attr("strides", 2L, 2L)
                .attr("ceil_mode", 1L).attr("pads", 0L, 1L, 0L, 1L);
        // Rows: ceil((6 - 3) / 2) + 1 = 3. Columns: ceil((4 + 2 - 2) / 2) + 1 = 3, and the third window
        // would start at 2 * 2 - 1 = 3 < 4, inside the input: kept.
        ConvGeometry g = ConvGeometry.pool(ctx(b), new int[] {6, 4});
        assertArrayEquals(new int[] {3, 3}, g.out());
        // Columns of 3 with pads 1+1, kernel 2, stride 2: ceil(3 / 2) + 1 = 3, but the third window
        // would start at 2 * 2 - 1 = 3, past the last column (2), in the end padding: dropped.
        ConvGeometry h = ConvGeometry.pool(ctx(b), new int[] {6, 3});
        assertArrayEquals(new int[] {3, 2}, h.out());
    }

    @Test
    void averagePoolTapCounts() {
        Node.Builder b = Node.builder("AveragePool").attr("kernel_shape", new long[] {3}).attr("pads", 1L, 2L).attr("strides", new long[] {2});
        ConvGeometry g = ConvGeometry.pool(ctx(b), new int[] {5});
        // Outputs start at -1, 1, 3: taps inside [0, 5): 2, 3, 2; inside [-1, 7): 3, 3, 3.
        assertArrayEquals(new int[] {3}, g.out());
        assertArrayEquals(new float[] {2, 3, 2}, g.tapCounts(0, false));
        assertArrayEquals(new float[] {3, 3, 3}, g.tapCounts(0, true));
    }

    @Test
    void convTransposeSizes() {
        // stride * (in - 1) + output_padding + ((k - 1) * d + 1) - pads = 2 * 2 + 1 + 3 - 1 = 7
        Node.Builder b = Node.builder("ConvTranspose").attr("strides", new long[] {2}).attr("output_padding", new long[] {1}).attr("pads", 1L, 0L);
        assertArrayEquals(new int[] {7}, ConvGeometry.convTranspose(ctx(b), new int[] {3}, new int[] {3}).out());
        // SAME_UPPER: output in * stride = 6; total padding 2 * 2 + 3 - 6 = 1, at the end.
        ConvGeometry same = ConvGeometry.convTranspose(ctx(Node.builder("ConvTranspose").attr("strides", new long[] {2})
                .attr("auto_pad", "SAME_UPPER")), new int[] {3}, new int[] {3});
        assertArrayEquals(new int[] {6}, same.out());
        assertArrayEquals(new int[] {0}, same.padBegin());
        assertArrayEquals(new int[] {1}, same.padEnd());
        // output_shape (with the batch and channel axes, as some exporters write it).
        ConvGeometry shaped = ConvGeometry.convTranspose(ctx(Node.builder("ConvTranspose").attr("strides", 3L, 2L)
                .attr("output_shape", 1L, 2L, 10L, 8L)), new int[] {3, 3}, new int[] {3, 3});
        assertArrayEquals(new int[] {10, 8}, shaped.out());
    }

    @Test
    void badAttributesAreClearErrors() {
        KtcException e = assertThrows(KtcException.class, () -> ConvGeometry.conv(ctx(conv().attr("pads", new long[] {1})),
                new int[] {5, 5}, new int[] {3, 3}));
        assertTrue(e.getMessage().contains("pads has 1 values for 2 spatial axes"), e.getMessage());
        e = assertThrows(KtcException.class, () -> ConvGeometry.conv(ctx(conv().attr("kernel_shape", 2L, 2L)),
                new int[] {5, 5}, new int[] {3, 3}));
        assertTrue(e.getMessage().contains("does not match the weights"), e.getMessage());
        e = assertThrows(KtcException.class, () -> ConvGeometry.pool(ctx(Node.builder("MaxPool")), new int[] {5}));
        assertTrue(e.getMessage().contains("kernel_shape is missing"), e.getMessage());
        e = assertThrows(KtcException.class, () -> ConvGeometry.conv(ctx(conv().attr("auto_pad", "SAME")),
                new int[] {5}, new int[] {3}));
        assertTrue(e.getMessage().contains("unknown auto_pad 'SAME'"), e.getMessage());
        e = assertThrows(KtcException.class, () -> ConvGeometry.conv(ctx(conv().attr("strides", 2L)),
                new int[] {5}, new int[] {3}));
        assertTrue(e.getMessage().startsWith("Conv node 'n': attribute 'strides' is INT, expected INTS"), e.getMessage());
    }

    @Test
    void unknownInputSizesGiveUnknownOutputs() {
        ConvGeometry g = ConvGeometry.conv(ctx(conv().attr("strides", 2L, 2L)), new int[] {-1, 9}, new int[] {3, 3});
        assertArrayEquals(new int[] {-1, 4}, g.out());
    }
}
