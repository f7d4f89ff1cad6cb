package org.ktcj.spi.chip;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The bit widths a chip computes in: feature maps ("datapath") and weights. Model inputs, model outputs
 * and CPU nodes take the datapath widths (Kneron's {@code model_in/out_bitwidth_mode} and
 * {@code cpu_node_bitwidth_mode} have the datapath's limits).
 *
 * @param datapath widths for feature maps, not empty
 * @param weights  widths for weights, not empty
 */
public record BitWidths(Set<BitWidth> datapath, Set<BitWidth> weights) {
    public BitWidths {
        datapath = copy(datapath, "datapath");
        weights = copy(weights, "weights");
    }

    public boolean supportsDatapath(BitWidth width) {
        return datapath.contains(width);
    }

    public boolean supportsWeights(BitWidth width) {
        return weights.contains(width);
    }

    private static Set<BitWidth> copy(Set<BitWidth> widths, String what) {
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("a chip needs at least one " + what + " bit width");
        }
        return Collections.unmodifiableSet(EnumSet.copyOf(widths));
    }
}
