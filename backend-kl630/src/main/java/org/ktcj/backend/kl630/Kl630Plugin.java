package org.ktcj.backend.kl630;

import java.util.List;
import org.ktcj.backend.npu.JsonChipTargetFactory;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The KL630 backend. The chip is data: its description is {@code kl630.json} beside this class, read by
 * the shared NPU kit. It inherits the KL530's description (operators.md gives both chips the same
 * column), so the KL530 backend must be on the class path too.
 */
public final class Kl630Plugin implements KtcPlugin {
    @Override
    public List<ChipTargetFactory> chipTargets() {
        return List.of(new JsonChipTargetFactory(Kl630Plugin.class, "kl630.json"));
    }
}
