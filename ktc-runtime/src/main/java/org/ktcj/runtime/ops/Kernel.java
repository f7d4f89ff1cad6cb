package org.ktcj.runtime.ops;

import org.ktcj.ir.Tensor;

/**
 * Computes one node. A kernel never changes its inputs; it makes its outputs with
 * {@link Workspace#allocate} (pooled buffers) or returns a view of an input ({@link Tensor#reshape}).
 * Carrier arrays may be longer than a tensor's size: loop to {@link Tensor#size()}, not array length.
 * A kernel may be called from several threads at once only if it keeps no per-run state in fields.
 */
@FunctionalInterface
public interface Kernel {
    /**
     * @param inputs the node's inputs in order; null for an absent optional input
     * @return the node's outputs in order
     */
    Tensor[] run(Tensor[] inputs, Workspace ws);
}
