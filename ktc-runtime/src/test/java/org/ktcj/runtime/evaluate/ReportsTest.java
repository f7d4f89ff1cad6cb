package org.ktcj.runtime.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The text, JSON and HTML reports as strings; {@link HtmlReportBrowserTest} opens the page. */
class ReportsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EvaluationReport DETECTOR = ReportModels.detector();

    @Test
    void theSummaryHasTheFiguresAndTheCpuNodesWithTheirConditions() {
        String s = TextReport.summary(DETECTOR);
        Totals t = DETECTOR.totals();
        assertTrue(s.startsWith("detector_small on KL720 (platform 720)\n"), s);
        assertTrue(s.contains(String.format(java.util.Locale.ROOT, "NPU time       %.3f ms (%.1f FPS)", t.timeMs(),
                t.fps())), s);
        assertFalse(t.cpuNodes().isEmpty());
        for (String cpu : t.cpuNodes()) {
            NodeEstimate n = DETECTOR.node(cpu).orElseThrow();
            assertTrue(s.contains("CPU node       " + cpu + " (" + n.opType() + "): " + TextReport.reasons(n)), s);
        }
        assertTrue(s.contains("condition 35 ("), "the Resize's broken condition, with its values: " + s);
    }

    @Test
    void theFullTextHasALinePerNode() {
        String full = TextReport.full(DETECTOR);
        String table = full.substring(TextReport.summary(DETECTOR).length());
        assertEquals(DETECTOR.nodes().size() + 2, table.split("\n").length, "a blank line, the header, the nodes");
    }

    @Test
    void theJsonHasTheReportsFieldsUnderAVersionedFormat() throws Exception {
        JsonNode j = JSON.readTree(JsonReport.render(DETECTOR));
        assertEquals("ktc-evaluation", j.get("format").asText());
        assertEquals(JsonReport.VERSION, j.get("version").asInt());
        assertEquals("720", j.get("chipId").asText());
        assertEquals(DETECTOR.totals().timeMs(), j.at("/totals/timeMs").asDouble());
        assertEquals(DETECTOR.totals().dramBytes(), j.at("/totals/dramBytes").asLong());
        assertEquals(DETECTOR.nodes().size(), j.get("nodes").size());
        assertEquals("dram_bytes_per_second", j.at("/hardware/provisional/3").asText());
        JsonNode cpu = j.get("nodes").findParents("type").stream().filter(n -> n.get("type").asText().equals("CPU"))
                .findFirst().orElseThrow();
        assertEquals(35, cpu.at("/violations/0/condition").asInt());
        assertEquals("[-2, -1]", cpu.at("/violations/0/values").elements().next().asText());
    }

    @Test
    void thePageIsSelfContainedAndCarriesTheJson() throws Exception {
        String html = HtmlReport.render(DETECTOR);
        for (String external : List.of("http:", "https:", "<link", " src=", "@import")) {
            assertFalse(html.contains(external), "refers to something outside the page: " + external);
        }
        assertEquals(JSON.readTree(JsonReport.render(DETECTOR)), JSON.readTree(embeddedJson(html)));
    }

    @Test
    void markupInNamesCannotLeaveTheDataBlock() throws Exception {
        EvaluationReport r = ReportModels.markup();
        String html = HtmlReport.render(r);
        assertTrue(html.contains("<title>&lt;b&gt;markup&lt;/b&gt; on KL530"), html.substring(0, 400));
        assertEquals(2, html.split("</script>", -1).length - 1, "only the page's two script elements end");
        assertEquals(ReportModels.MARKUP_NAME, JSON.readTree(embeddedJson(html)).at("/nodes/1/name").asText());
    }

    static String embeddedJson(String html) {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
                Pattern.DOTALL).matcher(html);
        assertTrue(m.find());
        return m.group(1);
    }
}
