package dev.ptshare.compare;

import dev.ptshare.cost.CostOp;
import dev.ptshare.cost.ModelledTime;

/** One CSV row per design, exact integers (modelled times: exact decimal microseconds). */
final class CsvReport {
    private CsvReport() {}

    static final String HEADER = "workload,design,applicable,processes,oom_process,page_tables_bytes,"
            + "vmpte_min,vmpte_median,vmpte_max,vmpte_sum,rss_min,rss_median,rss_max,rss_sum,"
            + "pss_min,pss_median,pss_max,pss_sum,minor_faults,major_faults,tlb_flushes,tlb_ipis,elapsed_ms,"
            + "cost_model,modelled_setup_us,modelled_fork_us_min,modelled_fork_us_median,modelled_fork_us_max,"
            + "modelled_fork_us_sum,modelled_fault_us,modelled_exit_us,modelled_total_us"
            + opsHeader();

    /** One ops_KEY column per cost-model operation: the exact counts the times come from. */
    private static String opsHeader() {
        StringBuilder b = new StringBuilder();
        for (CostOp op : CostOp.values()) b.append(",ops_").append(op.key);
        return b.toString();
    }

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
                Long.toString(x.elapsedMillis()), modelled(x));
    }

    private static String modelled(Result x) {
        ModelledTime t = x.modelled();
        Result.Stats f = x.modelledForkPicos();
        StringBuilder b = new StringBuilder(t.calibration().id);
        for (long ps : new long[] { t.setupPicos(), f.min(), f.median(), f.max(), f.sum(),
                t.faultPicos(),
                t.exitPicos(), t.totalPicos() })
            b.append(',').append(ModelledTime.micros(ps).toPlainString());
        for (CostOp op : CostOp.values()) b.append(',').append(t.count(op));
        return b.toString();
    }

    private static String stats(Result.Stats s) {
        return s.min() + "," + s.median() + "," + s.max() + "," + s.sum();
    }
}
