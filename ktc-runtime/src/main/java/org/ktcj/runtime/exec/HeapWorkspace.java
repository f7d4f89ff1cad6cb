package org.ktcj.runtime.exec;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.ops.Workspace;

/**
 * A workspace that allocates every output fresh from the heap: for one-off evaluation (constant
 * folding, tests). Sessions use pooled buffers instead.
 */
public final class HeapWorkspace implements Workspace {
    private final Parallel parallel;
    private final ThreadScratch scratch = new ThreadScratch();

    public HeapWorkspace() {
        this(Parallel.serial());
    }

    public HeapWorkspace(Parallel parallel) {
        this.parallel = parallel;
    }

    @Override
    public Tensor allocate(int outputIndex, DataType type, int[] shape) {
        return Tensor.zeros(type, shape);
    }

    @Override
    public float[] scratch(int slot, int length) {
        return scratch.get(slot, length);
    }

    @Override
    public Parallel parallel() {
        return parallel;
    }
}
