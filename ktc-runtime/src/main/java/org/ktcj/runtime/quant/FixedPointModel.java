package org.ktcj.runtime.quant;

import java.util.Map;
import org.ktcj.ir.Graph;
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

    /**
     * The fixed-point model's name for the integer form of a float model's value: the value's own name,
     * or at the model's inputs and outputs, where the float keeps the name, the name with ":fx".
     */
    public String integerName(String floatValue) {
        Graph g = floatModel.graph();
        boolean border = g.isOutput(floatValue) || g.inputs().stream().anyMatch(i -> i.name().equals(floatValue));
        return border ? floatValue + Lowering.INTEGER : floatValue;
    }
}
