package org.ktcj.runtime.quant;

import java.util.Map;
import org.ktcj.ir.Model;

/**
 * What {@code ktc analysis} produces and a {@code .bie} file holds: the optimized float model it started
 * from, the fixed-point model (integer operators of domain {@value #FX_DOMAIN} with integer weights, see
 * docs/fixed-point.md), the fixed-point parameters of every tensor of the fixed-point model by name,
 * the chip it was made for, and the options used (option name to value, as given on the command line).
 */
public record FixedPointModel(String chipId, Model floatModel, Model fixedModel, Map<String, QuantParams> params,
                              Map<String, String> options) {
    /** The domain of the integer operators. */
    public static final String FX_DOMAIN = "ktc.fx";

    public FixedPointModel {
        params = Map.copyOf(params);
        options = Map.copyOf(options);
    }
}
