package org.ktcj.runtime.bie;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Dim;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Shape;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.runtime.bie.proto.BieProto;
import org.ktcj.spi.ModelFormatException;

/**
 * The IR model, graph by graph, in the {@code .bie} message and back: every part of {@link Model},
 * {@link Graph}, {@link Node}, {@link Attribute} and {@link ValueInfo}, subgraphs included. Tensors go
 * through {@link TensorCodec}. One instance encodes one file and counts the tensor bytes it wrapped.
 */
final class ModelCodec {
    private long tensorBytes;

    /** The raw tensor bytes of everything encoded so far. */
    long tensorBytes() {
        return tensorBytes;
    }

    // ---- IR to message --------------------------------------------------------------------------

    BieProto.Model toProto(Model m) {
        BieProto.Model.Builder b = BieProto.Model.newBuilder().setGraph(graph(m.graph()))
                .setIrVersion(m.irVersion()).setProducerName(m.producerName())
                .setProducerVersion(m.producerVersion()).setDomain(m.domain()).setModelVersion(m.modelVersion())
                .setDocString(m.docString());
        m.opsets().forEach((domain, version) -> b.addOpsetImportsBuilder().setDomain(domain).setVersion(version));
        m.metadata().forEach((k, v) -> b.addMetadata(entry(k, v)));
        return b.build();
    }

    static BieProto.Entry entry(String key, String value) {
        return BieProto.Entry.newBuilder().setKey(key).setValue(value).build();
    }

    private BieProto.Graph graph(Graph g) {
        BieProto.Graph.Builder b = BieProto.Graph.newBuilder().setName(g.name()).setDocString(g.docString());
        g.inputs().forEach(v -> b.addInputs(valueInfo(v)));
        g.outputs().forEach(v -> b.addOutputs(valueInfo(v)));
        g.initializers().forEach((name, t) -> b.addInitializersBuilder().setName(name).setTensor(tensor(t)));
        g.nodes().forEach(n -> b.addNodes(node(n)));
        g.valueInfo().values().forEach(v -> b.addValueInfo(valueInfo(v)));
        // Sorted: the IR keeps a set, and the same model should always give the same bytes.
        b.addAllOuterScope(new TreeSet<>(g.outerScope()));
        return b.build();
    }

    private BieProto.Node node(Node n) {
        BieProto.Node.Builder b = BieProto.Node.newBuilder().setName(n.name()).setOpType(n.opType())
                .setDomain(n.domain()).addAllInputs(n.inputs()).addAllOutputs(n.outputs())
                .setDocString(n.docString());
        n.attributes().values().forEach(a -> b.addAttributes(attribute(a)));
        return b.build();
    }

    private BieProto.Attribute attribute(Attribute a) {
        BieProto.Attribute.Builder b = BieProto.Attribute.newBuilder().setName(a.name());
        switch (a.kind()) {
            case FLOAT -> b.setF(a.floatValue());
            case INT -> b.setI(a.intValue());
            case STRING -> b.setS(a.stringValue());
            case TENSOR -> b.setT(tensor(a.tensorValue()));
            case GRAPH -> b.setG(graph(a.graphValue()));
            case FLOATS -> {
                BieProto.Floats.Builder list = b.getFloatsBuilder();
                for (float f : a.floats()) {
                    list.addValues(f);
                }
            }
            case INTS -> {
                BieProto.Ints.Builder list = b.getIntsBuilder();
                for (long i : a.ints()) {
                    list.addValues(i);
                }
            }
            case STRINGS -> b.getStringsBuilder().addAllValues(a.strings());
            // Asking for the list's builder sets the kind, even for an empty list.
            case TENSORS -> {
                BieProto.Tensors.Builder list = b.getTensorsBuilder();
                a.tensors().forEach(t -> list.addValues(tensor(t)));
            }
            case GRAPHS -> {
                BieProto.Graphs.Builder list = b.getGraphsBuilder();
                a.graphs().forEach(g -> list.addValues(graph(g)));
            }
        }
        return b.build();
    }

    private BieProto.Tensor tensor(Tensor t) {
        tensorBytes += (long) t.size() * Math.max(1, t.type().byteSize());
        return TensorCodec.toProto(t);
    }

    private static BieProto.ValueInfo valueInfo(ValueInfo v) {
        BieProto.ValueInfo.Builder b = BieProto.ValueInfo.newBuilder().setName(v.name())
                .setDataTypeValue(TensorCodec.typeCode(v.type()));
        if (v.shape() != null) {
            BieProto.Shape.Builder shape = b.getShapeBuilder();
            for (Dim d : v.shape().dims()) {
                shape.addDims(dim(d));
            }
        }
        return b.build();
    }

    private static BieProto.Dim dim(Dim d) {
        BieProto.Dim.Builder b = BieProto.Dim.newBuilder();
        if (d.isKnown()) {
            b.setSize(d.size());
        } else if (d.symbol() != null) {
            b.setSymbol(d.symbol());
        }
        return b.build();
    }

    // ---- message to IR --------------------------------------------------------------------------

    /**
     * The model a message holds.
     *
     * @param what the model's description for errors ("the fixed-point model")
     */
    static Model fromProto(BieProto.Model p, String what) {
        if (!p.hasGraph()) {
            throw new ModelFormatException(what + " has no graph");
        }
        Model.Builder b = Model.builder(graph(p.getGraph(), what + "'s graph")).irVersion(p.getIrVersion())
                .producer(p.getProducerName(), p.getProducerVersion()).domain(p.getDomain())
                .modelVersion(p.getModelVersion()).docString(p.getDocString());
        for (BieProto.OpsetImport o : p.getOpsetImportsList()) {
            if (o.getVersion() < 0 || o.getVersion() > Integer.MAX_VALUE) {
                throw new ModelFormatException(what + " imports opset '" + o.getDomain() + "' version " + o.getVersion());
            }
            b.opset(o.getDomain(), (int) o.getVersion());
        }
        p.getMetadataList().forEach(e -> b.metadata(e.getKey(), e.getValue()));
        return b.build();
    }

    private static Graph graph(BieProto.Graph p, String what) {
        Graph.Builder b = Graph.builder().name(p.getName()).docString(p.getDocString());
        p.getInputsList().forEach(v -> b.input(valueInfo(v, what)));
        p.getOutputsList().forEach(v -> b.output(valueInfo(v, what)));
        for (BieProto.Initializer i : p.getInitializersList()) {
            b.initializer(i.getName(), TensorCodec.fromProto(i.getTensor(), "initializer '" + i.getName() + "' of " + what));
        }
        p.getValueInfoList().forEach(v -> b.valueInfo(valueInfo(v, what)));
        b.outerScope(p.getOuterScopeList());
        for (BieProto.Node n : p.getNodesList()) {
            b.node(node(n, what));
        }
        return b.build();
    }

    private static Node node(BieProto.Node p, String what) {
        Node.Builder b = Node.builder(p.getOpType()).name(p.getName()).domain(p.getDomain())
                .inputs(p.getInputsList()).outputs(p.getOutputsList()).docString(p.getDocString());
        String where = p.getOpType() + " node '" + p.getName() + "' of " + what;
        for (BieProto.Attribute a : p.getAttributesList()) {
            b.attr(attribute(a, "attribute '" + a.getName() + "' of " + where));
        }
        return b.build();
    }

    private static Attribute attribute(BieProto.Attribute p, String what) {
        String name = p.getName();
        return switch (p.getValueCase()) {
            case F -> Attribute.of(name, p.getF());
            case I -> Attribute.of(name, p.getI());
            case S -> Attribute.of(name, p.getS());
            case T -> Attribute.of(name, TensorCodec.fromProto(p.getT(), what));
            case G -> Attribute.of(name, graph(p.getG(), what));
            case FLOATS -> Attribute.of(name, floats(p.getFloats()));
            case INTS -> Attribute.of(name, ints(p.getInts()));
            case STRINGS -> Attribute.ofStrings(name, p.getStrings().getValuesList());
            case TENSORS -> Attribute.ofTensors(name, tensors(p.getTensors(), what));
            case GRAPHS -> Attribute.ofGraphs(name, graphs(p.getGraphs(), what));
            case VALUE_NOT_SET -> throw new ModelFormatException(what + " has no value");
        };
    }

    private static float[] floats(BieProto.Floats p) {
        float[] out = new float[p.getValuesCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.getValues(i);
        }
        return out;
    }

    private static long[] ints(BieProto.Ints p) {
        long[] out = new long[p.getValuesCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = p.getValues(i);
        }
        return out;
    }

    private static List<Tensor> tensors(BieProto.Tensors p, String what) {
        List<Tensor> out = new ArrayList<>(p.getValuesCount());
        for (int i = 0; i < p.getValuesCount(); i++) {
            out.add(TensorCodec.fromProto(p.getValues(i), what + " [" + i + "]"));
        }
        return out;
    }

    private static List<Graph> graphs(BieProto.Graphs p, String what) {
        List<Graph> out = new ArrayList<>(p.getValuesCount());
        for (int i = 0; i < p.getValuesCount(); i++) {
            out.add(graph(p.getValues(i), what + " [" + i + "]"));
        }
        return out;
    }

    private static ValueInfo valueInfo(BieProto.ValueInfo p, String what) {
        String where = "value '" + p.getName() + "' of " + what;
        Shape shape = null;
        if (p.hasShape()) {
            List<Dim> dims = new ArrayList<>(p.getShape().getDimsCount());
            p.getShape().getDimsList().forEach(d -> dims.add(dim(d, where)));
            shape = Shape.of(dims);
        }
        return new ValueInfo(p.getName(), TensorCodec.dataType(p.getDataTypeValue(), where), shape);
    }

    private static Dim dim(BieProto.Dim p, String what) {
        return switch (p.getValueCase()) {
            case SIZE -> {
                if (p.getSize() < 0) {
                    throw new ModelFormatException(what + " has negative dimension " + p.getSize());
                }
                yield Dim.of(p.getSize());
            }
            case SYMBOL -> Dim.symbol(p.getSymbol());
            case VALUE_NOT_SET -> Dim.unknown();
        };
    }

    /** Entries as a map in their order; a key given twice is an error. */
    static Map<String, String> entries(List<BieProto.Entry> list, String what) {
        Map<String, String> out = new LinkedHashMap<>();
        for (BieProto.Entry e : list) {
            if (out.put(e.getKey(), e.getValue()) != null) {
                throw new ModelFormatException(what + " has '" + e.getKey() + "' twice");
            }
        }
        return out;
    }
}
