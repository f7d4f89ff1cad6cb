package org.ktcj.runtime.quant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * The fixed-point report as files: {@code model_fx_report.json} for scripts and a self-contained
 * {@code model_fx_report.html} (summary, a bar chart of SNR by layer as inline SVG, and the node table)
 * that needs no network.
 */
public final class FxReportFiles {
    public static final String JSON_FILE = "model_fx_report.json";
    public static final String HTML_FILE = "model_fx_report.html";
    /** The layout's version: raised when a field changes meaning or goes away. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();

    private FxReportFiles() {
    }

    /** {"format": "ktc-fx-report", "version": 1, ...the report's fields}; unmeasured SNRs are null. */
    public static String json(FxReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "ktc-fx-report");
        root.put("version", VERSION);
        root.setAll((ObjectNode) JSON.valueToTree(report));
        root.withArray("nodes").forEach(n -> {
            if (n.get("snrDb").isNumber() && !Double.isFinite(n.get("snrDb").asDouble())) {
                ((ObjectNode) n).putNull("snrDb");
            }
        });
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and numbers always serialize
        }
    }

    /** The page. */
    public static String html(FxReport r) {
        StringBuilder s = new StringBuilder();
        String title = esc(r.model() + " on " + r.chipName() + ": fixed-point report");
        s.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(title)
                .append("</title>\n<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
                        + "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child,td:nth-child(2),"
                        + "td:nth-child(3){text-align:left}dl{display:grid;grid-template-columns:max-content auto;"
                        + "gap:.2em 1.5em}dt{font-weight:bold}.low{background:#fdd}</style></head><body>\n<h1>")
                .append(title).append("</h1>\n<dl>\n");
        row(s, "platform", r.chipId());
        r.options().forEach((k, v) -> row(s, k, v));
        row(s, "estimated time (ms)", String.format(Locale.ROOT, "%.3f", r.estimatedMs()));
        row(s, "fps", String.format(Locale.ROOT, "%.1f", r.fps()));
        row(s, "cpu nodes", r.cpuNodes().isEmpty() ? "none" : String.join(", ", r.cpuNodes()));
        for (Map.Entry<String, Double> e : r.outputSnrDb().entrySet()) {
            row(s, "SNR " + e.getKey() + " (dB)", db(e.getValue()));
        }
        row(s, "verified on", r.verifiedOn() == 0 ? "not verified (--mode 2 or 3 measures SNR)"
                : r.verifiedOn() + " input" + (r.verifiedOn() == 1 ? "" : "s"));
        s.append("</dl>\n");
        chart(s, r);
        s.append("<table><thead><tr><th>node</th><th>op</th><th>type</th><th>bw in</th><th>bw out</th>"
                + "<th>bw weight</th><th>radix</th><th>scale</th><th>SNR (dB)</th></tr></thead><tbody>\n");
        for (FxReport.Row n : r.nodes()) {
            boolean low = Double.isFinite(n.snrDb()) && n.snrDb() < 20;
            s.append(low ? "<tr class=\"low\">" : "<tr>").append(td(n.name())).append(td(n.opType()))
                    .append(td(n.type())).append(td(bits(n.bitsIn()))).append(td(bits(n.bitsOut())))
                    .append(td(n.bitsWeight() == 0 ? "" : bits(n.bitsWeight()))).append(td(Integer.toString(n.radix())))
                    .append(td(String.format(Locale.ROOT, "%.5f", n.scale()))).append(td(db(n.snrDb())))
                    .append("</tr>\n");
        }
        return s.append("</tbody></table>\n</body></html>\n").toString();
    }

    /** SNR by layer as bars, in model order, when measured. */
    private static void chart(StringBuilder s, FxReport r) {
        var measured = r.nodes().stream().filter(n -> Double.isFinite(n.snrDb())).toList();
        if (measured.isEmpty()) {
            return;
        }
        double top = Math.max(1, measured.stream().mapToDouble(FxReport.Row::snrDb).max().orElse(1));
        int bar = Math.max(2, Math.min(12, 900 / measured.size()));
        int height = 160;
        s.append("<h2>SNR by layer</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(bar * measured.size() + 40).append("\" height=\"").append(height + 20).append("\">\n");
        for (int i = 0; i < measured.size(); i++) {
            FxReport.Row n = measured.get(i);
            double h = Math.max(0, n.snrDb()) / top * height;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\">"
                    + "<title>%s: %.2f dB</title></rect>%n", 30 + i * bar, height - h, bar - 1, h,
                    n.snrDb() < 20 ? "#c33" : "#37a", esc(n.name()), n.snrDb()));
        }
        s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"12\" font-size=\"10\">%.0f dB</text>"
                + "<text x=\"0\" y=\"%d\" font-size=\"10\">0</text>%n</svg>%n", top, height));
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append("<dt>").append(esc(key)).append("</dt><dd>").append(esc(value)).append("</dd>\n");
    }

    private static String td(String v) {
        return "<td>" + esc(v) + "</td>";
    }

    private static String bits(int b) {
        return b == 0 ? "float" : "int" + b;
    }

    private static String db(double v) {
        return Double.isNaN(v) ? "" : Double.isInfinite(v) ? "exact" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String v) {
        return v.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
