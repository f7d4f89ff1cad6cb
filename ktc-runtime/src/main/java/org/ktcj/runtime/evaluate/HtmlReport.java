package org.ktcj.runtime.evaluate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The report as one self-contained HTML page: a summary and the per-node table, sortable by clicking a
 * header, with its CSS and script inline so that it opens in a browser without a network. The page
 * carries the {@link JsonReport JSON report} and builds itself from it; {@code #sort=timeMs-desc} at
 * the end of its address opens it sorted by a column, clicking the column's header as a reader would.
 */
public final class HtmlReport {
    private static final String TEMPLATE = template();
    private static final Pattern SLOT = Pattern.compile("\\{\\{(TITLE|REPORT_JSON)}}");

    private HtmlReport() {
    }

    /** The page. */
    public static String render(EvaluationReport report) {
        String title = escape(report.model() + " on " + report.chipName() + ": KTC-J evaluator report");
        String json = scriptSafe(JsonReport.render(report));
        // One pass, so that a name in the model that looks like a slot stays as it is.
        return SLOT.matcher(TEMPLATE)
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1).equals("TITLE") ? title : json));
    }

    /** Text as HTML element content. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * JSON that cannot end its script element early: "&lt;/" becomes "&lt;\/", which JSON reads back as
     * the same string, and so does "&lt;!--" as "&lt;\u0021--".
     */
    private static String scriptSafe(String json) {
        return json.replace("</", "<\\/").replace("<!--", "<\\u0021--");
    }

    private static String template() {
        try (InputStream in = HtmlReport.class.getResourceAsStream("report.html")) {
            if (in == null) {
                throw new IllegalStateException("report.html is missing beside " + HtmlReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
