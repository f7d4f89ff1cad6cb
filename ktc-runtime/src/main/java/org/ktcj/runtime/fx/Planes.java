package org.ktcj.runtime.fx;

import org.ktcj.runtime.ops.Workspace;

/**
 * A tensor seen as planes of axis 1's channels, {@code [N * C][inner]}: the per-channel operators
 * (Affine, Add, Quantize...) work a plane at a time, its channel fixed; planes are split across threads.
 *
 * @param count    planes ({@code N * C}; 1 for a tensor of rank below 2)
 * @param channels {@code C} (1 for rank below 2)
 * @param inner    elements per plane
 */
record Planes(int count, int channels, int inner) {
    /** Elements per chunk of work handed to a thread. */
    private static final int GRAIN = 1 << 14;

    /** What is done to one plane. */
    @FunctionalInterface
    interface PlaneBody {
        /** Plane {@code plane} of channel {@code channel}, elements {@code [start, start + inner)}; {@code acc} is scratch. */
        void run(int plane, int channel, int start, long[] acc);
    }

    static Planes of(int[] shape) {
        if (shape.length < 2) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return new Planes(1, 1, n);
        }
        int inner = 1;
        for (int i = 2; i < shape.length; i++) {
            inner *= shape[i];
        }
        return new Planes(shape[0] * shape[1], shape[1], inner);
    }

    /** Runs {@code body} on every plane, on the workspace's threads. */
    void forEach(Workspace ws, PlaneBody body) {
        forEach(ws, inner, body);
    }

    /** As {@link #forEach(Workspace, PlaneBody)} with {@code acc} of {@code accLength} longs. */
    void forEach(Workspace ws, int accLength, PlaneBody body) {
        ws.parallel().forRange(count, Math.max(1, GRAIN / Math.max(1, inner)), (s, e) -> {
            long[] acc = new long[accLength];
            for (int p = s; p < e; p++) {
                body.run(p, p % channels, p * inner, acc);
            }
        });
    }
}
