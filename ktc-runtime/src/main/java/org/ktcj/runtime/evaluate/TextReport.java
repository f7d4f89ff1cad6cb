package org.ktcj.runtime.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.ktcj.spi.chip.HardwareParameters;
import org.ktcj.spi.chip.Violation;

/** The report as plain text: a summary for the terminal, and the summary with every node for a file. */
public final class TextReport {
    private static final int SLOWEST = 5;
    private static final String ROW = "%-36s %-18s %-11s %-10s %10s %10s %10s %10s %12s %-7s %9s%n";

    private TextReport() {
    }

    /** The model's figures, its CPU and unsupported nodes with the reasons, and its slowest layers. */
    public static String summary(EvaluationReport r) {
        Totals t = r.totals();
        HardwareParameters h = r.hardware();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%s on %s (platform %s)%n", r.model(), r.chipName(), r.chipId()));
        s.append(String.format(Locale.ROOT, "  hardware       %d MACs x %d MHz, SRAM %s, DRAM %.2f GB/s%s%n",
                h.macArray(), h.clockMhz(), bytes(h.sramBytes()), h.dramBytesPerSecond() / 1e9, provisional(h)));
        s.append(String.format(Locale.ROOT, "  NPU time       %.3f ms (%.1f FPS), NPU only%n", t.timeMs(), t.fps()));
        s.append(String.format(Locale.ROOT, "  MACs           %s, MAC utilisation %.1f%%%n", count(t.macs()),
                100 * t.macUtilisation()));
        s.append(String.format(Locale.ROOT, "  DRAM traffic   %s: weights %s, feature maps read %s, written %s%n",
                bytes(t.dramBytes()), bytes(t.weightBytes()), bytes(t.dramReadBytes()), bytes(t.dramWriteBytes())));
        s.append("  nodes          ").append(census(r)).append(System.lineSeparator());
        for (NodeEstimate n : r.nodes()) {
            if (n.type() == NodeType.CPU || n.type() == NodeType.UNSUPPORTED) {
                s.append(String.format(Locale.ROOT, "  %-14s %s (%s): %s%n", n.type() == NodeType.CPU ? "CPU node"
                        : "UNSUPPORTED", n.name(), n.opType(), reasons(n)));
            }
        }
        List<NodeEstimate> slowest = r.nodes().stream().filter(n -> n.cycles() > 0)
                .sorted(Comparator.comparingLong(NodeEstimate::cycles).reversed()).limit(SLOWEST).toList();
        if (!slowest.isEmpty()) {
            s.append("  slowest layers ");
            s.append(slowest.stream().map(n -> String.format(Locale.ROOT, "%s %.3f ms (%s)", n.name(), n.timeMs(),
                    n.bound().name().toLowerCase(Locale.ROOT))).collect(Collectors.joining(", ")));
            s.append(System.lineSeparator());
        }
        return s.toString();
    }

    /** The summary, then one line per node. */
    public static String full(EvaluationReport r) {
        StringBuilder s = new StringBuilder(summary(r)).append(System.lineSeparator());
        s.append(String.format(Locale.ROOT, ROW, "node", "op", "type", "kind", "MACs", "weights", "DRAM read",
                "DRAM write", "cycles", "bound", "time ms"));
        for (NodeEstimate n : r.nodes()) {
            s.append(String.format(Locale.ROOT, ROW, n.name(), n.opType(), n.type() == NodeType.FUSED
                    ? "FUSED" : n.type().name(), n.kind().name(), count(n.macs()), bytes(n.weightBytes()),
                    bytes(n.dramReadBytes()), bytes(n.dramWriteBytes()), n.cycles(),
                    n.bound().name().toLowerCase(Locale.ROOT), String.format(Locale.ROOT, "%.4f", n.timeMs())));
        }
        return s.toString();
    }

    /** "120 NPU, 45 fused, 1 CPU, 70 folded from constants". */
    private static String census(EvaluationReport r) {
        Map<NodeType, Integer> by = new EnumMap<>(NodeType.class);
        r.nodes().forEach(n -> by.merge(n.type(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        by.forEach((type, n) -> parts.add(n + " " + (type == NodeType.FUSED ? "fused" : type.name())));
        parts.add(r.totals().foldedNodes() + " folded from constants");
        return String.join(", ", parts);
    }

    /** The violations, each naming its condition and values, and the table's notes. */
    static String reasons(NodeEstimate n) {
        List<String> all = new ArrayList<>(n.violations().stream().map(Violation::describe).toList());
        all.addAll(n.notes());
        return String.join("; ", all);
    }

    private static String provisional(HardwareParameters h) {
        return h.provisional().isEmpty() ? "" : " (provisional: " + h.provisional().stream()
                .map(HardwareParameters.Parameter::key).collect(Collectors.joining(", ")) + ")";
    }

    /** 1.23 G, 45.60 M, 7.80 K or the number itself. */
    static String count(long n) {
        return scaled(n, "");
    }

    /** 1.23 MB, 45.60 KB or the bytes (decimal units, as DRAM bandwidths are quoted). */
    static String bytes(long n) {
        return scaled(n, "B");
    }

    private static String scaled(long n, String unit) {
        String[] prefixes = {" K", " M", " G", " T"};
        double v = n;
        int i = -1;
        while (Math.abs(v) >= 1000 && i < prefixes.length - 1) {
            v /= 1000;
            i++;
        }
        if (i < 0) {
            return unit.isEmpty() ? Long.toString(n) : n + " " + unit;
        }
        return String.format(Locale.ROOT, "%.2f%s%s", v, prefixes[i], unit);
    }
}
