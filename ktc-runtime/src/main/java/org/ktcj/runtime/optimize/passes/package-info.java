/**
 * The whole-graph passes of the optimizer flows that are not rewrite rules: shape inference, weight
 * duplication, tail elimination, and removing unused initializers.
 */
package org.ktcj.runtime.optimize.passes;
