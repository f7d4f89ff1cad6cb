/**
 * The IP evaluator: where each node of a model runs on a chip, and how long the chip's NPU takes.
 *
 * <p>{@link org.ktcj.runtime.evaluate.Evaluator#evaluate Evaluator.evaluate(model, chip)} returns an
 * {@link org.ktcj.runtime.evaluate.EvaluationReport}, or throws
 * {@link org.ktcj.runtime.evaluate.UnsupportedNodeException} (Kneron's "undefined CPU op" error, with the
 * report) when a node runs nowhere. The report renders as text ({@link org.ktcj.runtime.evaluate.TextReport}),
 * JSON ({@link org.ktcj.runtime.evaluate.JsonReport}) and a self-contained HTML page
 * ({@link org.ktcj.runtime.evaluate.HtmlReport}).
 *
 * <p>One performance model serves every chip; a chip supplies only its figures
 * ({@link org.ktcj.spi.chip.ChipTarget#hardware()}). The model and its calibration against Kneron's
 * published times are described in {@code docs/performance-model.md}.
 */
package org.ktcj.runtime.evaluate;
