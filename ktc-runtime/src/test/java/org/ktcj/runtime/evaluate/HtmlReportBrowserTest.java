package org.ktcj.runtime.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report in a real browser: headless Chromium loads the page from a file, with the network
 * off, runs its script, and prints the DOM it built, whose table rows are checked. Skipped where no
 * Chromium is installed (Debian: {@code apt-get install chromium}); the system property
 * {@code ktc.chromium} names another binary.
 */
class HtmlReportBrowserTest {
    private static final Pattern ROW = Pattern.compile("<tr class=\"(\\w+)\">(.*?)</tr>", Pattern.DOTALL);
    private static final Pattern CELL = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL);
    /** The cells of a row: the row's class, then the table's columns "#", "node", ..., "cycles" (the 14th). */
    private static final int NAME = 2;
    private static final int CYCLES = 14;

    private static final Path CHROMIUM = executable().orElse(null);

    @TempDir
    Path dir;

    @BeforeEach
    void needsChromium() {
        assumeTrue(CHROMIUM != null, "Chromium is not installed (Debian: apt-get install chromium), so the HTML "
                + "report is not opened in a browser");
    }

    @Test
    void theTableHasARowPerNodeInModelOrder() throws Exception {
        EvaluationReport r = ReportModels.detector();
        List<List<String>> rows = rows(r, "");
        assertEquals(r.nodes().size(), rows.size());
        assertEquals(r.nodes().stream().map(NodeEstimate::name).toList(), rows.stream().map(c -> c.get(NAME)).toList());
        assertEquals(r.nodes().stream().map(n -> n.type().name()).toList(), rows.stream().map(c -> c.get(0)).toList());
    }

    /** The page sorts by clicking the header named in its address: once for largest first, twice for reverse. */
    @Test
    void clickingAHeaderSortsByItsColumnAndClickingAgainReverses() throws Exception {
        EvaluationReport r = ReportModels.detector();
        List<Long> ascending = r.nodes().stream().map(NodeEstimate::cycles).sorted().toList();
        List<Long> descending = ascending.stream().sorted(Comparator.reverseOrder()).toList();
        assertEquals(descending, cycles(rows(r, "#sort=cycles")));
        assertEquals(ascending, cycles(rows(r, "#sort=cycles-asc")));
    }

    private static List<Long> cycles(List<List<String>> rows) {
        return rows.stream().map(c -> Long.parseLong(c.get(CYCLES))).toList();
    }

    @Test
    void namesAreShownAsTextNeverRunAsMarkup() throws Exception {
        List<List<String>> rows = rows(ReportModels.markup(), "");
        assertEquals(ReportModels.MARKUP_NAME, rows.get(1).get(NAME));
    }

    /**
     * Each row of the page's table as it stands after its script ran: the row's class (the node type),
     * then its cells' text.
     */
    private List<List<String>> rows(EvaluationReport report, String fragment) throws Exception {
        Path page = dir.resolve("report.html");
        Files.writeString(page, HtmlReport.render(report), StandardCharsets.UTF_8);
        String dom = dumpDom(page.toUri() + fragment);
        String body = dom.substring(dom.indexOf("<tbody>"), dom.indexOf("</tbody>"));
        String title = dom.substring(dom.indexOf("<title>"), dom.indexOf("</title>"));
        assertFalse(body.contains("<img") || title.contains("pwned"), "markup from a name became an element");
        List<List<String>> rows = new ArrayList<>();
        Matcher r = ROW.matcher(body);
        while (r.find()) {
            List<String> cells = new ArrayList<>(List.of(r.group(1)));
            Matcher c = CELL.matcher(r.group(2));
            while (c.find()) {
                cells.add(text(c.group(1)));
            }
            rows.add(cells);
        }
        return rows;
    }

    private String dumpDom(String url) throws IOException, InterruptedException {
        Path profile = Files.createDirectories(dir.resolve("profile"));
        Path out = dir.resolve("dom.html");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--dump-dom", url)
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Chromium did not finish in a minute");
        assertEquals(0, p.exitValue(), "Chromium's exit status");
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** A cell's text: tags dropped, the entities Chromium writes turned back into characters. */
    private static String text(String html) {
        return html.replaceAll("<[^>]*>", "").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
                .replace("&nbsp;", "\u00a0").replace("&amp;", "&");
    }

    private static Optional<Path> executable() {
        String configured = System.getProperty("ktc.chromium");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(d -> Stream.of("chromium", "chromium-browser", "google-chrome").map(n -> Path.of(d, n)))
                .filter(Files::isExecutable).findFirst();
    }
}
