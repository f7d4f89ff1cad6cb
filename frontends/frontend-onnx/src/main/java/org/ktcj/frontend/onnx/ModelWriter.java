package org.ktcj.frontend.onnx;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.function.Consumer;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import org.ktcj.frontend.onnx.proto.OnnxProto.GraphProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ModelProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.NodeProto;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;

/** Converts the IR to ONNX messages. Initializers go inline, or to external data when a writer is given. */
final class ModelWriter {
    private final ExternalDataWriter external;

    /** @param external where large initializers go, or null to keep every tensor inline */
    ModelWriter(ExternalDataWriter external) {
        this.external = external;
    }

    /** The model as a {@code ModelProto}. */
    ModelProto model(Model m) {
        ModelProto.Builder b = ModelProto.newBuilder().setIrVersion(m.irVersion()).setModelVersion(m.modelVersion());
        setIfPresent(m.producerName(), b::setProducerName);
        setIfPresent(m.producerVersion(), b::setProducerVersion);
        setIfPresent(m.domain(), b::setDomain);
        setIfPresent(m.docString(), b::setDocString);
        m.opsets().forEach((domain, version) -> b.addOpsetImportBuilder().setDomain(domain).setVersion(version));
        m.metadata().forEach((k, v) -> b.addMetadataPropsBuilder().setKey(k).setValue(v));
        // Before IR version 4 every initializer had to be a graph input as well.
        return b.setGraph(graph(m.graph(), m.irVersion() < 4)).build();
    }

    /** Sum of the raw sizes of the initializers of a graph and its subgraphs. */
    static long initializerBytes(Graph g) {
        long sum = 0;
        for (Tensor t : g.initializers().values()) {
            sum += (long) t.size() * t.type().byteSize();
        }
        for (Node n : g.nodes()) {
            for (Attribute a : n.attributes().values()) {
                if (a.kind() == Attribute.Kind.GRAPH) {
                    sum += initializerBytes(a.graphValue());
                } else if (a.kind() == Attribute.Kind.GRAPHS) {
                    for (Graph sub : a.graphs()) {
                        sum += initializerBytes(sub);
                    }
                }
            }
        }
        return sum;
    }

    private GraphProto graph(Graph g, boolean initializersAsInputs) {
        GraphProto.Builder b = GraphProto.newBuilder();
        setIfPresent(g.name(), b::setName);
        setIfPresent(g.docString(), b::setDocString);
        for (ValueInfo v : g.inputs()) {
            b.addInput(OnnxTypes.toProto(v));
        }
        for (Map.Entry<String, Tensor> e : g.initializers().entrySet()) {
            Tensor t = e.getValue();
            if (initializersAsInputs) {
                b.addInput(OnnxTypes.toProto(ValueInfo.of(e.getKey(), t.type(), t.shape())));
            }
            b.addInitializer(external != null ? external.tensor(e.getKey(), t) : OnnxTensors.toProto(e.getKey(), t));
        }
        for (ValueInfo v : g.outputs()) {
            b.addOutput(OnnxTypes.toProto(v));
        }
        for (ValueInfo v : g.valueInfo().values()) {
            b.addValueInfo(OnnxTypes.toProto(v));
        }
        for (Node n : g.nodes()) {
            b.addNode(node(n));
        }
        return b.build();
    }

    private NodeProto node(Node n) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType())
                .addAllInput(n.inputs()).addAllOutput(n.outputs());
        setIfPresent(n.domain(), b::setDomain);
        setIfPresent(n.docString(), b::setDocString);
        for (Attribute a : n.attributes().values()) {
            b.addAttribute(attribute(a));
        }
        return b.build();
    }

    private AttributeProto attribute(Attribute a) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name());
        switch (a.kind()) {
            case FLOAT -> b.setType(AttributeType.FLOAT).setF(a.floatValue());
            case INT -> b.setType(AttributeType.INT).setI(a.intValue());
            case STRING -> b.setType(AttributeType.STRING).setS(ByteString.copyFromUtf8(a.stringValue()));
            case TENSOR -> b.setType(AttributeType.TENSOR).setT(OnnxTensors.toProto(null, a.tensorValue()));
            case GRAPH -> b.setType(AttributeType.GRAPH).setG(graph(a.graphValue(), false));
            case FLOATS -> {
                b.setType(AttributeType.FLOATS);
                for (float f : a.floats()) {
                    b.addFloats(f);
                }
            }
            case INTS -> {
                b.setType(AttributeType.INTS);
                for (long i : a.ints()) {
                    b.addInts(i);
                }
            }
            case STRINGS -> {
                b.setType(AttributeType.STRINGS);
                a.strings().forEach(s -> b.addStrings(ByteString.copyFromUtf8(s)));
            }
            case TENSORS -> {
                b.setType(AttributeType.TENSORS);
                a.tensors().forEach(t -> b.addTensors(OnnxTensors.toProto(null, t)));
            }
            case GRAPHS -> {
                b.setType(AttributeType.GRAPHS);
                a.graphs().forEach(g -> b.addGraphs(graph(g, false)));
            }
        }
        return b.build();
    }

    /** Leaves empty strings unset, as ONNX's writers do. */
    private static void setIfPresent(String value, Consumer<String> setter) {
        if (value != null && !value.isEmpty()) {
            setter.accept(value);
        }
    }
}
