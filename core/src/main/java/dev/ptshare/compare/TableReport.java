package dev.ptshare.compare;

import dev.ptshare.cost.ModelledTime;
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
        modelled(b, r);
        return b.toString();
    }

    /** The cost model's times, a block of their own, labelled modelled. */
    private static void modelled(StringBuilder b, Report r) {
        b.append('\n').append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s %9s%n",
                "modelled time", "fork/med", "forks", "faults", "exits", "setup", "total"));
        for (Result x : r.results()) {
            if (!x.applicable()) continue;
            ModelledTime t = x.modelled();
            b.append(String.format(Locale.ROOT, "%-16s %9s %9s %9s %9s %9s %9s%n", x.design(),
                    ModelledTime.human(x.modelledForkPicos().median()),
                    ModelledTime.human(x.modelledForkPicos().sum()),
                    ModelledTime.human(t.faultPicos()), ModelledTime.human(t.exitPicos()),
                    ModelledTime.human(t.setupPicos()), ModelledTime.human(t.totalPicos())));
        }
        b.append("Modelled, not measured: exact operation counts times per-operation costs\n");
        b.append("(cost model ").append(r.costs().id)
                .append(", docs/cost-model.md). fork/med: median fork latency;\n");
        b.append("forks: all forks; faults, exits: accesses, exit and execve after the first\n");
        b.append("fork; setup: before the first fork; total: the whole run.\n");
    }

    static String count(long n) {
        if (n < 100_000) return Long.toString(n);
        if (n < 100_000_000) return (n / 1000) + "K";
        return (n / 1_000_000) + "M";
    }
}
