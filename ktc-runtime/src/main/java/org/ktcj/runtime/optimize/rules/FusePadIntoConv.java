package org.ktcj.runtime.optimize.rules;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code Conv(Pad(x, p, 0)) -> Conv(x, pads + p)}: zero padding of the spatial axes, in constant mode,
 * is what a convolution's own pads do. Not for reflect or edge modes, a non-zero fill, padded batch or
 * channel axes, or pads that are not constants.
 */
public final class FusePadIntoConv extends Rule {
    public FusePadIntoConv() {
        super("fuse-pad-into-conv", "Conv(Pad(x, p)) -> Conv(x, pads + p)", "Conv");
    }

    @Override
    public boolean condition(Node conv, GraphEditor g) {
        Node pad = PadFusion.pad(conv, g);
        return pad != null && PadFusion.value(pad, g) == 0;
    }

    @Override
    public boolean apply(Node conv, GraphEditor g) {
        Node pad = g.producer(conv.input(0));
        long[] pads = PadFusion.combined(conv, pad, g);
        List<String> ins = new ArrayList<>(conv.inputs());
        ins.set(0, pad.input(0));
        g.remove(pad);
        g.replace(conv, conv.toBuilder().inputs(ins).attr("pads", pads).build());
        return true;
    }
}
