package org.ktcj.runtime.bie;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.ktcj.KtcException;
import org.ktcj.ir.Model;
import org.ktcj.runtime.bie.proto.BieProto;
import org.ktcj.runtime.bie.proto.BieProto.BieModel;
import org.ktcj.runtime.quant.FixedPointModel;
import org.ktcj.runtime.quant.QuantParams;
import org.ktcj.spi.ModelFormatException;

/**
 * A {@link FixedPointModel} as the {@code ktc.bie.BieModel} message and back: the chip, both models
 * (through {@link ModelCodec}), the quantization table and the options. Maps are written sorted by key,
 * so the same model always gives the same bytes.
 */
final class BieConverter {
    /** One protobuf message holds less than 2 GiB; leave room for everything around the tensors. */
    private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - (64L << 20);

    private BieConverter() {
    }

    /**
     * The message for a model. Nothing is written anywhere, so a failure here leaves no trace.
     *
     * @throws KtcException when the model lacks a part or is too large for one message
     */
    static BieModel toProto(FixedPointModel m) {
        if (m.chipId() == null || m.chipId().isBlank()) {
            throw new KtcException("a .bie model needs the chip it was made for; this one has none");
        }
        ModelCodec codec = new ModelCodec();
        BieModel.Builder b = BieModel.newBuilder().setProducerVersion(BieFormat.producerVersion())
                .setChipId(m.chipId())
                .setFloatModel(codec.toProto(required(m.floatModel(), "float")))
                .setFixedModel(codec.toProto(required(m.fixedModel(), "fixed-point")));
        new TreeMap<>(m.params()).forEach((tensor, q) -> b.addQuantParams(quant(tensor, q)));
        new TreeMap<>(m.options()).forEach((name, value) -> b.addOptions(ModelCodec.entry(name, value)));
        if (codec.tensorBytes() > MAX_TENSOR_BYTES) {
            throw new KtcException("the model's tensors take " + codec.tensorBytes()
                    + " bytes, more than a .bie file (one protobuf message, under 2 GiB) holds");
        }
        return b.build();
    }

    /**
     * The model a message holds.
     *
     * @throws ModelFormatException (or another {@link KtcException}) saying which part is wrong, without
     *                              naming the file: the caller adds that
     */
    static FixedPointModel fromProto(BieModel p) {
        if (!p.hasFloatModel() || !p.hasFixedModel()) {
            throw new ModelFormatException("the file lacks its " + (p.hasFloatModel() ? "fixed-point" : "float")
                    + " model");
        }
        Model floatModel = ModelCodec.fromProto(p.getFloatModel(), "the float model");
        Model fixedModel = ModelCodec.fromProto(p.getFixedModel(), "the fixed-point model");
        Map<String, QuantParams> params = new HashMap<>();
        for (BieProto.TensorQuant q : p.getQuantParamsList()) {
            if (params.put(q.getTensor(), quant(q)) != null) {
                throw new ModelFormatException("tensor '" + q.getTensor() + "' has two sets of quantization parameters");
            }
        }
        Map<String, String> options = ModelCodec.entries(p.getOptionsList(), "the options");
        return new FixedPointModel(p.getChipId(), floatModel, fixedModel, params, options);
    }

    private static Model required(Model m, String which) {
        if (m == null) {
            throw new KtcException("a .bie model needs the " + which + " model; this one has none");
        }
        return m;
    }

    private static BieProto.TensorQuant quant(String tensor, QuantParams q) {
        BieProto.TensorQuant.Builder b = BieProto.TensorQuant.newBuilder().setTensor(tensor).setBits(q.bits())
                .setAxis(q.axis()).setMin(q.min()).setMax(q.max());
        for (int r : q.radix()) {
            b.addRadix(r);
        }
        for (float s : q.scale()) {
            b.addScale(s);
        }
        return b.build();
    }

    private static QuantParams quant(BieProto.TensorQuant p) {
        int[] radix = new int[p.getRadixCount()];
        for (int i = 0; i < radix.length; i++) {
            radix[i] = p.getRadix(i);
        }
        float[] scale = new float[p.getScaleCount()];
        for (int i = 0; i < scale.length; i++) {
            scale[i] = p.getScale(i);
        }
        try {
            return new QuantParams(p.getBits(), p.getAxis(), radix, scale, p.getMin(), p.getMax());
        } catch (KtcException e) {
            throw new ModelFormatException("the quantization parameters of tensor '" + p.getTensor() + "': "
                    + e.getMessage(), e);
        }
    }
}
