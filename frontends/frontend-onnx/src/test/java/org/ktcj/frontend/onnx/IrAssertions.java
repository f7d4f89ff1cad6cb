package org.ktcj.frontend.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;

/** Structural equality of IR models: names, attributes and numbers exactly (NaN bits included). */
final class IrAssertions {
    private IrAssertions() {
    }

    static void assertSameModel(Model expected, Model actual) {
        assertEquals(expected.irVersion(), actual.irVersion(), "ir version");
        assertEquals(expected.opsets(), actual.opsets(), "opsets");
        assertEquals(expected.producerName(), actual.producerName(), "producer name");
        assertEquals(expected.producerVersion(), actual.producerVersion(), "producer version");
        assertEquals(expected.domain(), actual.domain(), "domain");
        assertEquals(expected.modelVersion(), actual.modelVersion(), "model version");
        assertEquals(expected.docString(), actual.docString(), "doc string");
        assertEquals(expected.metadata(), actual.metadata(), "metadata");
        assertSameGraph(expected.graph(), actual.graph(), "graph");
    }

    static void assertSameGraph(Graph expected, Graph actual, String where) {
        String at = where + " '" + expected.name() + "'";
        assertEquals(expected.name(), actual.name(), at + " name");
        assertEquals(expected.docString(), actual.docString(), at + " doc string");
        assertEquals(expected.inputs(), actual.inputs(), at + " inputs");
        assertEquals(expected.outputs(), actual.outputs(), at + " outputs");
        assertEquals(expected.valueInfo(), actual.valueInfo(), at + " value_info");
        assertEquals(expected.outerScope(), actual.outerScope(), at + " outer scope");
        assertEquals(List.copyOf(expected.initializers().keySet()), List.copyOf(actual.initializers().keySet()),
                at + " initializer names");
        expected.initializers().forEach((name, t) ->
                assertSameTensor(t, actual.initializer(name), at + " initializer '" + name + "'"));
        assertEquals(names(expected), names(actual), at + " nodes");
        for (Node e : expected.nodes()) {
            assertSameNode(e, actual.node(e.name()), at + " node '" + e.name() + "'");
        }
    }

    static void assertSameTensor(Tensor expected, Tensor actual, String where) {
        assertEquals(expected.type(), actual.type(), where + " type");
        assertArrayEquals(expected.shape(), actual.shape(), where + " shape");
        assertTrue(expected.contentEquals(actual), where + " data");
    }

    private static void assertSameNode(Node expected, Node actual, String where) {
        assertEquals(expected.opType(), actual.opType(), where + " op type");
        assertEquals(expected.domain(), actual.domain(), where + " domain");
        assertEquals(expected.docString(), actual.docString(), where + " doc string");
        assertEquals(expected.inputs(), actual.inputs(), where + " inputs");
        assertEquals(expected.outputs(), actual.outputs(), where + " outputs");
        assertEquals(List.copyOf(expected.attributes().keySet()), List.copyOf(actual.attributes().keySet()),
                where + " attribute names");
        for (Attribute a : expected.attributes().values()) {
            assertSameAttribute(a, actual.attribute(a.name()), where + " attribute '" + a.name() + "'");
        }
    }

    private static void assertSameAttribute(Attribute expected, Attribute actual, String where) {
        assertEquals(expected.kind(), actual.kind(), where + " kind");
        switch (expected.kind()) {
            case FLOAT -> assertEquals(Float.floatToRawIntBits(expected.floatValue()),
                    Float.floatToRawIntBits(actual.floatValue()), where);
            case INT -> assertEquals(expected.intValue(), actual.intValue(), where);
            case STRING -> assertEquals(expected.stringValue(), actual.stringValue(), where);
            case TENSOR -> assertSameTensor(expected.tensorValue(), actual.tensorValue(), where);
            case GRAPH -> assertSameGraph(expected.graphValue(), actual.graphValue(), where + " graph");
            case FLOATS -> assertArrayEquals(floatBits(expected.floats()), floatBits(actual.floats()), where);
            case INTS -> assertArrayEquals(expected.ints(), actual.ints(), where);
            case STRINGS -> assertEquals(expected.strings(), actual.strings(), where);
            case TENSORS -> {
                assertEquals(expected.tensors().size(), actual.tensors().size(), where + " count");
                for (int i = 0; i < expected.tensors().size(); i++) {
                    assertSameTensor(expected.tensors().get(i), actual.tensors().get(i), where + "[" + i + "]");
                }
            }
            case GRAPHS -> {
                assertEquals(expected.graphs().size(), actual.graphs().size(), where + " count");
                for (int i = 0; i < expected.graphs().size(); i++) {
                    assertSameGraph(expected.graphs().get(i), actual.graphs().get(i), where + "[" + i + "]");
                }
            }
        }
    }

    private static List<String> names(Graph g) {
        List<String> out = new ArrayList<>();
        g.nodes().forEach(n -> out.add(n.name()));
        return out;
    }

    private static int[] floatBits(float[] f) {
        int[] bits = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            bits[i] = Float.floatToRawIntBits(f[i]);
        }
        return bits;
    }
}
