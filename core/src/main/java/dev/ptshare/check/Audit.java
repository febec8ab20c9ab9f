package dev.ptshare.check;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.CowPte;
import dev.ptshare.mm.Mm;
import dev.ptshare.phys.PhysMem;
import java.util.BitSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Invariants of the model's own state, checked after every statement under {@code --check}:
 * every page-table page is reachable from a live mm (nothing leaked), each mm's VmPTE equals
 * the PTE/PMD/PUD pages it reaches, its RSS counters equal the pages its PTEs map, and
 * /proc/meminfo PageTables equals the page-table pages that exist, and every table's count of
 * non-none entries is right.
 *
 * <p>COW PTE: a PTE table reached from more than one PMD entry is shared by fork; it must be
 * reached only through write-protected PMD entries and exactly share count + 1 times. With
 * {@code cow_pte=on} (RFC v2) a COW-ed table counts in VmPTE and RSS only for its owner; with
 * {@code cow_pte=accounting} (v5) for every process that reaches it.
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

    /**
     * The first table whose non-none count (what free_pgtables() and PT_RECLAIM test) disagrees
     * with its entries, found by the last walk.
     */
    private String badUsed;

    String run() {
        badUsed = null;
        Set<Mm> live = new LinkedHashSet<>();
        for (Task t : k.allTasks()) if (t.alive && t.mm != null) live.add(t.mm);
        for (Mm extra : k.mm.extraMms) live.add(extra);
        BitSet reached = new BitSet();
        int[] refs = new int[k.tables.capacity()];
        BitSet writableRef = new BitSet();
        for (Mm mm : live) {
            long[] count = new long[3]; // pgtables, anon pages, file+shmem pages
            walk(mm, mm.ctx.pgd, mm.ctx.levels, reached, count, refs, writableRef);
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
        if (badUsed != null) return badUsed;
        String shared = checkShares(refs, writableRef);
        if (shared != null) return shared;
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

    /** Every PTE table: references = pt_share_count + 1, and a shared one is never writable. */
    private String checkShares(int[] refs, BitSet writableRef) {
        for (int t = 0; t < refs.length; t++) {
            if (refs[t] == 0) continue;
            int share = k.tables.shareCount(t);
            if (refs[t] != share + 1) {
                return "PTE table " + t + " is reached from " + refs[t]
                        + " PMD entries but its share count says " + (share + 1);
            }
            if (refs[t] > 1 && writableRef.get(t)) {
                return "PTE table " + t + " is shared by " + refs[t]
                        + " mms but one of them maps it writable (COW PTE not write-protected)";
            }
        }
        return null;
    }

    /** Whether mm is charged for the PTE table its PMD entry {@code pmde} points at. */
    private boolean charged(Mm mm, long pmde, int t) {
        return k.mm.cowPte.mode() != CowPte.Mode.ON || Pte.writable(pmde)
                || k.tables.owner(t) == mm.id;
    }

    private void walk(Mm mm, int table, int level, BitSet reached, long[] count, int[] refs,
            BitSet writableRef) {
        reached.set(table);
        if (level <= PageTableStore.PUD) count[0]++;
        if (level == PageTableStore.PTE && k.tables.isCompact(table)) {
            int base = k.tables.compactBase(table);
            count[k.phys.test(base, PhysMem.F_ANON) ? 1 : 2] += 512;
            return;
        }
        long[] e = k.tables.raw(table);
        int nonNone = 0;
        for (long x : e) if (x != 0) nonNone++;
        if (nonNone != k.tables.used(table) && badUsed == null) {
            badUsed = "page table " + table + " (level " + level + ") has " + nonNone
                    + " non-none entries but its count says " + k.tables.used(table);
        }
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
                // ptshare: a spliced shadow PTE table counts in VmPTE (mm_inc_nr_ptes()), its
                // pages in the shadow mm's RSS.
                if (level == PageTableStore.PMD && k.config.ptshare()) count[0]++;
                continue;
            }
            if (level == PageTableStore.PMD) {
                refs[child]++;
                if (Pte.writable(x)) writableRef.set(child);
                if (!charged(mm, x, child)) {
                    walk(mm, child, level - 1, reached, new long[3], refs, writableRef);
                    continue;
                }
            }
            walk(mm, child, level - 1, reached, count, refs, writableRef);
        }
    }
}
