package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;

/**
 * Mainline hugetlb PMD sharing (mm/hugetlb.c): want_pmd_share(), huge_pmd_share() with
 * page_table_shareable(), and huge_pmd_unshare(). The shared object is a PMD table (one 1 GiB
 * PUD slot of 2 MiB leaves); ptdesc->pt_share_count counts the additional sharers. Every sharer
 * does mm_inc_nr_pmds(), so the table is in each sharer's VmPTE and once in PageTables.
 */
public final class HugetlbShare {
    private static final long PUD_SIZE = 1L << 30, PUD_MASK = ~(PUD_SIZE - 1);

    private final MmCore core;
    private final PageTableStore tables;

    HugetlbShare(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    /** want_pmd_share(): VM_MAYSHARE, no uffd-wp/minor, and the VMA covers the whole PUD slot. */
    boolean wantPmdShare(Vma vma, long addr) {
        if (!vma.test(VmFlags.VM_MAYSHARE) || vma.test(VmFlags.VM_UFFD_WP | VmFlags.VM_UFFD_MINOR))
            return false;
        long base = addr & PUD_MASK;
        return vma.start <= base && base + PUD_SIZE <= vma.end;
    }

    /** page_table_shareable(): the address in svma mapping the same file index, or 0. */
    private static long pageTableShareable(Vma svma, Vma vma, long addr, long idx,
            boolean ignoreFlags) {
        long saddr = ((idx - svma.pgoff) << 12) + svma.start;
        long sbase = saddr & PUD_MASK;
        long mask = ~(VmFlags.VM_LOCKED | VmFlags.VM_LOCKONFAULT);
        if (((addr >>> 21) & 511) != ((saddr >>> 21) & 511)) return 0;
        if ((vma.flags & mask) != (svma.flags & mask) && !ignoreFlags) return 0;
        if (!(svma.start <= sbase && sbase + PUD_SIZE <= svma.end)) return 0;
        return saddr;
    }

    /** huge_pmd_share(): point our empty PUD entry at a sharer's PMD table. */
    void hugePmdShare(Vma vma, long addr, int pud, int pudIdx) {
        long idx = ((addr - vma.start) >>> 12) + vma.pgoff;
        for (Vma svma : vma.inode().iMmap) {
            if (svma == vma) continue;
            long saddr = pageTableShareable(svma, vma, addr, idx,
                    core.mutant(Mutant.HUGETLB_SHARE_IGNORES_FLAGS));
            if (saddr == 0) continue;
            int spmd = core.pgtable.table(svma.mm, saddr, PageTableStore.PMD, false);
            if (spmd < 0) continue;
            tables.setShareCount(spmd, tables.shareCount(spmd) + 1);
            tables.set(pud, pudIdx, Pte.tableEntry(spmd));
            vma.mm.pgtablesBytes += 4096; // mm_inc_nr_pmds()
            return;
        }
    }

    /**
     * huge_pmd_unshare(): if the PMD table at addr is shared, drop our PUD entry to it and
     * return true (the caller skips the slot); false leaves it to the normal path.
     */
    boolean hugePmdUnshare(Vma vma, long addr) {
        Mm mm = vma.mm;
        int pud = core.pgtable.table(mm, addr, PageTableStore.PUD, false);
        if (pud < 0) return false;
        int pi = PgtableAlloc.index(addr, PageTableStore.PUD);
        long e = tables.get(pud, pi);
        if (!Pte.present(e) || (e & Pte.PSE) != 0) return false;
        int pmd = Pte.table(e);
        if (tables.shareCount(pmd) == 0) return false;
        tables.set(pud, pi, 0);
        core.pgtable.forget();
        tables.setShareCount(pmd, tables.shareCount(pmd) - 1);
        mm.pgtablesBytes -= 4096; // mm_dec_nr_pmds()
        return true;
    }

    /**
     * hugetlb_unshare_pmds(): a split or uffd-wp registration unshares the slots in [start, end).
     */
    void unsharePmds(Vma vma, long start, long end) {
        boolean any = false;
        for (long a = start & PUD_MASK; a < end; a += PUD_SIZE) {
            any |= hugePmdUnshare(vma, a);
        }
        if (any) core.tlb.flushTlbMmRange(core.current, vma.mm.ctx, start & PUD_MASK,
                (end + PUD_SIZE - 1) & PUD_MASK, 21, false);
    }
}
