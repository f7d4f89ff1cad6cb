/**
 * The optimizer and the model editor: Kneron's {@code onnx2onnx_flow}, {@code torch_exported_onnx_flow},
 * opset upgrade and {@code editor.py}, on the IR.
 *
 * <p>{@link org.ktcj.runtime.optimize.Optimizer} runs a flow, a declared list of
 * {@link org.ktcj.runtime.optimize.GraphPass}es; most are {@link org.ktcj.runtime.optimize.RuleSet}s of
 * {@link org.ktcj.runtime.optimize.RewriteRule}s (a name, target op types, a cheap condition and an
 * apply, in the shape of ONNX Runtime's rewrite rules), run to a fixed point. Every pass and rule can be
 * skipped by name. They all edit a {@link org.ktcj.runtime.optimize.GraphEditor}, which keeps the
 * indexes and the facts (types, shapes, constants, symbolic shape elements) rules ask for, and is the one
 * home of rewiring a value's readers and of removing a node that passes its input through.
 *
 * <p>{@link org.ktcj.runtime.optimize.OpsetUpgrade} brings older models to a newer opset;
 * {@link org.ktcj.runtime.optimize.ModelEditor} edits a model by hand.
 */
package org.ktcj.runtime.optimize;
