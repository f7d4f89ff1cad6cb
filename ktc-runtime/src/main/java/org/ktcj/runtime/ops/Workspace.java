package org.ktcj.runtime.ops;

import org.ktcj.ir.DataType;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.exec.Parallel;

/** What a kernel gets from the simulator during a run: output buffers, scratch memory, threads. */
public interface Workspace {
    /**
     * A zero-filled tensor for the kernel's output {@code outputIndex}. Its carrier array may come from
     * a pool and be longer than the shape needs.
     */
    Tensor allocate(int outputIndex, DataType type, int[] shape);

    /**
     * As {@link #allocate}, but the contents are undefined (a pooled buffer keeps what it last held): for
     * a kernel that writes every element of the output, to spare clearing it first.
     */
    default Tensor allocateUninitialized(int outputIndex, DataType type, int[] shape) {
        return allocate(outputIndex, type, shape);
    }

    /**
     * As {@link #allocateUninitialized}, but the output may take over the carrier of {@code input}, one
     * of the kernel's inputs of the same type and shape, when nothing needs that input after this node:
     * for elementwise kernels, which read each element of it before they write the same element of the
     * output.
     */
    default Tensor allocateInPlace(int outputIndex, DataType type, int[] shape, Tensor input) {
        return allocateUninitialized(outputIndex, type, shape);
    }

    /**
     * A float scratch array of at least {@code length} elements for the calling thread, valid until the
     * kernel returns. Contents are undefined. {@code slot} lets one kernel hold several at once.
     */
    float[] scratch(int slot, int length);

    /** The threads the kernel may use. */
    Parallel parallel();
}
