package org.ktcj.frontend.onnx;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.ktcj.KtcException;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import org.ktcj.frontend.onnx.proto.OnnxProto.GraphProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.NodeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.SparseTensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ValueInfoProto;
import org.ktcj.ir.Attribute;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Node;
import org.ktcj.ir.Tensor;
import org.ktcj.ir.ValueInfo;
import org.ktcj.spi.ModelFormatException;

/**
 * Converts an ONNX {@code GraphProto}, subgraphs included, to an IR {@link Graph}. Errors are
 * {@link ModelFormatException}s or {@link org.ktcj.ir.InvalidGraphException}s that name the node,
 * attribute or tensor at fault; the caller adds the file name.
 */
final class GraphReader {
    private final Path baseDir;

    /** @param baseDir the model's directory, where external data is found */
    GraphReader(Path baseDir) {
        this.baseDir = baseDir;
    }

    /** The model's main graph. */
    Graph read(GraphProto proto) {
        return build(proto, false);
    }

    private Graph build(GraphProto proto, boolean subgraph) {
        Graph.Builder b = Graph.builder().name(proto.getName()).docString(proto.getDocString());
        for (TensorProto t : proto.getInitializerList()) {
            addInitializer(b, t.getName(), OnnxTensors.fromProto(t, baseDir));
        }
        for (SparseTensorProto s : proto.getSparseInitializerList()) {
            addInitializer(b, s.getValues().getName(), OnnxTensors.fromSparseProto(s, baseDir));
        }
        for (ValueInfoProto in : proto.getInputList()) {
            // Older exporters list the initializers among the inputs too; the IR keeps them only as initializers.
            if (!b.initializers().containsKey(in.getName())) {
                b.input(value(in, "a graph input"));
            }
        }
        for (ValueInfoProto out : proto.getOutputList()) {
            b.output(value(out, "a graph output"));
        }
        for (ValueInfoProto v : proto.getValueInfoList()) {
            b.valueInfo(value(v, "a value_info entry"));
        }
        List<String> names = NodeNames.unique(proto.getNodeList());
        for (int i = 0; i < names.size(); i++) {
            b.node(node(proto.getNode(i), names.get(i)));
        }
        if (subgraph) {
            b.outerScope(outerReads(b));
        }
        return b.build();
    }

    private static void addInitializer(Graph.Builder b, String name, Tensor t) {
        if (name.isEmpty()) {
            throw new ModelFormatException("an initializer has no name");
        }
        if (b.initializers().put(name, t) != null) {
            throw new ModelFormatException("initializer '" + name + "' is defined twice");
        }
    }

    private static ValueInfo value(ValueInfoProto proto, String what) {
        if (proto.getName().isEmpty()) {
            throw new ModelFormatException(what + " has no name");
        }
        return OnnxTypes.fromProto(proto);
    }

    private Node node(NodeProto p, String name) {
        String what = p.getOpType() + " node '" + name + "'";
        if (p.getOpType().isEmpty()) {
            throw new ModelFormatException("node '" + name + "' has no op_type");
        }
        Node.Builder b = Node.builder(p.getOpType()).name(name).domain(p.getDomain()).docString(p.getDocString())
                .inputs(p.getInputList()).outputs(p.getOutputList());
        Set<String> seen = new HashSet<>();
        for (AttributeProto a : p.getAttributeList()) {
            if (!seen.add(a.getName())) {
                throw new ModelFormatException(what + " has attribute '" + a.getName() + "' twice");
            }
            try {
                b.attr(attribute(a));
            } catch (KtcException | IllegalArgumentException e) {
                throw new ModelFormatException(what + " attribute '" + a.getName() + "': " + e.getMessage(), e);
            }
        }
        return b.build();
    }

    private Attribute attribute(AttributeProto a) {
        String name = a.getName();
        if (name.isEmpty()) {
            throw new ModelFormatException("the attribute has no name");
        }
        AttributeType type = a.getType() == AttributeType.UNDEFINED ? impliedType(a) : a.getType();
        return switch (type) {
            case FLOAT -> Attribute.of(name, a.getF());
            case INT -> Attribute.of(name, a.getI());
            case STRING -> Attribute.of(name, a.getS().toStringUtf8());
            case TENSOR -> Attribute.of(name, OnnxTensors.fromProto(a.getT(), baseDir));
            case SPARSE_TENSOR -> Attribute.of(name, OnnxTensors.fromSparseProto(a.getSparseTensor(), baseDir));
            case GRAPH -> Attribute.of(name, build(a.getG(), true));
            case FLOATS -> Attribute.of(name, floats(a));
            case INTS -> Attribute.of(name, a.getIntsList().stream().mapToLong(Long::longValue).toArray());
            case STRINGS -> Attribute.ofStrings(name, a.getStringsList().stream().map(s -> s.toStringUtf8()).toList());
            case TENSORS -> Attribute.ofTensors(name, map(a.getTensorsList(), t -> OnnxTensors.fromProto(t, baseDir)));
            case SPARSE_TENSORS -> Attribute.ofTensors(name,
                    map(a.getSparseTensorsList(), s -> OnnxTensors.fromSparseProto(s, baseDir)));
            case GRAPHS -> Attribute.ofGraphs(name, map(a.getGraphsList(), g -> build(g, true)));
            case TYPE_PROTO, TYPE_PROTOS -> throw new ModelFormatException(
                    type + " attributes are not supported (the IR holds no type values)");
            case UNDEFINED -> throw new ModelFormatException("the attribute has no value");
        };
    }

    /** The kind of an attribute without a type field (written by early exporters): the field that is set. */
    private static AttributeType impliedType(AttributeProto a) {
        if (a.hasF()) {
            return AttributeType.FLOAT;
        } else if (a.hasI()) {
            return AttributeType.INT;
        } else if (a.hasS()) {
            return AttributeType.STRING;
        } else if (a.hasT()) {
            return AttributeType.TENSOR;
        } else if (a.hasG()) {
            return AttributeType.GRAPH;
        } else if (a.hasSparseTensor()) {
            return AttributeType.SPARSE_TENSOR;
        } else if (a.hasTp()) {
            return AttributeType.TYPE_PROTO;
        } else if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        } else if (a.getTensorsCount() > 0) {
            return AttributeType.TENSORS;
        } else if (a.getGraphsCount() > 0) {
            return AttributeType.GRAPHS;
        } else if (a.getSparseTensorsCount() > 0) {
            return AttributeType.SPARSE_TENSORS;
        } else if (a.getTypeProtosCount() > 0) {
            return AttributeType.TYPE_PROTOS;
        }
        return AttributeType.UNDEFINED;
    }

    private static float[] floats(AttributeProto a) {
        float[] f = new float[a.getFloatsCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.getFloats(i);
        }
        return f;
    }

    private static <P, T> List<T> map(List<P> protos, Function<P, T> convert) {
        List<T> out = new ArrayList<>(protos.size());
        for (P p : protos) {
            out.add(convert.apply(p));
        }
        return out;
    }

    /**
     * The names a subgraph reads but does not define: the values it takes from the enclosing scopes.
     * Exactly these (not the whole enclosing scope) go to {@link Graph.Builder#outerScope}, because the
     * enclosing graph orders the node that owns the subgraph after their producers.
     */
    private static Set<String> outerReads(Graph.Builder b) {
        Set<String> defined = new HashSet<>(b.initializers().keySet());
        b.inputs().forEach(v -> defined.add(v.name()));
        Set<String> read = new LinkedHashSet<>();
        for (Node n : b.nodes()) {
            defined.addAll(n.outputs());
            read.addAll(n.inputs());
            for (Attribute a : n.attributes().values()) {
                if (a.kind() == Attribute.Kind.GRAPH) {
                    read.addAll(a.graphValue().outerScope());
                } else if (a.kind() == Attribute.Kind.GRAPHS) {
                    a.graphs().forEach(g -> read.addAll(g.outerScope()));
                }
            }
        }
        b.outputs().forEach(v -> read.add(v.name()));
        read.removeAll(defined);
        read.remove("");
        return read;
    }
}
