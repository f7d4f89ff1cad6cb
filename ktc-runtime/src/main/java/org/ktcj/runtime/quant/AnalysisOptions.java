package org.ktcj.runtime.quant;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ktcj.KtcException;
import org.ktcj.spi.chip.BitWidth;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.Feature;

/**
 * The options of {@code ktc analysis} (Kneron's {@code km.analysis}), with Kneron's defaults. Bit widths
 * are named as on the command line ("int8", "int16", "int4"); {@link #quantOptions} checks them against
 * the chip.
 *
 * @param percentage   percentage method: the fraction of |x| an 8-bit tensor's range covers
 * @param percentage16 the same for 16-bit tensors (Kneron's percentage_16b)
 * @param threads      calibration runs at a time (0: one per core)
 */
public record AnalysisOptions(String datapathBitwidth, String weightBitwidth, String modelInBitwidth,
                              String modelOutBitwidth, String cpuNodeBitwidth, String rangeMethod,
                              double percentage, double percentage16, double percentile, double outlierFactor,
                              int threads) {
    /**
     * Kneron's defaults: int8 everywhere, percentage 0.999 (0.999999 for 16-bit tensors; mmse: percentile
     * 0.001, outlier factor 1), all cores.
     */
    public static AnalysisOptions defaults() {
        return new AnalysisOptions("int8", "int8", "int8", "int8", "int8", "percentage", 0.999, 0.999999, 0.001, 1.0,
                0);
    }

    public AnalysisOptions withBitwidths(String datapath, String weights) {
        return new AnalysisOptions(datapath, weights, modelInBitwidth, modelOutBitwidth, cpuNodeBitwidth,
                rangeMethod, percentage, percentage16, percentile, outlierFactor, threads);
    }

    public AnalysisOptions withBorderBitwidths(String modelIn, String modelOut, String cpuNode) {
        return new AnalysisOptions(datapathBitwidth, weightBitwidth, modelIn, modelOut, cpuNode, rangeMethod,
                percentage, percentage16, percentile, outlierFactor, threads);
    }

    public AnalysisOptions withRange(String method, double percentage, double percentage16, double percentile,
                                     double outlierFactor) {
        return new AnalysisOptions(datapathBitwidth, weightBitwidth, modelInBitwidth, modelOutBitwidth,
                cpuNodeBitwidth, method, percentage, percentage16, percentile, outlierFactor, threads);
    }

    public AnalysisOptions withThreads(int n) {
        return new AnalysisOptions(datapathBitwidth, weightBitwidth, modelInBitwidth, modelOutBitwidth,
                cpuNodeBitwidth, rangeMethod, percentage, percentage16, percentile, outlierFactor, n);
    }

    /** The options as the chip can run them; an option the chip lacks is an error naming option and chip. */
    public QuantOptions quantOptions(ChipTarget chip) {
        return new QuantOptions(
                datapath("--datapath-bitwidth", datapathBitwidth, chip),
                weights(chip),
                datapath("--model-in-bitwidth", modelInBitwidth, chip),
                datapath("--model-out-bitwidth", modelOutBitwidth, chip),
                datapath("--cpu-node-bitwidth", cpuNodeBitwidth, chip),
                RangeMethod.of(rangeMethod, percentage, percentage16, percentile, outlierFactor),
                chip.has(Feature.TENSOR_SCALE));
    }

    /** The options as recorded in the .bie, by command-line name. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("datapath-bitwidth", datapathBitwidth);
        m.put("weight-bitwidth", weightBitwidth);
        m.put("model-in-bitwidth", modelInBitwidth);
        m.put("model-out-bitwidth", modelOutBitwidth);
        m.put("cpu-node-bitwidth", cpuNodeBitwidth);
        m.put("datapath-range-method", rangeMethod);
        m.put("percentage", Double.toString(percentage));
        m.put("percentage-16b", Double.toString(percentage16));
        m.put("percentile", Double.toString(percentile));
        m.put("outlier-factor", Double.toString(outlierFactor));
        return m;
    }

    private static int datapath(String option, String value, ChipTarget chip) {
        BitWidth w = width(option, value, "int8 or int16");
        if (w == BitWidth.INT4) {
            throw new KtcException(option + " int4: only weights can be int4");
        }
        if (!chip.bitWidths().supportsDatapath(w)) {
            throw new KtcException(option + " " + w + ": the " + chip.name() + " (platform " + chip.id()
                    + ") has no " + w + " datapath");
        }
        return w.bits();
    }

    private int weights(ChipTarget chip) {
        BitWidth w = width("--weight-bitwidth", weightBitwidth, "int4, int8 or int16");
        if (!chip.bitWidths().supportsWeights(w)) {
            throw new KtcException("--weight-bitwidth " + w + ": the " + chip.name() + " (platform " + chip.id()
                    + ") has no " + w + " weights");
        }
        return w.bits();
    }

    private static BitWidth width(String option, String value, String choices) {
        String v = value.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ');
        if (v.equals("mix balance") || v.equals("mix light") || v.equals("mixbw")) {
            throw new KtcException(option + " " + value + ": mixed bit widths are not supported yet; use " + choices);
        }
        try {
            return BitWidth.of(v);
        } catch (IllegalArgumentException e) {
            throw new KtcException(option + " must be " + choices + ", not '" + value + "'");
        }
    }
}
