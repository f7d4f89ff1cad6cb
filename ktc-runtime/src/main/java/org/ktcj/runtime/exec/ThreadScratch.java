package org.ktcj.runtime.exec;

/** Per-thread float scratch arrays that grow to the largest size asked for and are then reused. */
final class ThreadScratch {
    private static final int SLOTS = 10;
    private final ThreadLocal<float[][]> arrays = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    float[] get(int slot, int length) {
        float[][] mine = arrays.get();
        float[] a = mine[slot];
        if (a == null || a.length < length) {
            a = new float[length];
            mine[slot] = a;
        }
        return a;
    }
}
