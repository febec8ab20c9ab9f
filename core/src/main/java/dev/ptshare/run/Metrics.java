package dev.ptshare.run;

import dev.ptshare.arch.TlbStats;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.ProcFs;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.CowPte;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values for {@code check}: /proc fields parsed from the very text {@code show} prints (kB
 * fields become bytes), fault counts from /proc/PID/stat, and model counters.
 */
public final class Metrics {
    private final Kernel k;
    private final ProcFs proc;

    Metrics(Kernel k) {
        this.k = k;
        this.proc = new ProcFs(k);
    }

    ProcFs proc() {
        return proc;
    }

    /** Every field of a task: status, smaps_rollup, stat faults and model counters. */
    Map<String, Long> task(Task t) {
        Map<String, Long> m = new HashMap<>();
        if (t.mm != null) {
            parseProc(proc.status(t), m);
            parseProc(proc.smapsRollup(t), m);
        }
        m.put("minflt", t.group.minFlt());
        m.put("majflt", t.group.majFlt());
        m.put("alive", t.alive ? 1L : 0L);
        if (t.mm != null) m.put("fork_ptes_copied", t.mm.forkPtesCopied);
        return m;
    }

    Map<String, Long> meminfo() {
        Map<String, Long> m = new HashMap<>();
        parseProc(proc.meminfoText(), m);
        return m;
    }

    /** tlb.* counters. */
    Map<String, Long> tlb() {
        TlbStats s = k.tlb.stats;
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("flushes", s.flushes);
        m.put("ipis", s.ipis);
        m.put("remote_flush", s.remoteFlush);
        m.put("remote_flush_received", s.remoteFlushReceived);
        m.put("local_flush_all", s.localFlushAll);
        m.put("local_flush_one", s.localFlushOne);
        return m;
    }

    /** fork.* counters: the per-PTE and per-page work fork did (dev.ptshare.mm.CopyPageRange). */
    Map<String, Long> fork() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("ptes_copied", k.mm.fork.ptesCopied);
        m.put("pages_accounted", k.mm.fork.pagesAccounted);
        return m;
    }

    /** cowpte.* counters (dev.ptshare.mm.CowPte, machine cow_pte=on|accounting). */
    Map<String, Long> cowpte() {
        CowPte c = k.mm.cowPte;
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("tables_shared", c.tablesShared);
        m.put("tables_copied", c.tablesCopied);
        m.put("tables_reused", c.tablesReused);
        m.put("tables_dropped", c.tablesDropped);
        m.put("ptes_copied", c.ptesCopied);
        m.put("pages_accounted", c.pagesAccounted);
        m.put("pages_unaccounted", c.pagesUnaccounted);
        return m;
    }

    /** ops.* counters: what the cost model prices (dev.ptshare.cost.CostOp, by key). */
    Map<String, Long> ops() {
        long[] v = dev.ptshare.cost.OpCounts.of(k);
        Map<String, Long> m = new LinkedHashMap<>();
        for (dev.ptshare.cost.CostOp op : dev.ptshare.cost.CostOp.values())
            m.put(op.key, v[op.ordinal()]);
        return m;
    }

    /** cpuN.* counters. */
    Map<String, Long> cpu(int n) {
        Map<String, Long> m = new HashMap<>();
        m.put("tlb.entries", (long) k.cpus[n].tlb.entries());
        return m;
    }

    /** "Field: value kB" lines → bytes; plain numbers stay as they are. */
    static void parseProc(String text, Map<String, Long> into) {
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            String key = line.substring(0, colon).trim();
            String rest = line.substring(colon + 1).trim();
            if (key.contains(" ") || rest.isEmpty()) continue;
            boolean kb = rest.endsWith(" kB");
            String num = kb ? rest.substring(0, rest.length() - 3).trim() : rest;
            try {
                long v = Long.parseLong(num);
                into.put(key, kb ? v * 1024 : v);
            } catch (NumberFormatException ignored) {
                // Not a number (Name:, Cpus_allowed_list:, VmFlags:): not a metric.
            }
        }
    }
}
