package org.ktcj.runtime.optimize.rules;

import java.util.Arrays;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code AveragePool(Pad(x, p, 0)) -> AveragePool(x, pads + p, count_include_pad=1)}: the padded zeros
 * count in the average, as they did. {@code MaxPool(Pad(x, p, -inf)) -> MaxPool(x, pads + p)}: a max
 * pool's own padding never wins. Not with {@code ceil_mode} (a last window may then reach past the
 * padding, where the two differ), and not for an AveragePool that pads itself without counting the
 * padding, nor a MaxPool fed a finite fill.
 */
public final class FusePadIntoPool extends Rule {
    public FusePadIntoPool() {
        super("fuse-pad-into-pool", "AveragePool(Pad(x, p)) -> AveragePool(x, pads + p)", "AveragePool", "MaxPool");
    }

    @Override
    public boolean condition(Node pool, GraphEditor g) {
        Node pad = PadFusion.pad(pool, g);
        if (pad == null || pool.attrInt("ceil_mode", 0) != 0 || pool.outputs().size() > 1) {
            return false;
        }
        double fill = PadFusion.value(pad, g);
        if (pool.opType().equals("MaxPool")) {
            return fill == Double.NEGATIVE_INFINITY;
        }
        boolean ownPads = Arrays.stream(pool.attrInts("pads", new long[0])).anyMatch(v -> v != 0);
        return fill == 0 && (!ownPads || pool.attrInt("count_include_pad", 0) == 1);
    }

    @Override
    public boolean apply(Node pool, GraphEditor g) {
        Node pad = g.producer(pool.input(0));
        Node.Builder b = pool.toBuilder().inputs(pad.input(0)).attr("pads", PadFusion.combined(pool, pad, g));
        if (pool.opType().equals("AveragePool")) {
            b.attr("count_include_pad", 1L);
        }
        g.remove(pad);
        g.replace(pool, b.build());
        return true;
    }
}
