package org.ktcj.backend.kl630;

import java.util.List;
import org.ktcj.backend.npu.JsonChipTargetFactory;
import org.ktcj.spi.KtcPlugin;
import org.ktcj.spi.chip.ChipTargetFactory;

/**
 * The KL630 backend. The chip is data: its description is {@code kl630.json} beside this class, read by
 * the shared NPU kit. Its operator column is the one it shares with the KL530 (operators.md gives both
 * chips the same column), kept in the NPU kit.
 */
public final class Kl630Plugin implements KtcPlugin {
    @Override
    public List<ChipTargetFactory> chipTargets() {
        return List.of(new JsonChipTargetFactory(Kl630Plugin.class, "kl630.json"));
    }
}
