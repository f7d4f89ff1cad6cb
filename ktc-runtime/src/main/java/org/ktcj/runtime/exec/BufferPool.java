package org.ktcj.runtime.exec;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;

/**
 * Reuses carrier arrays across the layers of a run and across runs. A request takes the smallest free
 * array of the type that holds it, however much larger: networks shrink their activations as they go,
 * and a new array for every smaller size held about half again as much memory as the largest arrays
 * alone. Freed arrays come back with {@link #release}. Not thread-safe: one per run state.
 */
final class BufferPool {
    private final Map<Class<?>, TreeMap<Integer, ArrayDeque<Object>>> free = new HashMap<>();
    private final Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());

    /** A tensor whose carrier comes from the pool: zero-filled when {@code zeroed}, else undefined. */
    Tensor take(DataType type, int[] shape, boolean zeroed) {
        int n = Tensor.elementCount(shape);
        Class<?> kind = Tensor.newCarrier(type, 0).getClass();
        TreeMap<Integer, ArrayDeque<Object>> bySize = free.get(kind);
        Object array = null;
        if (bySize != null && n > 0) {
            Map.Entry<Integer, ArrayDeque<Object>> e = bySize.ceilingEntry(n);
            if (e != null) {
                array = e.getValue().poll();
                if (e.getValue().isEmpty()) {
                    bySize.remove(e.getKey());
                }
                if (zeroed) {
                    clear(array, n);
                }
            }
        }
        if (array == null) {
            array = Tensor.newCarrier(type, n);
            owned.add(array);
        }
        return Tensor.wrap(type, shape, array);
    }

    /** True when the array was made by this pool (and not given away). */
    boolean owns(Object array) {
        return owned.contains(array);
    }

    /** Returns an array of this pool's for reuse. */
    void release(Object array) {
        int len = java.lang.reflect.Array.getLength(array);
        free.computeIfAbsent(array.getClass(), k -> new TreeMap<>())
                .computeIfAbsent(len, k -> new ArrayDeque<>()).add(array);
    }

    /** The array leaves the pool for good (it became a result the caller keeps). */
    void disown(Object array) {
        owned.remove(array);
    }

    private static void clear(Object array, int n) {
        if (array instanceof float[] f) {
            Arrays.fill(f, 0, n, 0f);
        } else if (array instanceof long[] l) {
            Arrays.fill(l, 0, n, 0L);
        } else if (array instanceof int[] i) {
            Arrays.fill(i, 0, n, 0);
        } else if (array instanceof byte[] b) {
            Arrays.fill(b, 0, n, (byte) 0);
        } else if (array instanceof short[] s) {
            Arrays.fill(s, 0, n, (short) 0);
        } else if (array instanceof double[] d) {
            Arrays.fill(d, 0, n, 0d);
        } else if (array instanceof boolean[] z) {
            Arrays.fill(z, 0, n, false);
        } else if (array instanceof String[] s) {
            Arrays.fill(s, 0, n, "");
        }
    }
}
