package org.ktcj.backend.kl520;

import java.util.List;
import org.ktcj.backend.npu.JsonChipTargetFactory;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The KL520 backend. The chip is data: its description is {@code kl520.json} beside this class, read by
 * the shared NPU kit.
 */
public final class Kl520Plugin implements KtcPlugin {
    @Override
    public List<ChipTargetFactory> chipTargets() {
        return List.of(new JsonChipTargetFactory(Kl520Plugin.class, "kl520.json"));
    }
}
