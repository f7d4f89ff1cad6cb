package org.ktcj.runtime.fx;

import org.ktcj.runtime.exec.SessionOptions;
import org.ktcj.runtime.ops.OperatorRegistry;
import org.ktcj.runtime.ops.StandardOperators;
import org.ktcj.runtime.quant.FixedPointModel;

/**
 * The integer operators of domain {@value FixedPointModel#FX_DOMAIN} (docs/fixed-point.md): Conv, Gemm,
 * Affine, Add, Sub, Mul, AveragePool, GlobalAveragePool, Lookup, Quantize, Dequantize. Run a fixed-point
 * model with {@code new SessionOptions(threads, FixedPointOperators.registry())}.
 */
public final class FixedPointOperators {
    private static final OperatorRegistry REGISTRY = make();

    private FixedPointOperators() {
    }

    /** The standard operators and the integer ones (shared; do not register more into it). */
    public static OperatorRegistry registry() {
        return REGISTRY;
    }

    /** Session options with this registry and {@code threads} threads (0: one per core). */
    public static SessionOptions sessionOptions(int threads) {
        return new SessionOptions(threads, REGISTRY);
    }

    /** Adds the integer operators to {@code r}. */
    public static void register(OperatorRegistry r) {
        String d = FixedPointModel.FX_DOMAIN;
        r.register(d, "Conv", 1, new FxConv());
        r.register(d, "Gemm", 1, new FxGemm());
        r.register(d, "Affine", 1, new FxAffine());
        r.register(d, "Add", 1, new FxBinary(FxBinary.Kind.ADD));
        r.register(d, "Sub", 1, new FxBinary(FxBinary.Kind.SUB));
        r.register(d, "Mul", 1, new FxBinary(FxBinary.Kind.MUL));
        r.register(d, "AveragePool", 1, new FxAveragePool(false));
        r.register(d, "GlobalAveragePool", 1, new FxAveragePool(true));
        r.register(d, "Lookup", 1, new FxLookup());
        r.register(d, "Quantize", 1, new FxQuantize());
        r.register(d, "Dequantize", 1, new FxDequantize());
    }

    private static OperatorRegistry make() {
        OperatorRegistry r = new OperatorRegistry();
        StandardOperators.registerAll(r);
        register(r);
        return r;
    }
}
