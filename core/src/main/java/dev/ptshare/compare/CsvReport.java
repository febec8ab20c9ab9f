package dev.ptshare.compare;

/** One CSV row per design, exact integers. */
final class CsvReport {
    private CsvReport() {}

    static final String HEADER = "workload,design,applicable,processes,oom_process,page_tables_bytes,"
            + "vmpte_min,vmpte_median,vmpte_max,vmpte_sum,rss_min,rss_median,rss_max,rss_sum,"
            + "pss_min,pss_median,pss_max,pss_sum,minor_faults,major_faults,tlb_flushes,tlb_ipis,elapsed_ms";

    static String render(Report r) {
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (Result x : r.results()) b.append(row(r.workload().id, x)).append('\n');
        return b.toString();
    }

    static String row(String workload, Result x) {
        return String.join(",", workload, x.design(), Boolean.toString(x.applicable()),
                Long.toString(x.processes()),
                x.oom() == null ? "" : Long.toString(x.oom().process()),
                Long.toString(x.pageTablesBytes()), stats(x.vmPteBytes()), stats(x.rssBytes()),
                stats(x.pssBytes()), Long.toString(x.minorFaults()), Long.toString(x.majorFaults()),
                Long.toString(x.tlbFlushes()), Long.toString(x.tlbIpis()),
                Long.toString(x.elapsedMillis()));
    }

    private static String stats(Result.Stats s) {
        return s.min() + "," + s.median() + "," + s.max() + "," + s.sum();
    }
}
