package org.ktcj.cli;

import java.nio.ByteBuffer;
import org.ktcj.ir.Tensor;

/** The memory layout of 4-D image inputs given on the command line ({@code --layout}). */
enum Layout {
    /** Channels first, as ONNX models take them: batch, channel, height, width. */
    NCHW,
    /** Channels last, as Kneron's tools and most image libraries give them: batch, height, width, channel. */
    NHWC;

    /** The tensor in the models' layout (NCHW): a 4-D NHWC tensor is transposed, anything else kept. */
    Tensor toModelLayout(Tensor t) {
        if (this == NCHW || t.rank() != 4) {
            return t;
        }
        int n = t.dim(0);
        int h = t.dim(1);
        int w = t.dim(2);
        int c = t.dim(3);
        int size = t.type().byteSize();
        ByteBuffer raw = t.toRawBytes();
        byte[] src = new byte[raw.remaining()];
        raw.get(src);
        byte[] dst = new byte[src.length];
        int from = 0;
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    for (int ch = 0; ch < c; ch++, from += size) {
                        int to = (((b * c + ch) * h + y) * w + x) * size;
                        System.arraycopy(src, from, dst, to, size);
                    }
                }
            }
        }
        return Tensor.fromRaw(t.type(), new int[] {n, c, h, w}, ByteBuffer.wrap(dst));
    }
}
