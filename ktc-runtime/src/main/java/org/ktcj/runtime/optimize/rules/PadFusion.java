package org.ktcj.runtime.optimize.rules;

import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;
import org.ktcj.runtime.optimize.NodeForms;

/**
 * What fusing a Pad into the node that reads it (a convolution or a pool) needs: the Pad is constant
 * mode with constant, non-negative pads on the spatial axes only, its output feeds the node alone, and
 * the node pads explicitly ({@code auto_pad} NOTSET).
 */
final class PadFusion {
    private PadFusion() {
    }

    /** The Pad feeding input 0 of {@code n} when it can be fused, else null. */
    static Node pad(Node n, GraphEditor g) {
        Node pad = Rule.soleProducer(g, n.input(0), "Pad");
        if (pad == null || !n.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
            return null;
        }
        NodeForms.PadSpec p = NodeForms.pad(pad, g);
        int rank = p == null ? -1 : p.pads().length / 2;
        if (p == null || !p.mode().equals("constant") || rank < 3) {
            return null;
        }
        for (int i = 0; i < 2 * rank; i++) {
            long v = p.pads()[i];
            if (v < 0 || (i % rank < 2 && v != 0)) {
                return null;
            }
        }
        return pad;
    }

    /** The node's spatial pads plus the Pad's: ONNX order, begins then ends. */
    static long[] combined(Node n, Node pad, GraphEditor g) {
        long[] p = NodeForms.pad(pad, g).pads();
        int rank = p.length / 2;
        int spatial = rank - 2;
        long[] own = n.attrInts("pads", new long[2 * spatial]);
        long[] out = new long[2 * spatial];
        for (int i = 0; i < spatial; i++) {
            out[i] = own[i] + p[2 + i];
            out[spatial + i] = own[spatial + i] + p[rank + 2 + i];
        }
        return out;
    }

    /** The Pad's fill value. */
    static double value(Node pad, GraphEditor g) {
        return NodeForms.pad(pad, g).value();
    }
}
