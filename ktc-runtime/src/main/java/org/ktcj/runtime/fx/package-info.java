/**
 * The integer operators of the fixed-point simulator (domain {@code ktc.fx}, docs/fixed-point.md):
 * {@link org.ktcj.runtime.fx.FixedPointOperators#registry()} adds them to the standard operators for a
 * {@link org.ktcj.runtime.exec.Session}; {@link org.ktcj.runtime.fx.Requant} and
 * {@link org.ktcj.runtime.fx.Multiplier} are their rounding, for the quantizer to choose attributes with.
 */
package org.ktcj.runtime.fx;
