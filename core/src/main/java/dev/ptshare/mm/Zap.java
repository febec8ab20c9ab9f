package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.phys.PhysMem;

/**
 * unmap_vmas() → unmap_page_range() → zap_pte_range() (mm/memory.c): clear the PTEs of a range,
 * drop rmap, RSS and page references, and record what must be flushed. With PT_RECLAIM
 * (mm/pt_reclaim.c) a MADV_DONTNEED that empties a whole PTE table frees the table too.
 */
public final class Zap {
    /** zap_details: what a zap keeps and may free (null details means "everything", munmap). */
    public record Details(boolean keepGuardMarkers, boolean reclaimPt, boolean skipAnon) {
        /** zap_page_range_single() from madvise: guard markers stay, empty tables may go. */
        public static final Details MADVISE = new Details(true, true, false);

        /**
         * unmap_mapping_range(): only page-cache pages, private COW copies stay (even_cows off).
         */
        public static final Details KEEP_PRIVATE = new Details(true, false, true);

        /** truncate_pagecache(): everything mapped from the file goes, COW copies included. */
        public static final Details TRUNCATE = new Details(true, false, false);
    }

    private final MmCore core;
    private final PageTableStore tables;
    private final PhysMem phys;
    /**
     * Present entries cleared by zaps (zap_present_ptes(); hugetlb leaves count one each), for
     * the cost model.
     */
    public long ptesZapped;

    Zap(MmCore core) {
        this.core = core;
        this.tables = core.tables;
        this.phys = core.phys;
    }

    /** unmap_single_vma() over [start, end) ∩ vma. */
    public void unmapSingleVma(MmuGather tlb, Vma vma, long start, long end, Details details) {
        long s = Math.max(start, vma.start);
        long e = Math.min(end, vma.end);
        if (s >= e) return;
        Mm mm = vma.mm;
        if (vma.privateData instanceof SpecialMapping sm) {
            // vm_ops->unmap_page_range (mshare V3-11: unlink only), unless it zaps elsewhere
            if (!sm.zapRange(tlb, vma, s, e, details)) sm.unmapPageRange(tlb, vma);
            return;
        }
        if (Hugetlb.isHugetlb(vma)) {
            core.hugetlb.unmapHugepageRange(tlb, vma, s, e);
            return;
        }
        for (long addr = s; addr < e;) {
            long next = Math.min((addr + (1L << 21)) & ~((1L << 21) - 1), e);
            int pt = core.pgtable.pteTable(mm, addr);
            if (pt >= 0 && core.cowPte.enabled())
                pt = core.cowPte.zapTable(tlb, vma, addr, details, pt);
            if (pt >= 0) {
                zapPteRange(tlb, vma, pt, addr, next, details);
                if (details != null && details.reclaimPt() && next - addr == (1L << 21)
                        && tables.used(pt) == 0) {
                    reclaimPteTable(tlb, mm, addr);
                }
            }
            addr = next;
        }
    }

    /**
     * zap_pte_range() for [addr, end) inside one PTE table. Markers stay unless the zap drops
     * them (ZAP_FLAG_DROP_MARKER: munmap and exit, {@code details == null}); uffd-wp markers stay
     * only in file VMAs, and there a zapped uffd-wp entry becomes one
     * (zap_install_uffd_wp_if_needed()).
     */
    void zapPteRange(MmuGather tlb, Vma vma, int pt, long addr, long end, Details details) {
        Mm mm = vma.mm;
        if (tables.isCompact(pt) && end - addr == (1L << 21)
                && (details == null || !details.skipAnon())) {
            zapCompact(tlb, vma, pt, addr);
            return;
        }
        boolean drop = details == null || !details.keepGuardMarkers();
        boolean fileWp = !drop && !vma.isAnonymous() && !core.mutant(Mutant.ZAP_DROPS_UFFD_WP);
        long keepMarkers = drop ? 0 : Pte.MARKER_GUARD | (fileWp ? Pte.MARKER_UFFD_WP : 0);
        boolean armUffdWp = fileWp && vma.test(VmFlags.VM_UFFD_WP);
        long[] t = tables.raw(pt);
        for (long a = addr; a < end; a += 4096) {
            int idx = (int) (a >>> 12) & 511;
            long e = t[idx];
            if (e == 0) continue;
            if (Pte.marker(e)) {
                long keep = e & keepMarkers;
                if (keep == (e & ~Pte.SWP_MARKER)) continue;
                tables.set(pt, idx, keep == 0 ? 0 : Pte.makeMarker(keep));
                continue;
            }
            int pfn = (int) Pte.pfn(e);
            boolean special = (e & Pte.SPECIAL) != 0; // zero page: vm_normal_page() is NULL
            boolean anon = !special && phys.test(pfn, PhysMem.F_ANON);
            if (anon && details != null && details.skipAnon()) continue;
            boolean arm = armUffdWp && (e & Pte.UFFD_WP) != 0;
            tables.set(pt, idx, arm ? Pte.makeMarker(Pte.MARKER_UFFD_WP) : 0);
            if (Pte.present(e)) {
                tlb.clearedPte(a);
                ptesZapped++;
            }
            if (special) continue;
            if (anon) {
                mm.rss[Mm.MM_ANONPAGES]--;
            } else {
                if (Pte.dirty(e)) phys.set(pfn, PhysMem.F_DIRTY);
                mm.rss[vma.inode().fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES]--;
            }
            phys.addMapcount(pfn, -1);
            phys.put(pfn);
        }
    }

    /** zap_pte_range() over a whole compact table: 512 file pages of one chunk at once. */
    private void zapCompact(MmuGather tlb, Vma vma, int pt, long addr) {
        int base = tables.compactBase(pt);
        if (Pte.dirty(tables.compactBits(pt))) phys.setChunkDirty(base);
        vma.mm.rss[vma.inode().fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES] -= PhysMem.CHUNK;
        tables.clearCompact(pt);
        phys.chunkUnmap(base);
        ptesZapped += PhysMem.CHUNK;
        tlb.clearedPte(addr);
        tlb.clearedPte(addr + (1L << 21) - 4096);
    }

    /** try_get_and_clear_pmd() + free_pte(): PT_RECLAIM of an empty PTE table. */
    private void reclaimPteTable(MmuGather tlb, Mm mm, long addr) {
        int pmd = core.pgtable.table(mm, addr, PageTableStore.PMD, false);
        int idx = PgtableAlloc.index(addr, PageTableStore.PMD);
        int pt = Pte.table(tables.get(pmd, idx));
        tables.set(pmd, idx, 0);
        core.pgtable.freeTable(mm, pt);
        tlb.freedTable(addr);
    }
}
