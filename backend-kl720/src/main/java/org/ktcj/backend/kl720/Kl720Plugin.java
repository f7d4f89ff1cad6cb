package org.ktcj.backend.kl720;

import java.util.List;
import org.ktcj.backend.npu.JsonChipTargetFactory;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The KL720 backend. The chip is data: its description is {@code kl720.json} beside this class, read by
 * the shared NPU kit.
 */
public final class Kl720Plugin implements KtcPlugin {
    @Override
    public List<ChipTargetFactory> chipTargets() {
        return List.of(new JsonChipTargetFactory(Kl720Plugin.class, "kl720.json"));
    }
}
