package dev.ptshare.compare;

import dev.ptshare.cost.ModelledTime;
import java.util.Locale;

/**
 * One self-contained HTML file: an SVG chart of page-table memory against the number of
 * processes attached, one line per design and the machine's memory as a dashed line, then the
 * results table. No scripts, fonts or network.
 */
final class HtmlReport {
    private HtmlReport() {}

    private static final String[] COLORS = { "#1b6ca8", "#d1495b", "#edae49", "#00798c", "#66a182",
            "#8d6a9f" };

    static String render(Report r) {
        StringBuilder b = new StringBuilder();
        b.append(
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ptshare compare ")
                .append(esc(r.workload().id))
                .append("</title>\n<style>body{font-family:sans-serif;margin:2em}"
                        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                        + "th:first-child,td:first-child{text-align:left}</style></head><body>\n");
        b.append("<h1>ptshare compare ").append(esc(r.workload().id)).append("</h1>\n<p>");
        r.params().asText()
                .forEach((k, v) -> b.append(esc(k)).append('=').append(esc(v)).append(' '));
        b.append("</p>\n");
        chart(b, r);
        b.append(
                "<table id=\"results\"><tr><th>design</th><th>processes</th><th>PageTables</th><th>VmPTE/proc</th>"
                        + "<th>Rss/proc</th><th>Pss/proc</th><th>minor faults</th><th>TLB flushes</th><th>IPIs</th><th>OOM at</th></tr>\n");
        for (Result x : r.results()) {
            if (!x.applicable()) {
                b.append("<tr><td>").append(esc(x.design()))
                        .append("</td><td colspan=\"9\">not applicable</td></tr>\n");
                continue;
            }
            b.append("<tr><td>").append(esc(x.design())).append("</td><td>").append(x.processes())
                    .append("</td><td>")
                    .append(Report.bytes(x.pageTablesBytes())).append("</td><td>")
                    .append(Report.bytes(x.vmPteBytes().median()))
                    .append("</td><td>").append(Report.bytes(x.rssBytes().median()))
                    .append("</td><td>")
                    .append(Report.bytes(x.pssBytes().median())).append("</td><td>")
                    .append(x.minorFaults())
                    .append("</td><td>").append(x.tlbFlushes()).append("</td><td>")
                    .append(x.tlbIpis()).append("</td><td>")
                    .append(x.oom() == null ? "-" : Long.toString(x.oom().process()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
        modelled(b, r);
        b.append("</body></html>\n");
        return b.toString();
    }

    /** The cost model's times, labelled modelled. */
    private static void modelled(StringBuilder b, Report r) {
        b.append("<h2>Modelled time</h2>\n<p>Modelled, not measured: exact operation counts times "
                + "per-operation costs (cost model ").append(esc(r.costs().id))
                .append(", docs/cost-model.md).</p>\n");
        b.append("<table id=\"modelled\"><tr><th>design</th><th>modelled fork (median)</th>"
                + "<th>modelled forks (all)</th><th>modelled faults</th><th>modelled exits</th>"
                + "<th>modelled setup</th><th>modelled total</th></tr>\n");
        for (Result x : r.results()) {
            if (!x.applicable()) continue;
            ModelledTime t = x.modelled();
            b.append("<tr><td>").append(esc(x.design())).append("</td><td>")
                    .append(ModelledTime.human(x.modelledForkPicos().median()))
                    .append("</td><td>").append(ModelledTime.human(x.modelledForkPicos().sum()))
                    .append("</td><td>").append(ModelledTime.human(t.faultPicos()))
                    .append("</td><td>").append(ModelledTime.human(t.exitPicos()))
                    .append("</td><td>").append(ModelledTime.human(t.setupPicos()))
                    .append("</td><td>").append(ModelledTime.human(t.totalPicos()))
                    .append("</td></tr>\n");
        }
        b.append("</table>\n");
    }

    private static void chart(StringBuilder b, Report r) {
        int w = 720, h = 360, left = 90, bottom = 40, top = 20, right = 150;
        long maxX = 1, maxY = 1;
        for (Result x : r.results()) {
            for (long[] p : x.series()) {
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        boolean showMem = r.machineMemory() > 0 && r.machineMemory() < 4 * maxY;
        if (showMem) maxY = Math.max(maxY, r.machineMemory());
        double sx = (double) (w - left - right) / maxX, sy = (double) (h - top - bottom) / maxY;
        b.append(String.format(Locale.ROOT,
                "<svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "role=\"img\" aria-label=\"page-table memory against processes\">%n",
                w, h));
        b.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left,
                h - bottom, w - right, h - bottom));
        b.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n", left, top,
                left, h - bottom));
        b.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"12\">processes attached (max %d)</text>%n",
                left + 150, h - 8, maxX));
        b.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\" font-size=\"12\">%s</text>%n",
                top + 10, Report.bytes(maxY)));
        b.append(String.format(Locale.ROOT,
                "<text x=\"4\" y=\"%d\" font-size=\"12\">PageTables</text>%n", top + 26));
        if (showMem) {
            double y = h - bottom - r.machineMemory() * sy;
            b.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"gray\" stroke-dasharray=\"6,4\"/>%n",
                    left, y, w - right, y));
            b.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%.1f\" font-size=\"12\" fill=\"gray\">memory %s</text>%n",
                    w - right + 4, y + 4, Report.bytes(r.machineMemory())));
        }
        int c = 0;
        for (Result x : r.results()) {
            if (!x.applicable() || x.series().isEmpty()) continue;
            String color = COLORS[c++ % COLORS.length];
            StringBuilder pts = new StringBuilder();
            long step = Math.max(1, x.series().size() / 400);
            for (int i = 0; i < x.series().size(); i += (int) step) {
                long[] p = x.series().get(i);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + p[0] * sx,
                        h - bottom - p[1] * sy));
            }
            long[] last = x.series().get(x.series().size() - 1);
            pts.append(String.format(Locale.ROOT, "%.1f,%.1f", left + last[0] * sx,
                    h - bottom - last[1] * sy));
            b.append("<polyline fill=\"none\" stroke=\"").append(color)
                    .append("\" stroke-width=\"2\" points=\"").append(pts).append("\"/>\n");
            b.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>%n",
                    w - right + 4, top + 14 * c, color, esc(x.design())));
        }
        b.append("</svg>\n");
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"",
                "&quot;");
    }
}
