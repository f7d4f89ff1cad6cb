package org.ktcj.runtime.quant;

import java.util.Map;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.exec.Session;
import org.ktcj.runtime.exec.SessionOptions;

/**
 * The table of an element-wise function for the integer Lookup operator: its value at every integer of
 * the input's bit width, computed once by the float simulator's own kernel for the node (so the table
 * follows exactly the float model's function and attributes) and quantized for the output.
 */
final class LookupTables {
    private LookupTables() {
    }

    /** {@code table[i] = quantize(f(dequantize(i + qmin)))}, an INT16 tensor of {@code 2^bits} entries. */
    static Tensor table(Node node, int opset, QuantParams in, QuantParams out) {
        int entries = 1 << in.bits();
        float[] x = new float[entries];
        for (int i = 0; i < entries; i++) {
            x[i] = (float) ((i + in.qmin()) / in.factor(0));
        }
        Graph g = Graph.builder().name("lookup")
                .input(ValueInfo.of("x", DataType.FLOAT, entries))
                .output(ValueInfo.of("y", DataType.FLOAT, entries))
                .node(node.toBuilder().inputs("x").outputs("y").build())
                .build();
        float[] y;
        try (Session s = Session.create(Model.builder(g).opset(opset).build(), SessionOptions.defaults().withThreads(1))) {
            y = s.run(Map.of("x", Tensor.of(x, entries))).get("y").toFloatArray();
        }
        short[] table = new short[entries];
        for (int i = 0; i < entries; i++) {
            table[i] = (short) FixedPoint.quantize(y[i], out.factor(0), out.bits());
        }
        return Tensor.wrap(DataType.INT16, new int[] {entries}, table);
    }
}
