package org.ktcj.runtime.bie;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.DataType;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.runtime.quant.FixedPointModel;

/**
 * Every detail of a fixed-point model as text, one fact per line, so that two models compare with one
 * assertEquals and a failure shows the differing lines. Numbers appear as their bits (floats as hex of
 * their raw bits, tensors as their little-endian bytes), so equality is bit for bit.
 */
final class ModelDump {
    private final StringBuilder out = new StringBuilder();

    private ModelDump() {
    }

    static String of(FixedPointModel m) {
        ModelDump d = new ModelDump();
        d.line("", "chip " + m.chipId());
        d.model("float", m.floatModel());
        d.model("fixed", m.fixedModel());
        new TreeMap<>(m.params()).forEach((name, q) -> d.line("", "params " + name + " " + q.bits() + " " + q.axis()
                + " " + Arrays.toString(q.radix()) + " " + floatBits(q.scale()) + " "
                + Integer.toHexString(Float.floatToRawIntBits(q.min())) + " "
                + Integer.toHexString(Float.floatToRawIntBits(q.max()))));
        new TreeMap<>(m.options()).forEach((k, v) -> d.line("", "option " + k + "=" + v));
        return d.out.toString();
    }

    private void model(String at, Model m) {
        line(at, "ir " + m.irVersion() + " producer '" + m.producerName() + "' '" + m.producerVersion()
                + "' domain '" + m.domain() + "' version " + m.modelVersion() + " doc '" + m.docString() + "'");
        line(at, "opsets " + m.opsets());
        line(at, "metadata " + m.metadata());
        graph(at + "/graph", m.graph());
    }

    private void graph(String at, Graph g) {
        line(at, "name '" + g.name() + "' doc '" + g.docString() + "'");
        g.inputs().forEach(v -> line(at, "input " + v + " " + symbols(v.shape())));
        g.outputs().forEach(v -> line(at, "output " + v + " " + symbols(v.shape())));
        g.valueInfo().forEach((k, v) -> line(at, "value_info " + k + " " + v + " " + symbols(v.shape())));
        line(at, "outer scope " + new TreeSet<>(g.outerScope()));
        g.initializers().forEach((name, t) -> line(at, "initializer " + name + " " + tensor(t)));
        for (Node n : g.nodes()) {
            String nodeAt = at + "/" + n.name();
            line(nodeAt, n.domain() + "." + n.opType() + " " + n.inputs() + " -> " + n.outputs() + " doc '"
                    + n.docString() + "'");
            n.attributes().values().forEach(a -> attribute(nodeAt + "@" + a.name(), a));
        }
    }

    private void attribute(String at, Attribute a) {
        switch (a.kind()) {
            case FLOAT -> line(at, "float " + Integer.toHexString(Float.floatToRawIntBits(a.floatValue())));
            case INT -> line(at, "int " + a.intValue());
            case STRING -> line(at, "string '" + a.stringValue() + "'");
            case TENSOR -> line(at, "tensor " + tensor(a.tensorValue()));
            case GRAPH -> graph(at, a.graphValue());
            case FLOATS -> line(at, "floats " + floatBits(a.floats()));
            case INTS -> line(at, "ints " + Arrays.toString(a.ints()));
            case STRINGS -> line(at, "strings " + a.strings());
            case TENSORS -> a.tensors().forEach(t -> line(at, "tensors " + tensor(t)));
            case GRAPHS -> {
                line(at, "graphs " + a.graphs().size());
                for (int i = 0; i < a.graphs().size(); i++) {
                    graph(at + "[" + i + "]", a.graphs().get(i));
                }
            }
        }
    }

    private static String tensor(Tensor t) {
        String data = t.type() == DataType.STRING
                ? Arrays.toString(Arrays.copyOf(t.strings(), t.size()))
                : HexFormat.of().formatHex(bytes(t));
        return t.type() + Arrays.toString(t.shape()) + " " + data;
    }

    private static byte[] bytes(Tensor t) {
        ByteBuffer b = t.toRawBytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** Each dimension's size and symbol (ValueInfo's text prints an unknown one and a symbol "?" alike). */
    private static String symbols(Shape s) {
        if (s == null) {
            return "(no shape)";
        }
        StringBuilder b = new StringBuilder();
        s.dims().forEach(d -> b.append(d.size()).append(':').append(d.symbol()).append(' '));
        return b.toString();
    }

    private static String floatBits(float[] f) {
        StringBuilder b = new StringBuilder("[");
        for (float x : f) {
            b.append(Integer.toHexString(Float.floatToRawIntBits(x))).append(' ');
        }
        return b.append(']').toString();
    }

    private void line(String at, String fact) {
        out.append(at).append(": ").append(fact).append('\n');
    }
}
