package org.ktcj.backend.npu;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.ktcj.KtcException;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.ChipTargetFactory;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.HardwareParameters.Parameter;

/**
 * The factory of a chip described by a JSON resource; a backend plugin is this factory with its
 * resource. The description is read when the factory is made, so a broken one fails its plugin at
 * discovery.
 *
 * <p>{@link #create} accepts the whole-number hardware figures by their names in the description,
 * {@code mac_array}, {@code clock_mhz}, {@code sram_bytes} and {@code dram_bytes_per_second}; a figure
 * given this way is no longer provisional.
 */
public final class JsonChipTargetFactory implements ChipTargetFactory {
    private static final Set<Parameter> SETTABLE = EnumSet.of(Parameter.MAC_ARRAY, Parameter.CLOCK_MHZ,
            Parameter.SRAM_BYTES, Parameter.DRAM_BYTES_PER_SECOND);

    private final ChipSpec spec;

    /**
     * @param anchor   a class of the backend, whose class loader sees the resource and what it inherits
     * @param resource the description, relative to the anchor's package ("kl520.json") or absolute
     * @throws ChipSpecException when the description cannot be read
     */
    public JsonChipTargetFactory(Class<?> anchor, String resource) {
        this.spec = ChipSpecLoader.load(anchor, resource);
    }

    @Override
    public String id() {
        return spec.id();
    }

    @Override
    public ChipTarget create(Map<String, String> config) {
        if (config.isEmpty()) {
            return new JsonChipTarget(spec);
        }
        HardwareParameters h = spec.hardware();
        Map<Parameter, Long> set = new TreeMap<>();
        for (Map.Entry<String, String> e : config.entrySet()) {
            Parameter p = settable(e.getKey());
            set.put(p, positive(p, e.getValue()));
        }
        Set<Parameter> provisional = EnumSet.noneOf(Parameter.class);
        provisional.addAll(h.provisional());
        provisional.removeAll(set.keySet());
        return new JsonChipTarget(spec.withHardware(new HardwareParameters(
                Math.toIntExact(set.getOrDefault(Parameter.MAC_ARRAY, Long.valueOf(h.macArray()))),
                Math.toIntExact(set.getOrDefault(Parameter.CLOCK_MHZ, Long.valueOf(h.clockMhz()))),
                set.getOrDefault(Parameter.SRAM_BYTES, h.sramBytes()),
                set.getOrDefault(Parameter.DRAM_BYTES_PER_SECOND, h.dramBytesPerSecond()),
                h.efficiency(), provisional)));
    }

    private Parameter settable(String key) {
        for (Parameter p : SETTABLE) {
            if (p.key().equals(key)) {
                return p;
            }
        }
        throw new KtcException("unknown " + spec.name() + " setting '" + key + "' (settings: "
                + SETTABLE.stream().map(Parameter::key).collect(Collectors.joining(", ")) + ")");
    }

    private long positive(Parameter p, String value) {
        long max = p == Parameter.MAC_ARRAY || p == Parameter.CLOCK_MHZ ? Integer.MAX_VALUE : Long.MAX_VALUE;
        try {
            long v = Long.parseLong(value.trim());
            if (v > 0 && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below, with the setting's name
        }
        throw new KtcException(spec.name() + " setting " + p.key() + "=" + value
                + " is not a whole number from 1 to " + max);
    }
}
