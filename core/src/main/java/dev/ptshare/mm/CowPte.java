package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.phys.PhysMem;

/**
 * Copy-on-write PTE tables at fork ({@code machine cow_pte=on|accounting}), after On-demand-fork
 * (Zhao, Gong, Fonseca, EuroSys 2021) and Chih-En Lin's "Introduce Copy-On-Write to Page Table"
 * series (RFC v2, Sep 2022, {@code <20220927162957.270460-*-shiyn.lin@gmail.com>}; v5, Apr 2023,
 * {@code <20230414142341.354556-*-shiyn.lin@gmail.com>}). See docs/designs/cow-pte.md.
 *
 * <p>Fork shares a PTE table instead of copying it: the PMD entries of parent and child both
 * point at it with RW clear (pmdp_set_wrprotect, so the hardware walk refuses writes through
 * either), and {@link PageTableStore#shareCount} counts the extra references (the series reuses
 * the table page's refcount: pmd_get_pte/pmd_put_pte/cow_pte_count). A table with a RW-clear PMD
 * entry is "COW-ed" (is_pte_table_cowing: !pmd_none && !pmd_write). Before anything changes one
 * of its entries in one process, that process breaks COW: with other references left it gets its
 * own copy of the table (break_cow_pte), as the last reference it takes the table back by making
 * its PMD entry writable (cow_pte_fallback / the v5 fast path). A zap that removes the whole
 * table from a process only drops that process's reference (zap_cow_pte; v5 ZAP_PTE_IS_SHARED).
 *
 * <p>The two modes differ in accounting:
 * <ul>
 * <li>{@link Mode#ON} (RFC v2, ODF): fork touches no page. One process, the table's owner
 * (RFC v2 page->cow_pte_owner, here {@link PageTableStore#owner}; 0 is NULL), carries the
 * table's RSS and its 4 KiB of VmPTE; the others carry nothing for it until they break COW. A
 * page's mapcount counts the table once however many processes share it.
 * <li>{@link Mode#ACCOUNTING} (v3..v5): fork does copy_present_pte()'s per-page work on the
 * shared entries (refcount, mapcount, clearing AnonExclusive, write protection, the child's
 * RSS) and pmd_install() charges the child the table's VmPTE; unsharing just clones entries.
 * </ul>
 * Either way a shared table is one page-table page in PageTables.
 */
public final class CowPte {
    /** What fork does with PTE tables. */
    public enum Mode {
        /** Copy them, as Linux does. */
        OFF("off"),
        /** Share them with no per-page accounting at fork (RFC v2, On-demand-fork). */
        ON("on"),
        /** Share them with per-page refcount, mapcount and RSS accounting at fork (v3..v5). */
        ACCOUNTING("accounting");

        public final String key;

        Mode(String key) {
            this.key = key;
        }

        public static Mode byKey(String key) {
            for (Mode m : values()) if (m.key.equals(key)) return m;
            return null;
        }
    }

    private static final long PMD_SIZE = 1L << 21;
    private static final long PMD_MASK = ~(PMD_SIZE - 1);

    private final MmCore core;
    private final PageTableStore tables;
    private final PhysMem phys;
    private Mode mode = Mode.OFF;

    /** PTE tables fork shared instead of copying ({@code cowpte.tables_shared}). */
    public long tablesShared;
    /** Shared tables a process got its own copy of when it broke COW. */
    public long tablesCopied;
    /** Tables taken back by their last sharer (PMD entry made writable, nothing copied). */
    public long tablesReused;
    /** References dropped by a zap that removed a whole shared table from one process. */
    public long tablesDropped;
    /** Entries written into the copies made by breaking COW. */
    public long ptesCopied;
    /** Pages whose refcount, mapcount and RSS those copies updated ({@code on} mode only). */
    public long pagesAccounted;
    /**
     * Pages a dropped reference de-accounted one by one ({@code accounting} mode: v5's zap reads
     * each shared entry and drops this process's RSS, mapcount and reference).
     */
    public long pagesUnaccounted;

    CowPte(MmCore core) {
        this.core = core;
        this.tables = core.tables;
        this.phys = core.phys;
    }

    public Mode mode() {
        return mode;
    }

    public void setMode(Mode m) {
        mode = m;
    }

    public boolean enabled() {
        return mode != Mode.OFF;
    }

    // ---- fork ----------------------------------------------------------------------------

    /**
     * Whether fork shares the PTE table of src covering {@code addr}: the whole 2 MiB lies inside
     * this one private (COW) VMA, as On-demand-fork requires ("regions whose PTE table is not fully
     * covered by one VMA fall back to normal copying"). Not for userfaultfd-wp VMAs, whose child
     * may lose the uffd-wp bits that copy_present_pte() clears, nor for PFN/mixed/IO mappings.
     */
    boolean canShare(Vma src, long addr) {
        long t0 = addr & PMD_MASK;
        return t0 >= src.start && t0 + PMD_SIZE <= src.end && src.privateData == null
                && CopyPageRange.isCowMapping(src.flags)
                && !src.test(VmFlags.VM_UFFD_WP | VmFlags.VM_PFNMAP | VmFlags.VM_MIXEDMAP
                        | VmFlags.VM_IO);
    }

    /**
     * copy_pmd_range() with COW PTE (RFC v2 9/9; v5 03/17 copy_cow_pte_range()): the child's
     * PMD entry {@code dpmd[idx]} points at the parent's PTE table, both write-protected.
     */
    void share(Vma dst, Vma src, int spmd, int dpmd, int idx) {
        long pe = tables.get(spmd, idx);
        int t = Pte.table(pe);
        if (mode == Mode.ON) {
            // RFC v2 9/9: "If PTE doesn't have an owner, the parent needs to take this PTE"
            // and, for a table it shared before, "add back the RSS state and pgtable bytes".
            if (!Pte.writable(pe) && tables.owner(t) == 0) takeOwnership(src.mm, src, t);
        } else {
            accountAtFork(dst, src, t);
        }
        tables.setShareCount(t, tables.shareCount(t) + 1); // pmd_get_pte()
        long wp = Pte.wrprotect(pe);
        if (wp != pe) tables.set(spmd, idx, wp); // pmdp_set_wrprotect(src_mm, ...)
        tables.set(dpmd, idx, wp); // set_pmd_at(dst_mm, ..., pmd_wrprotect(*src_pmd))
        tablesShared++;
    }

    /**
     * v5 03/17 copy_cow_pte_range(): copy_present_pte(curr, curr, src_pte, src_pte, ...) on
     * every entry, so each page is accounted to the child and the shared entry itself becomes
     * what a child's copy would be (write-protected, old); pmd_install() charges the child.
     */
    private void accountAtFork(Vma dst, Vma src, int t) {
        boolean cow = CopyPageRange.isCowMapping(src.flags);
        long[] raw = tables.raw(t);
        Mm child = dst.mm;
        for (int i = 0; i < PageTableStore.ENTRIES; i++) {
            long e = raw[i];
            if (e == 0 || Pte.marker(e)) continue;
            if ((e & Pte.SPECIAL) == 0) {
                int pfn = (int) Pte.pfn(e);
                phys.get(pfn);
                phys.addMapcount(pfn, 1);
                if (phys.test(pfn, PhysMem.F_ANON))
                    phys.clear(pfn, PhysMem.F_ANON_EXCLUSIVE); // folio_try_dup_anon_rmap_pte()
                child.rss[counter(src, pfn)]++;
                core.fork.pagesAccounted++;
            }
            long ne = e & ~Pte.ACCESSED; // pte_mkold
            if (cow && Pte.writable(ne)) ne = Pte.wrprotect(ne);
            if (ne != e) raw[i] = ne;
        }
        child.pgtablesBytes += 4096; // pmd_install() → mm_inc_nr_ptes(dst_mm)
    }

    // ---- lookup --------------------------------------------------------------------------

    /** is_pte_table_cowing(): !pmd_none(*pmd) && !pmd_write(*pmd), and a table, not a leaf. */
    private static boolean cowed(long pmde) {
        return Pte.present(pmde) && (pmde & (Pte.PSE | Pte.RW)) == 0;
    }

    /** The PMD table holding addr's entry if that entry maps a COW-ed PTE table, else -1. */
    private int cowedPmd(Mm mm, long addr) {
        int pmd = core.pgtable.table(mm, addr, PageTableStore.PMD, false);
        if (pmd < 0) return -1;
        return cowed(tables.get(pmd, PgtableAlloc.index(addr, PageTableStore.PMD))) ? pmd : -1;
    }

    /** Whether addr's PTE table is COW-ed in mm (so a write must break COW first). */
    public boolean isCowed(Mm mm, long addr) {
        return mode != Mode.OFF && cowedPmd(mm, addr) >= 0;
    }

    /** The start of the first COW-ed PTE table of mm overlapping [a, end), or -1. */
    private long nextCowed(Mm mm, long a, long end) {
        a &= PMD_MASK;
        while (a < end) {
            long gibEnd = (a | ((1L << 30) - 1)) + 1;
            int pmd = core.pgtable.table(mm, a, PageTableStore.PMD, false);
            if (pmd < 0) {
                a = gibEnd;
                continue;
            }
            for (; a < end && a < gibEnd; a += PMD_SIZE)
                if (cowed(tables.get(pmd, PgtableAlloc.index(a, PageTableStore.PMD)))) return a;
        }
        return -1;
    }

    /**
     * A VMA of mm over the COW-ed table at t0, for mm_counter() of its file pages: one exists,
     * since unmapping any part of a COW-ed table breaks or drops it, and every VMA over it maps
     * the one file the VMA fork shared it from did.
     */
    private static Vma vmaOf(Mm mm, long t0) {
        return mm.vmas.range(t0, t0 + PMD_SIZE).getFirst();
    }

    // ---- breaking COW --------------------------------------------------------------------

    /**
     * break_cow_pte() for addr: afterwards mm's PTE table there, if any, is its own. False when
     * no page-table page could be allocated for the copy (VM_FAULT_OOM, -ENOMEM).
     */
    public boolean breakCowPte(Mm mm, long addr) {
        int pmd = cowedPmd(mm, addr);
        if (pmd < 0) return true;
        long t0 = addr & PMD_MASK;
        return breakAt(mm, vmaOf(mm, t0), pmd, t0, false) >= 0;
    }

    /** break_cow_pte_range(): every COW-ed table overlapping [start, end). False on OOM. */
    public boolean breakRange(Mm mm, long start, long end) {
        if (mode == Mode.OFF) return true;
        for (long t0 = nextCowed(mm, start, end); t0 >= 0; t0 = nextCowed(mm, t0 + PMD_SIZE, end))
            if (!breakCowPte(mm, t0)) return false;
        return true;
    }

    /**
     * Before a zap of [start, end) that must not fail halfway (munmap, MADV_DONTNEED): break the
     * COW-ed tables the zap will not drop whole, i.e. those reaching outside the range and, when
     * guard markers stay ({@code keepGuards}), those holding one. False on OOM, before anything
     * was unmapped.
     */
    public boolean prepareZap(Mm mm, long start, long end, boolean keepGuards) {
        if (mode == Mode.OFF || core.mutant(Mutant.COW_PTE_SKIP_UNSHARE)) return true;
        for (long t0 = nextCowed(mm, start, end); t0 >= 0;
                t0 = nextCowed(mm, t0 + PMD_SIZE, end)) {
            int pmd = cowedPmd(mm, t0);
            int t = Pte.table(tables.get(pmd, PgtableAlloc.index(t0, PageTableStore.PMD)));
            if (t0 >= start && t0 + PMD_SIZE <= end && !(keepGuards && hasGuard(t))) continue;
            if (breakAt(mm, vmaOf(mm, t0), pmd, t0, false) < 0) return false;
        }
        return true;
    }

    /**
     * The zap of [addr, ...) in vma reached a PTE table {@code pt}: if it is COW-ed, drop mm's
     * reference when the operation removes the whole table (returns {@link PgtableAlloc#NONE},
     * nothing left to zap), else break COW so the zap works on mm's own table (returned).
     */
    int zapTable(MmuGather tlb, Vma vma, long addr, Zap.Details details, int pt) {
        Mm mm = vma.mm;
        int pmd = cowedPmd(mm, addr);
        if (pmd < 0) return pt;
        long t0 = addr & PMD_MASK;
        int idx = PgtableAlloc.index(addr, PageTableStore.PMD);
        // v5 05/17: the last reference is reused and zapped normally.
        if (tables.shareCount(pt) == 0) {
            reuse(mm, vma, pmd, idx, pt, t0);
            return pt;
        }
        boolean whole = tlb.dropsWhole(t0, t0 + PMD_SIZE)
                && (details == null || !details.skipAnon()
                        && !(details.keepGuardMarkers() && hasGuard(pt)));
        if (whole) {
            drop(tlb, mm, vma, pmd, idx, pt, t0);
            return PgtableAlloc.NONE;
        }
        if (core.mutant(Mutant.COW_PTE_SKIP_UNSHARE)) return pt; // zaps every sharer's entries
        // Only unmap_mapping_range() (truncation, hole punch) gets here; it cannot fail.
        return breakAt(mm, vma, pmd, t0, true);
    }

    /** Breaks COW on mm's table at pmd[t0]: reuse or copy. Returns mm's table, or OOM. */
    private int breakAt(Mm mm, Vma vma, int pmd, long t0, boolean nofail) {
        int idx = PgtableAlloc.index(t0, PageTableStore.PMD);
        int t = Pte.table(tables.get(pmd, idx));
        if (tables.shareCount(t) == 0) {
            reuse(mm, vma, pmd, idx, t, t0);
            return t;
        }
        int n = nofail ? core.pgtable.allocTableNoFail(mm, PageTableStore.PTE)
                : core.pgtable.allocTable(mm, PageTableStore.PTE);
        if (n < 0) return PgtableAlloc.OOM;
        if (mode == Mode.ON) {
            // RFC v2 7/9 break_cow_pte(): copy_pte_range() over each VMA the table covers.
            for (Vma v : mm.vmas.range(t0, t0 + PMD_SIZE)) {
                core.fork.copyPteRange(v, v, n, t, Math.max(t0, v.start),
                        Math.min(t0 + PMD_SIZE, v.end), CopyPageRange.isCowMapping(v.flags));
                ptesCopied += core.fork.lastPtes;
                pagesAccounted += core.fork.lastPages;
            }
            // "Clear the owner of COW PTE ... when it is owner": its RSS and VmPTE for the
            // shared table go, the copy carries them now.
            if (tables.owner(t) == mm.id) giveUpOwnership(mm, vma, t);
        } else {
            // v5 04/17 handle_cow_pte_fault(): "we already did the accounting ... just clone".
            long[] src = tables.raw(t);
            long[] dst = tables.raw(n);
            for (int i = 0; i < PageTableStore.ENTRIES; i++) {
                if (src[i] != 0) ptesCopied++;
                dst[i] = src[i];
            }
            tables.recount(n);
            // The copy goes in with set_pmd_at(), not pmd_install(): mm's nr_ptes already
            // counted the shared table, so the copy only replaces it.
            mm.pgtablesBytes -= 4096;
        }
        tables.setShareCount(t, tables.shareCount(t) - 1); // pmd_put_pte()
        tables.set(pmd, idx, Pte.tableEntry(n)); // set_pmd_at(mm, start, pmd, new_entry)
        core.flushTlbRange(mm, t0, t0 + PMD_SIZE); // flush_tlb_range(vma, start, end)
        tablesCopied++;
        return n;
    }

    /**
     * cow_pte_fallback() (RFC v2) / the v5 fast path "we are the only one ... reuse it": the
     * last reference makes its PMD entry writable; in {@code on} mode a process that was not the
     * owner now carries the table's RSS and VmPTE.
     */
    private void reuse(Mm mm, Vma vma, int pmd, int idx, int t, long t0) {
        if (mode == Mode.ON && tables.owner(t) != mm.id) takeOwnership(mm, vma, t);
        tables.set(pmd, idx, tables.get(pmd, idx) | Pte.RW); // pmd_mkwrite()
        core.flushTlbRange(mm, t0, t0 + PMD_SIZE);
        tablesReused++;
    }

    /**
     * zap_cow_pte() (RFC v2 7/9) / v5 05/17 ZAP_PTE_IS_SHARED: mm lets go of a shared table it
     * unmaps whole. The entries stay for the other sharers; mm's PMD entry is cleared.
     */
    private void drop(MmuGather tlb, Mm mm, Vma vma, int pmd, int idx, int t, long t0) {
        if (mode == Mode.ON) {
            if (tables.owner(t) == mm.id) giveUpOwnership(mm, vma, t);
        } else {
            // v5: zap_present_pte() de-accounts each page but reads, not clears, the entry.
            long[] raw = tables.raw(t);
            for (long e : raw) {
                if (!Pte.mapped(e) || (e & Pte.SPECIAL) != 0) continue;
                int pfn = (int) Pte.pfn(e);
                if (!phys.test(pfn, PhysMem.F_ANON) && Pte.dirty(e)) phys.set(pfn, PhysMem.F_DIRTY);
                mm.rss[counter(vma, pfn)]--;
                phys.addMapcount(pfn, -1);
                phys.put(pfn);
                pagesUnaccounted++;
            }
            mm.pgtablesBytes -= 4096; // mm_dec_nr_ptes(tlb->mm)
        }
        tables.setShareCount(t, tables.shareCount(t) - 1); // pmd_put_pte()
        tables.set(pmd, idx, 0); // pmd_clear(pmd)
        tlb.droppedTable(t0, t0 + PMD_SIZE);
        tablesDropped++;
    }

    private void takeOwnership(Mm mm, Vma vma, int t) {
        tables.setOwner(t, mm.id); // set_cow_pte_owner(pmd, pmd)
        addTableRss(mm, vma, t, 1); // cow_pte_rss(..., true /* inc */)
        mm.pgtablesBytes += 4096; // mm_inc_nr_ptes(mm)
    }

    private void giveUpOwnership(Mm mm, Vma vma, int t) {
        tables.setOwner(t, 0); // set_cow_pte_owner(&cowed_entry, NULL)
        addTableRss(mm, vma, t, -1); // cow_pte_rss(..., false /* dec */)
        mm.pgtablesBytes -= 4096; // mm_dec_nr_ptes(mm)
    }

    /** cow_pte_rss(): the RSS of the pages table t maps, added to mm ({@code sign} ±1). */
    private void addTableRss(Mm mm, Vma vma, int t, int sign) {
        if (tables.isCompact(t)) {
            mm.rss[counter(vma, tables.compactBase(t))] += sign * (long) PageTableStore.ENTRIES;
            return;
        }
        for (long e : tables.raw(t)) {
            if (!Pte.mapped(e) || (e & Pte.SPECIAL) != 0) continue;
            mm.rss[counter(vma, (int) Pte.pfn(e))] += sign;
        }
    }

    /** mm_counter(): anonymous, shmem or file. */
    private int counter(Vma vma, int pfn) {
        if (phys.test(pfn, PhysMem.F_ANON)) return Mm.MM_ANONPAGES;
        return vma.inode().fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES;
    }

    private boolean hasGuard(int t) {
        if (tables.isCompact(t)) return false;
        for (long e : tables.raw(t)) if (Pte.marker(e) && (e & Pte.MARKER_GUARD) != 0) return true;
        return false;
    }
}
