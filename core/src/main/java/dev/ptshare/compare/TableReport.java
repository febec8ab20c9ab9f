package dev.ptshare.compare;

import java.util.Locale;

/** An 80-column table, ready to paste into a patch cover letter. */
final class TableReport {
    private TableReport() {}

    static String render(Report r) {
        StringBuilder b = new StringBuilder();
        b.append("ptshare compare ").append(r.workload().id);
        r.params().asText().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-16s %5s %10s %10s %9s %9s %7s %5s%n", "design",
                "procs",
                "PageTables", "VmPTE/proc", "Rss/proc", "Pss/proc", "minflt", "OOM"));
        for (Result x : r.results()) {
            if (!x.applicable()) {
                b.append(String.format(Locale.ROOT, "%-16s %s%n", x.design(),
                        "not applicable to this workload"));
                continue;
            }
            b.append(String.format(Locale.ROOT, "%-16s %5d %10s %10s %9s %9s %7s %5s%n",
                    x.design(),
                    x.processes(), Report.bytes(x.pageTablesBytes()),
                    Report.bytes(x.vmPteBytes().median()),
                    Report.bytes(x.rssBytes().median()), Report.bytes(x.pssBytes().median()),
                    count(x.minorFaults()), x.oom() == null ? "-" : "@" + x.oom().process()));
        }
        b.append("PageTables: /proc/meminfo at the end (or at the first OOM kill); per-process\n");
        b.append("columns are medians over attached processes; minflt is the total.\n");
        return b.toString();
    }

    static String count(long n) {
        if (n < 100_000) return Long.toString(n);
        if (n < 100_000_000) return (n / 1000) + "K";
        return (n / 1_000_000) + "M";
    }
}
