package org.ktcj.backend.npu.check;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.ir.Tensor;
import org.ktcj.spi.chip.ShapedNode;

/**
 * {@code "resize": "phase" | "delta"}: how a Resize samples its input along the row and the column (the
 * last two axes), as ONNX's {@code coordinate_transformation_mode} maps output pixel x to input
 * coordinate {@code phase + x * delta}. The phase is where output pixel 0 samples, the delta the step
 * between output pixels; the KL520 and KL720 scalers need phase 0 or a non-negative phase, and a delta of
 * at most 1 (no downscaling). The scale is taken from the shapes, {@code out / in}.
 *
 * @param delta true for the delta, false for the phase
 */
record ResizeSampling(boolean delta) implements Source {
    @Override
    public Found find(ShapedNode n) {
        Found in = new Source.Dims(new Port(false, 0)).find(n);
        Found out = new Source.Dims(new Port(true, 0)).find(n);
        if (!(in instanceof Found.Some si)) {
            return in;
        }
        if (!(out instanceof Found.Some so)) {
            return out;
        }
        List<Object> x = Values.asList(si.value());
        List<Object> y = Values.asList(so.value());
        int rank = x.size();
        if (rank < 2 || y.size() != rank) {
            return Found.unknown("row and column of in0 " + Values.format(x) + " and out0 " + Values.format(y));
        }
        // ONNX before opset 11 had no coordinate_transformation_mode: Resize-10 samples asymmetrically.
        String mode = n.node().attrString("coordinate_transformation_mode",
                n.opset() < 11 ? "asymmetric" : "half_pixel");
        Tensor roi = n.constant(1);
        if (mode.equals("tf_crop_and_resize") && roi == null) {
            return new Found.Missing(Found.Why.NOT_CONSTANT, "roi (input 1) of tf_crop_and_resize");
        }
        List<Object> result = new ArrayList<>(2);
        for (int axis = rank - 2; axis < rank; axis++) {
            double i = (Double) x.get(axis);
            double o = (Double) y.get(axis);
            double[] pd = sampling(mode, i, o, roi, axis, rank);
            if (pd == null) {
                return Found.unknown("coordinate_transformation_mode '" + mode + "'");
            }
            result.add(pd[delta ? 1 : 0]);
        }
        return new Found.Some(result);
    }

    /** {phase, delta} of one axis with {@code in} input and {@code out} output pixels; null for an unknown mode. */
    private static double[] sampling(String mode, double in, double out, Tensor roi, int axis, int rank) {
        double step = in / out;
        return switch (mode) {
            case "half_pixel", "half_pixel_symmetric" -> new double[] {0.5 * step - 0.5, step};
            case "pytorch_half_pixel" -> new double[] {out > 1 ? 0.5 * step - 0.5 : 0, step};
            case "asymmetric" -> new double[] {0, step};
            case "tf_half_pixel_for_nn" -> new double[] {0.5 * step, step};
            case "align_corners" -> new double[] {0, out > 1 ? (in - 1) / (out - 1) : 0};
            case "tf_crop_and_resize" -> {
                double start = roi.getDouble(axis);
                double end = roi.getDouble(rank + axis);
                yield out > 1 ? new double[] {start * (in - 1), (end - start) * (in - 1) / (out - 1)}
                        : new double[] {0.5 * (start + end) * (in - 1), 0};
            }
            default -> null;
        };
    }

    @Override
    public String describe() {
        return delta ? "resize delta" : "resize phase";
    }
}
