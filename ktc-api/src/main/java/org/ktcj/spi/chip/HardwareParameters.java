package org.ktcj.spi.chip;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The figures the performance model computes with. Published figures are few: a parameter that is a
 * placeholder awaiting calibration against measured timings is listed in {@code provisional}.
 *
 * @param macArray           multiply-accumulates the MAC array completes per cycle at int8
 * @param clockMhz           the NPU clock in MHz
 * @param sramBytes          the NPU's on-chip buffer for feature maps and weights
 * @param dramBytesPerSecond the sustained DRAM bandwidth the NPU's DMA reaches
 * @param efficiency         per ONNX op type, the fraction (0, 1] of the MAC array's peak the op reaches;
 *                           the key {@value #DEFAULT_OP} covers every op not named
 * @param provisional        the parameters above that are placeholders, not published or calibrated
 */
public record HardwareParameters(int macArray, int clockMhz, long sramBytes, long dramBytesPerSecond,
                                 Map<String, Double> efficiency, Set<Parameter> provisional) {
    /** The {@code efficiency} key for ops without their own figure. */
    public static final String DEFAULT_OP = "default";

    /** The parameters by name, the names being those of the chip description files. */
    public enum Parameter {
        MAC_ARRAY, CLOCK_MHZ, SRAM_BYTES, DRAM_BYTES_PER_SECOND, EFFICIENCY;

        /** The name in a chip description: "mac_array". */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public HardwareParameters {
        if (macArray <= 0 || clockMhz <= 0 || sramBytes <= 0 || dramBytesPerSecond <= 0) {
            throw new IllegalArgumentException("hardware parameters must be positive: mac_array " + macArray
                    + ", clock_mhz " + clockMhz + ", sram_bytes " + sramBytes + ", dram_bytes_per_second "
                    + dramBytesPerSecond);
        }
        if (!efficiency.containsKey(DEFAULT_OP)) {
            throw new IllegalArgumentException("efficiency needs a '" + DEFAULT_OP + "' entry");
        }
        efficiency.forEach((op, e) -> {
            if (!(e > 0 && e <= 1)) {
                throw new IllegalArgumentException("efficiency of " + op + " is " + e + ", outside (0, 1]");
            }
        });
        efficiency = Map.copyOf(efficiency);
        provisional = provisional.isEmpty() ? Set.of()
                : Collections.unmodifiableSet(EnumSet.copyOf(provisional));
    }

    /** The efficiency of an op type, or the default one. */
    public double efficiency(String opType) {
        Double e = efficiency.get(opType);
        return e != null ? e : efficiency.get(DEFAULT_OP);
    }

    public boolean isProvisional(Parameter parameter) {
        return provisional.contains(parameter);
    }
}
