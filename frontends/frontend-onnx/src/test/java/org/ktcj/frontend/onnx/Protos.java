package org.ktcj.frontend.onnx;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.AttributeProto.AttributeType;
import org.ktcj.frontend.onnx.proto.OnnxProto.GraphProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ModelProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.NodeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TensorShapeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.TypeProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.ValueInfoProto;

/** Terse builders for hand-made ONNX messages in tests. */
final class Protos {
    static final int FLOAT = 1;
    static final int BOOL = 9;

    private Protos() {
    }

    /** A tensor-typed value; each dim is a Number (dim_value), a String (dim_param) or null (neither). */
    static ValueInfoProto tensor(String name, int elemType, Object... dims) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(elemType);
        TensorShapeProto.Builder shape = t.getShapeBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder db = shape.addDimBuilder();
            if (d instanceof Number n) {
                db.setDimValue(n.longValue());
            } else if (d instanceof String s) {
                db.setDimParam(s);
            }
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    static ValueInfoProto sequenceOfFloats(String name) {
        TypeProto element = floatTensorType();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setSequenceType(TypeProto.Sequence.newBuilder().setElemType(element)))
                .build();
    }

    static ValueInfoProto optionalOfFloats(String name) {
        TypeProto element = floatTensorType();
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setOptionalType(TypeProto.Optional.newBuilder().setElemType(element)))
                .build();
    }

    private static TypeProto floatTensorType() {
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT)).build();
    }

    static NodeProto.Builder node(String opType, String name, List<String> inputs, List<String> outputs) {
        return NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs);
    }

    static AttributeProto graphAttr(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.GRAPH).setG(g).build();
    }

    static AttributeProto stringAttr(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    /** A model around the graph: IR version 8, default-domain opset 13. */
    static ModelProto.Builder model(GraphProto.Builder graph) {
        ModelProto.Builder m = ModelProto.newBuilder().setIrVersion(8).setGraph(graph);
        m.addOpsetImportBuilder().setDomain("").setVersion(13);
        return m;
    }

    /** x -> Relu -> y, the smallest useful model. */
    static ModelProto.Builder reluModel() {
        return model(GraphProto.newBuilder().setName("g").addInput(tensor("x", FLOAT, 2))
                .addOutput(tensor("y", FLOAT, 2)).addNode(node("Relu", "relu", List.of("x"), List.of("y"))));
    }

    static Path write(Path dir, String fileName, ModelProto.Builder model) throws IOException {
        return Files.write(dir.resolve(fileName), model.build().toByteArray());
    }
}
