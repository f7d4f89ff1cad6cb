package org.ktcj.runtime.optimize.rules;

import java.util.Arrays;
import org.ktcj.ir.Node;
import org.ktcj.runtime.optimize.GraphEditor;

/**
 * {@code AveragePool(x: [N, C, H, W], kernel=[H, W]) -> GlobalAveragePool(x)}: a window covering the
 * whole map, without padding, is the global average (strides do not matter: there is one window).
 */
public final class AveragePoolToGlobal extends Rule {
    public AveragePoolToGlobal() {
        super("avgpool-to-gap", "AveragePool(x, kernel = whole map) -> GlobalAveragePool(x)", "AveragePool");
    }

    @Override
    public boolean condition(Node n, GraphEditor g) {
        int[] s = g.staticShape(n.input(0));
        long[] kernel = n.attrInts("kernel_shape", null);
        String autoPad = n.attrString("auto_pad", "NOTSET");
        if (s == null || kernel == null || kernel.length != s.length - 2
                || !(autoPad.equals("NOTSET") || autoPad.equals("VALID"))) {
            return false;
        }
        for (int i = 0; i < kernel.length; i++) {
            if (kernel[i] != s[i + 2]) {
                return false;
            }
        }
        long[] pads = n.attrInts("pads", new long[0]);
        long[] dilations = n.attrInts("dilations", new long[0]);
        return Arrays.stream(pads).allMatch(p -> p == 0) && Arrays.stream(dilations).allMatch(d -> d == 1);
    }

    @Override
    public boolean apply(Node n, GraphEditor g) {
        g.replace(n, Node.builder("GlobalAveragePool").name(n.name()).inputs(n.input(0)).outputs(n.output(0)).build());
        return true;
    }
}
