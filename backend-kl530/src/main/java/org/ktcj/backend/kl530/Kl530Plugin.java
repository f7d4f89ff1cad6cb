package org.ktcj.backend.kl530;

import java.util.List;
import org.ktcj.backend.npu.JsonChipTargetFactory;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The KL530 backend. The chip is data: its description is {@code kl530.json} beside this class, read by
 * the shared NPU kit.
 */
public final class Kl530Plugin implements KtcPlugin {
    @Override
    public List<ChipTargetFactory> chipTargets() {
        return List.of(new JsonChipTargetFactory(Kl530Plugin.class, "kl530.json"));
    }
}
