package dev.ptshare.check;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.Mm;
import dev.ptshare.phys.PhysMem;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Invariants of the model's own state, checked after every statement under {@code --check}:
 * every page-table page is reachable from a live mm (nothing leaked), each mm's VmPTE equals
 * the PTE/PMD/PUD pages it reaches, its RSS counters equal the pages its PTEs map, and
 * /proc/meminfo PageTables equals the page-table pages that exist.
 */
final class Audit {
    private final Kernel k;

    Audit(Kernel k) {
        this.k = k;
    }

    /** Tables of an mshare host mm, reached from a guest through a linked slot, are the host's. */
    private boolean foreign(Mm mm, int t) {
        int owner = k.tables.owner(t);
        if (owner == mm.id) return false;
        for (Mm host : k.mm.extraMms) if (host.id == owner) return true;
        return false;
    }

    String run() {
        Set<Mm> live = new LinkedHashSet<>();
        for (Task t : k.allTasks()) if (t.alive && t.mm != null) live.add(t.mm);
        for (Mm extra : k.mm.extraMms) live.add(extra);
        BitSet reached = new BitSet();
        for (Mm mm : live) {
            long[] count = new long[3]; // pgtables, anon pages, file+shmem pages
            walk(mm, mm.ctx.pgd, mm.ctx.levels, reached, count);
            if (count[0] * 4096 != mm.pgtablesBytes) {
                return "mm " + mm.id + " VmPTE says " + mm.pgtablesBytes / 1024
                        + " kB but it reaches "
                        + count[0] * 4 + " kB of PTE/PMD/PUD tables";
            }
            if (count[1] != mm.rss[Mm.MM_ANONPAGES]) {
                return "mm " + mm.id + " RssAnon says " + mm.rss[Mm.MM_ANONPAGES]
                        + " pages, its PTEs map " + count[1];
            }
            long file = mm.rss[Mm.MM_FILEPAGES] + mm.rss[Mm.MM_SHMEMPAGES];
            if (count[2] != file) {
                return "mm " + mm.id + " RssFile+RssShmem says " + file + " pages, its PTEs map "
                        + count[2];
            }
        }
        long live2 = k.tables.live();
        if (reached.cardinality() != live2) {
            return (live2 - reached.cardinality())
                    + " page-table page(s) allocated but reachable from no live mm (leaked)";
        }
        if (k.phys.tableFrames() != live2) {
            return "PageTables counts " + k.phys.tableFrames() + " pages but " + live2
                    + " page-table pages exist";
        }
        return null;
    }

    private void walk(Mm mm, int table, int level, BitSet reached, long[] count) {
        reached.set(table);
        if (level <= PageTableStore.PUD) count[0]++;
        if (level == PageTableStore.PTE && k.tables.isCompact(table)) {
            int base = k.tables.compactBase(table);
            count[k.phys.test(base, PhysMem.F_ANON) ? 1 : 2] += 512;
            return;
        }
        long[] e = k.tables.raw(table);
        for (long x : e) {
            if (x == 0) continue;
            if (level == PageTableStore.PTE) {
                if (!Pte.mapped(x) || (x & Pte.SPECIAL) != 0) continue;
                int pfn = (int) Pte.pfn(x);
                if (k.phys.test(pfn, PhysMem.F_ANON))
                    count[1]++;
                else
                    count[2]++;
                continue;
            }
            if (!Pte.present(x) || (x & Pte.PSE) != 0) continue;
            int child = Pte.table(x);
            if (foreign(mm, child)) {
                reached.set(child);
                continue;
            }
            walk(mm, child, level - 1, reached, count);
        }
    }
}
