/**
 * The conditions of the operator table as data: a small language of checks, evaluated on a
 * {@link org.ktcj.spi.chip.ShapedNode}. One engine serves every chip; a condition that is not a plain
 * attribute test gets a named value here, written once.
 *
 * <h2>Form</h2>
 * A check is a JSON object, either a combination
 * <ul>
 *   <li>{@code {"all": [c, ...]}}, {@code {"any": [c, ...]}},
 *   <li>{@code {"if": c, "then": c, "else": c}} ({@code else} optional),
 * </ul>
 * or a leaf: one value, optional modifiers, and predicates that must all pass, for example
 * {@code {"attr": "strides", "default": [1, 1], "index": -1, "max": 16}}.
 *
 * <h2>Values</h2>
 * <ul>
 *   <li>{@code "attr": name}: an attribute; {@code "orInput": i} takes the constant input i instead when
 *       the attribute is absent (opsets moved Clip's min, Pad's pads, Reduce's axes... to inputs);
 *   <li>{@code "value": "inN"}: the constant value of input N;
 *   <li>{@code "const": "inN"}: whether input N is a constant;
 *   <li>{@code "rank": port}, {@code "dims": port}: rank and dimensions of {@code "in0"}, {@code "out0"}...;
 *   <li>{@code "axesChanged": [port, port]}: the axes (numbered from the end: -1 column, -2 row,
 *       -3 channel, -4 batch) whose size differs between two ports;
 *   <li>{@code "resize": "phase" | "delta"}: where a Resize samples its first output pixel and the step
 *       between output pixels, for row and column, from {@code coordinate_transformation_mode}.
 * </ul>
 *
 * <h2>Modifiers</h2>
 * {@code "default"}: the value when absent (the ONNX default); {@code "optional": true}: an absent value
 * passes; then, in this order, {@code "padAxes": [axes]} (begin and end pads of those axes from an ONNX
 * pads list), {@code "axisOf": port} (negative axis numbers made positive with the port's rank),
 * {@code "from": k} (the elements from index k), {@code "index": k} (element k; negative counts from the
 * end; out of range is absent).
 *
 * <h2>Predicates</h2>
 * {@code eq, ne, min, max, gt, lt} against a literal or another value of the node written as an object
 * ({@code "eq": {"attr": "kernel_shape"}}); {@code "in": [...]}; {@code "powerOf2": true};
 * {@code "allEqual": true}; {@code "pattern": [1, 4, "?", "?"]}; and on lists {@code "each"},
 * {@code "len"}, {@code "product"}, each taking an object of predicates.
 *
 * <h2>Outcome</h2>
 * An absent value fails (unless defaulted or optional), an input that must be constant and is not
 * fails, and a shape that is not known makes the outcome unknown, which the placement treats as a
 * failure it reports as such.
 */
package org.ktcj.backend.npu.check;
