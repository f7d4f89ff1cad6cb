package org.ktcj.runtime.ops;

import java.util.List;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/**
 * One ONNX operator over a range of opset versions: how its outputs' types and shapes follow from its
 * inputs, and the kernel that computes it in float. Registered in {@link OperatorRegistry}.
 *
 * <p>Shape logic has one home: {@link #infer} is used both statically (graph shape inference, where only
 * constant inputs have values) and by kernels at run time (where every input has a value, see
 * {@link NodeContext#ofTensors}).
 */
public interface Operator {
    /**
     * The outputs' types and shapes, one per node output, from what is known of the inputs. A shape or
     * type that cannot be known yet is null.
     *
     * @throws org.ktcj.KtcException (through {@link NodeContext#fail}) for inputs the operator rejects
     */
    List<ValueInfo> infer(NodeContext ctx);

    /**
     * A kernel for this node, made once when a session is planned. Constant inputs are available from
     * the context, so a kernel may pre-pack weights.
     */
    Kernel kernel(NodeContext ctx);

    /**
     * The outputs' values when they follow from the inputs' shapes alone (Shape, Size), so that shape
     * inference can fold them without the inputs' values; null otherwise (the default).
     */
    default Tensor[] valuesFromShapes(NodeContext ctx) {
        return null;
    }

    /**
     * When the node does nothing but limit its float32 input to an interval known from its attributes
     * and constant inputs (Relu, Clip): the interval, {lower, upper}; null otherwise (the default).
     */
    default float[] clampBounds(NodeContext ctx) {
        return null;
    }

    /**
     * A kernel for this node that also limits its float32 output to {@code clamp} ({lower, upper}), as
     * {@link #clampBounds} describes a following node; null when the operator cannot (the default). A
     * session uses it to run such a pair of nodes as one.
     */
    default Kernel clampedKernel(NodeContext ctx, float[] clamp) {
        return null;
    }
}
