package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.BitWidths;
import org.ktcj.spi.chip.ChipTarget;
import org.ktcj.spi.chip.ChipTargetFactory;
import org.ktcj.spi.chip.Feature;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.OperatorSupport;

/** The chip backends on the test class path, found as a host application finds them. */
final class Chips {
    /** The four chips, in the order of Kneron's tables. */
    static final List<String> IDS = List.of("520", "720", "530", "630");

    private Chips() {
    }

    /** The chip with its default figures. */
    static ChipTarget target(String id) {
        List<ChipTarget> found = new ArrayList<>();
        for (KtcPlugin p : ServiceLoader.load(KtcPlugin.class)) {
            for (ChipTargetFactory f : p.chipTargets()) {
                if (f.id().equals(id)) {
                    found.add(f.create(Map.of()));
                }
            }
        }
        if (found.size() != 1) {
            throw new IllegalStateException(found.size() + " plugins provide chip " + id
                    + ": ktc-runtime's tests need the backend modules on their class path");
        }
        return found.get(0);
    }

    /** A chip with other performance figures, to try parameters out. */
    static ChipTarget withHardware(ChipTarget chip, HardwareParameters hardware) {
        return new ChipTarget() {
            @Override
            public String id() {
                return chip.id();
            }

            @Override
            public String name() {
                return chip.name();
            }

            @Override
            public OperatorSupport support() {
                return chip.support();
            }

            @Override
            public BitWidths bitWidths() {
                return chip.bitWidths();
            }

            @Override
            public HardwareParameters hardware() {
                return hardware;
            }

            @Override
            public boolean has(Feature feature) {
                return chip.has(feature);
            }
        };
    }
}
