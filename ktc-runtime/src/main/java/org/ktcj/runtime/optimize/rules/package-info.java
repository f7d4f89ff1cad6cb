/**
 * The rewrite rules of the optimizer flows, one class per rule, each with its equation in
 * {@link org.ktcj.runtime.optimize.RewriteRule#summary()}: folding constants and shape arithmetic,
 * removing operators that do nothing, fusing a node into its neighbour, replacing costly operators by
 * ones the NPU runs, and the patterns {@code torch.onnx} writes. The flows list them in
 * {@link org.ktcj.runtime.optimize.Optimizer}.
 */
package org.ktcj.runtime.optimize.rules;
