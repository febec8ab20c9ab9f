package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.phys.PhysMem;

/**
 * Fork's page-table copy: vma_needs_copy() and copy_page_range() → copy_pte_range() →
 * copy_present_pte() / copy_nonpresent_pte() (mm/memory.c).
 */
public final class CopyPageRange {
    private final MmCore core;
    private final PageTableStore tables;
    private final PhysMem phys;
    /**
     * PTEs written into child tables by fork (for fork cost accounting, {@code fork.ptes_copied}).
     */
    public long ptesCopied;
    /**
     * Pages whose refcount, mapcount and the child's RSS fork updated, one by one
     * ({@code fork.pages_accounted}): every page copy_present_pte() reaches, and with
     * {@code cow_pte=accounting} every page of a shared table.
     */
    public long pagesAccounted;
    /** What the last {@link #copyPteRange} did: entries written, pages accounted. */
    int lastPtes, lastPages;

    CopyPageRange(MmCore core) {
        this.core = core;
        this.tables = core.tables;
        this.phys = core.phys;
    }

    /**
     * vma_needs_copy() as {@code machine fork_rule=} selects it (the default is the fixed rule).
     */
    public ForkRule rule = ForkRule.FIXED;

    /** vma_needs_copy(): the rule, unless a mutant drops the child's uffd-wp from it. */
    boolean vmaNeedsCopy(Vma dst, Vma src) {
        if (core.mutant(Mutant.FORK_IGNORES_UFFD_WP)) {
            long keep = ~VmFlags.VM_UFFD_WP;
            return rule.needsCopy(strip(dst, keep), strip(src, keep));
        }
        return rule.needsCopy(dst, src);
    }

    private static Vma strip(Vma v, long keep) {
        Vma s = v.dup(v.mm);
        s.flags &= keep;
        return s;
    }

    /** is_cow_mapping(). */
    static boolean isCowMapping(long flags) {
        return (flags & (VmFlags.VM_SHARED | VmFlags.VM_MAYWRITE)) == VmFlags.VM_MAYWRITE;
    }

    /**
     * copy_page_range() → copy_p4d/pud/pmd_range(): top-down, a child table is allocated for
     * every non-none parent entry inside the VMA, even when the table below it is empty.
     * Returns false on OOM.
     */
    public boolean copyPageRange(Vma dst, Vma src) {
        if (!vmaNeedsCopy(dst, src)) return true;
        if (Hugetlb.isHugetlb(src)) return core.hugetlb.copyHugetlbPageRange(dst, src);
        boolean cow = isCowMapping(src.flags);
        int top = PgtableAlloc.top(src.mm);
        return copyLevel(dst, src, src.mm.ctx.pgd, dst.mm.ctx.pgd, top, src.start, src.end, cow);
    }

    private boolean copyLevel(Vma dst, Vma src, int st, int dt, int level, long addr, long end,
            boolean cow) {
        int shift = PgtableAlloc.entryShift(level);
        for (long a = addr; a < end;) {
            long next = Math.min(((a >>> shift) + 1) << shift, end);
            int idx = (int) (a >>> shift) & 511;
            long e = tables.get(st, idx);
            if (e != 0 && Pte.present(e) && (e & Pte.PSE) == 0) {
                if (level == PageTableStore.PMD && core.cowPte.enabled()
                        && core.cowPte.canShare(src, a)) {
                    core.cowPte.share(dst, src, st, dt, idx); // COW PTE: no child table
                    a = next;
                    continue;
                }
                long de = tables.get(dt, idx);
                int child;
                if (de == 0) {
                    child = core.pgtable.allocTable(dst.mm, level - 1);
                    if (child < 0) return false;
                    tables.set(dt, idx, Pte.tableEntry(child));
                } else {
                    child = Pte.table(de);
                }
                int schild = Pte.table(e);
                if (level - 1 == PageTableStore.PTE) {
                    copyPteRange(dst, src, child, schild, a, next, cow);
                    ptesCopied += lastPtes;
                    dst.mm.forkPtesCopied += lastPtes;
                    pagesAccounted += lastPages;
                } else if (!copyLevel(dst, src, schild, child, level - 1, a, next, cow))
                    return false;
            }
            a = next;
        }
        return true;
    }

    /**
     * copy_pte_range() of [addr, end) from table spt into dpt: also what a COW-PTE unshare does
     * to give one process its own copy (RFC v2 7/9 break_cow_pte() calls copy_pte_range()).
     * Leaves its counts in {@link #lastPtes} and {@link #lastPages}.
     */
    void copyPteRange(Vma dst, Vma src, int dpt, int spt, long addr, long end, boolean cow) {
        int ptes = 0, pages = 0;
        long[] s = tables.raw(spt);
        boolean keepUffdWp = dst.test(VmFlags.VM_UFFD_WP);
        for (long a = addr; a < end; a += 4096) {
            int idx = (int) (a >>> 12) & 511;
            long e = s[idx];
            if (e == 0) continue;
            if (Pte.marker(e)) {
                // copy_pte_marker(): guard and poison markers always, uffd-wp only if the child keeps it.
                long m = e & (Pte.MARKER_GUARD | Pte.MARKER_POISONED
                        | (keepUffdWp ? Pte.MARKER_UFFD_WP : 0));
                if (m != 0) {
                    tables.set(dpt, idx, Pte.makeMarker(m));
                    ptes++;
                }
                continue;
            }
            long child = e;
            if ((e & Pte.SPECIAL) == 0) {
                int pfn = (int) Pte.pfn(e);
                pages++;
                phys.get(pfn);
                phys.addMapcount(pfn, 1);
                if (phys.test(pfn, PhysMem.F_ANON)) {
                    phys.clear(pfn, PhysMem.F_ANON_EXCLUSIVE); // folio_try_dup_anon_rmap_pte()
                    dst.mm.rss[Mm.MM_ANONPAGES]++;
                } else {
                    dst.mm.rss[src.inode().fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES]++;
                }
            }
            if (cow && Pte.writable(e) && !core.mutant(Mutant.SKIP_FORK_WRPROTECT)) {
                tables.set(spt, idx, Pte.wrprotect(e)); // ptep_set_wrprotect(src_mm, ...)
                child = Pte.wrprotect(child);
            }
            if (src.test(VmFlags.VM_SHARED)) child &= ~Pte.DIRTY; // pte_mkclean in a shared child
            child &= ~Pte.ACCESSED; // pte_mkold
            if (!keepUffdWp) child &= ~Pte.UFFD_WP;
            tables.set(dpt, idx, child);
            ptes++;
        }
        lastPtes = ptes;
        lastPages = pages;
    }
}
