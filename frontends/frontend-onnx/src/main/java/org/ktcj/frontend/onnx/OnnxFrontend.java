package org.ktcj.frontend.onnx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ktcj.KtcException;
import org.ktcj.frontend.onnx.proto.OnnxProto.ModelProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.OperatorSetIdProto;
import org.ktcj.frontend.onnx.proto.OnnxProto.StringStringEntryProto;
import org.ktcj.ir.Graph;
import org.ktcj.ir.Model;
import org.ktcj.spi.ModelFormatException;
import org.ktcj.spi.ModelFrontend;

/** Reads {@code .onnx} models (opsets up to {@value #MAX_OPSET} of the default domain) into the IR. */
public final class OnnxFrontend implements ModelFrontend {
    /** The newest default-domain opset this toolchain reads. */
    public static final int MAX_OPSET = 17;

    /** The frontend as {@link java.util.ServiceLoader} creates it. */
    public OnnxFrontend() {
    }

    @Override
    public String format() {
        return "onnx";
    }

    @Override
    public List<String> fileExtensions() {
        return List.of(".onnx");
    }

    /** Reads the one {@code .onnx} file given; see {@link #read(Path)}. */
    @Override
    public Model importModel(List<Path> files) {
        if (files.size() != 1) {
            throw new ModelFormatException("the ONNX frontend reads one .onnx file, got " + files.size()
                    + ": " + files);
        }
        return read(files.get(0));
    }

    /**
     * Reads an ONNX model. Tensors with raw data stay views of the file's bytes; external data is
     * memory-mapped from files in the model's directory.
     *
     * @throws ModelFormatException with one line naming the file and what is wrong with it
     */
    public static Model read(Path file) {
        return fromBytes(ProtoFiles.readAll(file, "model"), file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Reads a model from the bytes of an {@code .onnx} file.
     *
     * @param source  the file name errors give
     * @param baseDir the directory external data is found in
     */
    static Model fromBytes(byte[] bytes, String source, Path baseDir) {
        ModelProto proto = parse(bytes, source);
        checkHeader(source, proto);
        try {
            Graph graph = new GraphReader(baseDir).read(proto.getGraph());
            Model.Builder b = Model.builder(graph).irVersion(proto.getIrVersion())
                    .producer(proto.getProducerName(), proto.getProducerVersion()).domain(proto.getDomain())
                    .modelVersion(proto.getModelVersion()).docString(proto.getDocString());
            for (OperatorSetIdProto o : proto.getOpsetImportList()) {
                b.opset(o.getDomain(), (int) o.getVersion());
            }
            for (StringStringEntryProto e : proto.getMetadataPropsList()) {
                b.metadata(e.getKey(), e.getValue());
            }
            return b.build();
        } catch (KtcException | IllegalArgumentException e) {
            throw new ModelFormatException(source + ": " + ProtoFiles.oneLine(e), e);
        }
    }

    private static ModelProto parse(byte[] bytes, String source) {
        try {
            return ModelProto.parseFrom(ProtoFiles.aliasingInput(bytes));
        } catch (IOException e) {
            throw new ModelFormatException(source + ": not an ONNX model, or a truncated or corrupt one (protobuf: "
                    + ProtoFiles.oneLine(e) + ")", e);
        }
    }

    /** Protobuf parses many non-ONNX files without complaint; what every real model has tells them apart. */
    private static void checkHeader(String file, ModelProto proto) {
        if (!proto.hasIrVersion() || proto.getIrVersion() < 1) {
            throw new ModelFormatException(file + ": not an ONNX model (it has no IR version)");
        }
        if (!proto.hasGraph()) {
            throw new ModelFormatException(file + ": not an ONNX model (it has no graph)");
        }
        // IR version 3 introduced opset imports; from then on a model without one is cut short.
        if (proto.getIrVersion() >= 3 && proto.getOpsetImportCount() == 0) {
            throw new ModelFormatException(file + ": the model imports no operator set (is the file truncated?)");
        }
        for (OperatorSetIdProto o : proto.getOpsetImportList()) {
            long v = o.getVersion();
            boolean onnxDomain = o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx");
            if (onnxDomain && v > MAX_OPSET) {
                throw new ModelFormatException(file + ": the model uses ONNX opset " + v
                        + "; this toolchain reads opsets up to " + MAX_OPSET);
            }
            if (v < 0 || v > Integer.MAX_VALUE) {
                throw new ModelFormatException(file + ": invalid version " + v + " for operator set '"
                        + o.getDomain() + "'");
            }
        }
        if (proto.getFunctionsCount() > 0) {
            throw new ModelFormatException(file + ": the model defines " + proto.getFunctionsCount()
                    + " local functions, which this toolchain does not support");
        }
    }
}
