package org.ktcj.runtime.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ktcj.ir.Node;
import org.ktcj.runtime.evaluate.EvaluationReport;
import org.ktcj.runtime.evaluate.NodeEstimate;

/**
 * The fixed-point report (Kneron's {@code model_fx_report}): a summary of the bit widths, the evaluator's
 * estimate and the outputs' SNR, and per node of the optimized model where it runs, its bit widths,
 * its output's radix and scale and the SNR of its output against float.
 *
 * @param outputSnrDb  per model output, the SNR of the fixed-point output in dB (empty when not verified)
 * @param verifiedOn   how many inputs the SNR columns were measured on (0: not verified, --mode 1)
 */
public record FxReport(String model, String chipId, String chipName, Map<String, String> options,
                       double estimatedMs, double fps, List<String> cpuNodes, Map<String, Double> outputSnrDb,
                       int verifiedOn, List<Row> nodes) {
    /**
     * One node of the optimized float model.
     *
     * @param type        NPU, FUSED (into the node before it) or CPU
     * @param bitsIn      the bit width of its first input (0 when float)
     * @param bitsOut     the bit width of its output
     * @param bitsWeight  the bit width of its weights (0 when it has none)
     * @param radix       its output's radix
     * @param scale       its output's scale
     * @param snrDb       its output's SNR against float in dB, the model running in fixed point end to end
     *                    (NaN when not measured)
     */
    public record Row(String name, String opType, String type, int bitsIn, int bitsOut, int bitsWeight, int radix,
                      float scale, double snrDb) {
    }

    /** Builds the report; {@code layerSnr} may be empty (not verified). */
    static FxReport of(FixedPointModel fx, EvaluationReport evaluation, Map<String, Double> outputSnrDb,
                       int verifiedOn, Map<String, Snr> layerSnr) {
        List<Row> rows = new ArrayList<>();
        for (NodeEstimate n : evaluation.nodes()) {
            Node node = fx.floatModel().graph().node(n.name());
            if (node == null || node.outputs().isEmpty()) {
                continue;
            }
            QuantParams out = fx.params().get(fx.integerName(node.output(0)));
            QuantParams in = node.inputs().isEmpty() ? null : fx.params().get(fx.integerName(node.input(0)));
            QuantParams weight = node.inputs().size() > 1 ? weightParams(fx, node.input(1)) : null;
            Snr snr = layerSnr.get(node.output(0));
            rows.add(new Row(n.name(), n.opType(), n.type().name(), in == null ? 0 : in.bits(),
                    out == null ? 0 : out.bits(), weight == null ? 0 : weight.bits(), out == null ? 0 : out.radix(0),
                    out == null ? 1f : out.scale(0), snr == null ? Double.NaN : snr.db()));
        }
        return new FxReport(evaluation.model(), evaluation.chipId(), evaluation.chipName(), fx.options(),
                evaluation.totals().timeMs(), evaluation.totals().fps(), evaluation.totals().cpuNodes(), outputSnrDb,
                verifiedOn, rows);
    }

    /** A weight's parameters: its integer initializer is named after it (see {@link Lowering}). */
    private static QuantParams weightParams(FixedPointModel fx, String floatWeight) {
        return fx.params().get(floatWeight + Lowering.INTEGER);
    }
}
