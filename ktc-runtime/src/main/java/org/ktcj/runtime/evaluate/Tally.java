package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.ktcj.spi.chip.HardwareParameters;

/** Adds up the layers and rows into the model's {@link Totals}. */
final class Tally {
    private final HardwareParameters hw;
    private long cycles;
    private long macs;
    private long weightBytes;
    private long dramRead;
    private long dramWrite;
    private final List<String> cpu = new ArrayList<>();
    private final List<String> unsupported = new ArrayList<>();

    Tally(HardwareParameters hw) {
        this.hw = hw;
    }

    void add(Work w, SramPlan.Traffic t, Cost c) {
        cycles += c.cycles();
        macs += w.known() ? w.macs() : 0;
        weightBytes += w.known() ? w.weightBytes() : 0;
        dramRead += t.dramReadBytes();
        dramWrite += t.dramWriteBytes();
    }

    void place(NodeEstimate row) {
        switch (row.type()) {
            case CPU -> cpu.add(row.name());
            case UNSUPPORTED -> unsupported.add(row.name());
            default -> { }
        }
    }

    Totals totals(int folded) {
        double ms = cycles / (hw.clockMhz() * 1e3);
        double utilisation = cycles == 0 ? 0 : (double) macs / ((double) cycles * hw.macArray());
        return new Totals(ms, ms == 0 ? 0 : 1000 / ms, cycles, macs, weightBytes, dramRead, dramWrite,
                weightBytes + dramRead + dramWrite, utilisation, cpu, unsupported, folded);
    }
}
