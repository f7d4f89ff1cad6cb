package org.ktcj.runtime.exec;

import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/**
 * Sees every tensor a run produces, as it is produced. The tensor is valid only during the call (its
 * buffer is reused afterwards): {@link Tensor#copy()} what you keep.
 */
@FunctionalInterface
public interface TensorObserver {
    /**
     * @param producer the node that computed it
     * @param name     the value's name
     */
    void onTensor(Node producer, String name, Tensor value);
}
