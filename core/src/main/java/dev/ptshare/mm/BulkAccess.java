package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.fs.Filemap;
import dev.ptshare.fs.Inode;
import dev.ptshare.phys.PhysMem;

/**
 * A 2 MiB-aligned run of {@code touch} done a page table at a time, with the same result as
 * 512 single accesses: the same PTEs, faults, RSS, mapcounts and allocations. These cases:
 * <ul>
 * <li>every page is already mapped and allowed: no fault; the walker's A/D bits are set;
 * <li>an empty PTE table of a shared (or read-only private) file mapping whose 2 MiB file
 * range is either fully cached or (shmem) fully absent: the faults are counted as
 * do_read_fault() with 64 KiB fault-around (32 per table on cached pages), or one per page
 * for do_shared_fault() and for shmem allocation, and the table is stored compact;
 * <li>reads of such a table whose cached file range is not 2 MiB-aligned in the file: the
 * same faults, as an ordinary table;
 * <li>an empty PTE table of a private anonymous mapping: 512 do_anonymous_page() faults, each a
 * new exclusive anonymous frame (write) or the zero page (read), as ordinary entries.
 * </ul>
 * Anything else returns {@link #NOT_APPLICABLE} and the caller touches page by page.
 */
public final class BulkAccess {
    public static final int NOT_APPLICABLE = -1;
    private static final long CHUNK = 1L << 21;

    private final MmCore core;
    private final PageTableStore tables;

    BulkAccess(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    /** Touches [addr, addr + 2 MiB) of vma; returns the number of minor faults, or -1. */
    public int touchChunk(Vma vma, long addr, boolean write) {
        if (addr < vma.start || addr + CHUNK > vma.end) return NOT_APPLICABLE;
        if (write ? !vma.test(VmFlags.VM_WRITE) : (vma.flags & VmFlags.VM_ACCESS_FLAGS) == 0)
            return NOT_APPLICABLE;
        if (vma.test(VmFlags.VM_HUGETLB)) return hugeChunk(vma, addr, write);
        Mm mm = vma.mm;
        int pmd = core.pgtable.pmdAlloc(mm, addr);
        if (pmd < 0) return NOT_APPLICABLE;
        long pmde = tables.get(pmd, PgtableAlloc.index(addr, PageTableStore.PMD));
        if ((pmde & Pte.PSE) != 0) return NOT_APPLICABLE;
        int pt = pmde == 0 ? PgtableAlloc.NONE : Pte.table(pmde);
        // A COW-ed PTE table (RW clear in the PMD) is only read in bulk; writes break COW.
        boolean cowed = pt >= 0 && !Pte.writable(pmde);
        if (cowed && write) return NOT_APPLICABLE;
        if (pt >= 0 && tables.used(pt) == PageTableStore.ENTRIES)
            return touchMapped(pt, write) ? 0 : NOT_APPLICABLE;
        if (cowed || pt >= 0 && tables.used(pt) != 0) return NOT_APPLICABLE;
        if (vma.isAnonymous()) return anonChunk(vma, addr, pt, write);
        return faultChunk(vma, addr, pt, write);
    }

    /**
     * A whole 1 GiB of vma that is already mapped and allowed (512 compact PTE tables, or 512
     * 2 MiB hugetlb leaves): set A/D as the walker would and report true; no fault happens.
     */
    public boolean touchGib(Vma vma, long addr, boolean write) {
        if (!canTouchGib(vma, addr, write)) return false;
        int pmd = core.pgtable.table(vma.mm, addr, PageTableStore.PMD, false);
        long set = Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        boolean huge = vma.test(VmFlags.VM_HUGETLB);
        for (int i = 0; i < PageTableStore.ENTRIES; i++) {
            long e = tables.get(pmd, i);
            if (huge) {
                if ((e | set) != e) tables.set(pmd, i, e | set);
            } else {
                int pt = Pte.table(e);
                tables.setCompactBits(pt, tables.compactBits(pt) | set);
            }
        }
        return true;
    }

    /** Whether {@link #touchGib} would apply: every page of the GiB mapped and allowing it. */
    public boolean canTouchGib(Vma vma, long addr, boolean write) {
        if (addr < vma.start || addr + (1L << 30) > vma.end) return false;
        if (write ? !vma.test(VmFlags.VM_WRITE) : (vma.flags & VmFlags.VM_ACCESS_FLAGS) == 0)
            return false;
        int pmd = core.pgtable.table(vma.mm, addr, PageTableStore.PMD, false);
        if (pmd < 0) return false;
        long need = Pte.PRESENT | Pte.USER | (write ? Pte.RW : 0);
        boolean huge = vma.test(VmFlags.VM_HUGETLB);
        for (int i = 0; i < PageTableStore.ENTRIES; i++) {
            long e = tables.get(pmd, i);
            if (huge) {
                if ((e & (need | Pte.PSE)) != (need | Pte.PSE)) return false;
            } else {
                if (e == 0 || (e & Pte.PSE) != 0 || write && !Pte.writable(e)) return false;
                int pt = Pte.table(e);
                if (!tables.isCompact(pt) || (tables.compactBits(pt) & need) != need) return false;
            }
        }
        return true;
    }

    /** Every entry present and allowing the access: set A (and D) as the walker would. */
    private boolean touchMapped(int pt, boolean write) {
        long need = Pte.PRESENT | Pte.USER | (write ? Pte.RW : 0);
        long set = Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        if (tables.isCompact(pt)) {
            long bits = tables.compactBits(pt);
            if ((bits & need) != need) return false;
            tables.setCompactBits(pt, bits | set);
            return true;
        }
        long[] t = tables.raw(pt);
        for (long e : t) if ((e & need) != need || (e & Pte.SWP_MARKER) != 0) return false;
        for (int i = 0; i < t.length; i++) t[i] |= set;
        return true;
    }

    /**
     * 512 do_anonymous_page() faults into an empty table: what each would install, with the A
     * (and D) bits the retried access's walk would set.
     */
    private int anonChunk(Vma vma, long addr, int pt, boolean write) {
        if (vma.privateData != null || vma.test(VmFlags.VM_UFFD_MISSING | VmFlags.VM_UFFD_WP
                | VmFlags.VM_UFFD_MINOR | VmFlags.VM_SHARED)) {
            return NOT_APPLICABLE;
        }
        if (write && !core.phys.canAlloc(PhysMem.CHUNK + 1)) return NOT_APPLICABLE; // page path OOMs
        if (pt < 0) pt = core.pgtable.pteAlloc(vma.mm, addr);
        if (pt < 0) return NOT_APPLICABLE;
        long prot = PageProt.of(vma) | Pte.ACCESSED;
        long[] t = tables.raw(pt);
        if (!write) {
            // "Use the zero-page for reads": no anon_vma, no RSS, pte_mkspecial.
            long zero = Pte.leaf(PhysMem.ZERO_PFN, prot | Pte.SPECIAL);
            java.util.Arrays.fill(t, zero);
        } else {
            core.vmaOps.anonVmaPrepare(vma);
            long bits = prot | Pte.DIRTY | Pte.SOFT_DIRTY
                    | (vma.test(VmFlags.VM_WRITE) ? Pte.RW : 0);
            byte flags = (byte) (PhysMem.F_ANON | PhysMem.F_SWAPBACKED | PhysMem.F_ANON_EXCLUSIVE);
            for (int i = 0; i < PageTableStore.ENTRIES; i++) {
                int pfn = core.phys.alloc(flags);
                core.phys.addMapcount(pfn, 1);
                t[i] = Pte.leaf(pfn, bits);
            }
            vma.mm.rss[Mm.MM_ANONPAGES] += PageTableStore.ENTRIES;
        }
        tables.recount(pt);
        return PageTableStore.ENTRIES;
    }

    /** A bulk fault of a whole PTE table of file pages (see the class comment). */
    private int faultChunk(Vma vma, long addr, int pt, boolean write) {
        Inode inode = vma.inode();
        if (inode == null || vma.privateData != null
                || vma.test(VmFlags.VM_UFFD_WP | VmFlags.VM_UFFD_MINOR)) {
            return NOT_APPLICABLE;
        }
        if (!vma.isShared() && write) return NOT_APPLICABLE; // COW copies: page by page
        long idx = vma.pageIndex(addr);
        if (idx + PhysMem.CHUNK > Filemap.pagesOf(inode.size)) return NOT_APPLICABLE;
        if ((idx & (PhysMem.CHUNK - 1)) != 0)
            return write ? NOT_APPLICABLE : readUnaligned(vma, addr, idx);
        long chunk = idx >>> PhysMem.CHUNK_SHIFT;
        int cached = inode.cache.cachedInChunk(chunk);
        int faults;
        if (cached == PhysMem.CHUNK) {
            if (!core.phys.chunkUptodate(inode.cache.get(idx))
                    || inode.cache.readaheadIn(idx, idx + PhysMem.CHUNK)) {
                return NOT_APPLICABLE; // fault-around would skip some of these pages
            }
            boolean writenotify = write && PageProt.wantsWritenotify(vma);
            if (writenotify) return NOT_APPLICABLE;
            faults = write ? PhysMem.CHUNK : PhysMem.CHUNK / Memory.FAULT_AROUND_PAGES;
        } else if (cached == 0 && inode.fs.shmem()) {
            if (!core.phys.canAlloc(PhysMem.CHUNK + 3)) return NOT_APPLICABLE; // let the page path OOM
            if (!core.memory.filemap.addChunkToCache(inode, chunk, PhysMem.F_SWAPBACKED))
                return NOT_APPLICABLE;
            faults = PhysMem.CHUNK;
        } else {
            return NOT_APPLICABLE;
        }
        int base = inode.cache.get(idx);
        long prot = PageProt.of(vma);
        long bits = write ? prot | Pte.RW | Pte.DIRTY | Pte.SOFT_DIRTY : prot;
        if (pt < 0) {
            if (core.pgtable.allocCompactPte(vma.mm, addr, base, bits) < 0) return NOT_APPLICABLE;
        } else {
            tables.fillCompact(pt, base, bits);
        }
        core.phys.chunkMap(base);
        if (write) core.phys.setChunkDirty(base); // fault_dirty_shared_page()
        vma.mm.rss[inode.fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES] += PhysMem.CHUNK;
        return faults;
    }

    /**
     * Reads of an empty PTE table of a file mapping whose 2 MiB file range is cached and up to
     * date but not chunk-aligned in the file (a mapping at such an offset, or one whose start the
     * kernel did not 2 MiB-align: shmem_get_unmapped_area() leaves MAP_SHARED mappings unaligned
     * without huge pages), so the range spans two cache chunks and cannot be a compact table.
     * What the 512 reads in order do: the first access of each 64 KiB window faults, and
     * do_read_fault() -> do_fault_around() -> filemap_map_pages() maps the whole window
     * (set_pte_range(): folio_get, folio_add_file_rmap_ptes, the mm counter, the vm_page_prot
     * PTE); the table lies inside the VMA and the file, so that is 32 faults mapping every page.
     */
    private int readUnaligned(Vma vma, long addr, long idx) {
        Inode inode = vma.inode();
        long first = idx >>> PhysMem.CHUNK_SHIFT;
        for (long c = first; c <= first + 1; c++) {
            if (inode.cache.cachedInChunk(c) != PhysMem.CHUNK
                    || !core.phys.chunkUptodate(inode.cache.get(c << PhysMem.CHUNK_SHIFT)))
                return NOT_APPLICABLE;
        }
        if (inode.cache.readaheadIn(idx, idx + PhysMem.CHUNK)) return NOT_APPLICABLE;
        int pt = core.pgtable.pteAlloc(vma.mm, addr);
        if (pt < 0) return NOT_APPLICABLE;
        long prot = PageProt.of(vma);
        long[] t = tables.raw(pt);
        for (int i = 0; i < PageTableStore.ENTRIES; i++) {
            int pfn = inode.cache.get(idx + i);
            core.phys.get(pfn);
            core.phys.addMapcount(pfn, 1);
            t[i] = Pte.leaf(pfn, prot);
        }
        tables.recount(pt);
        vma.mm.rss[inode.fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES] += PhysMem.CHUNK;
        return PhysMem.CHUNK / Memory.FAULT_AROUND_PAGES;
    }

    /**
     * hugetlb over [addr, end) of one VMA (2 MiB pages, shared mapping, all pages cached): every
     * absent leaf is one hugetlb_fault() that maps the cached page, present leaves only get A/D.
     * Returns the faults, or -1 when some page is not cached (the first toucher goes leaf by leaf).
     */
    public long hugeFillRange(Vma vma, long addr, long end, boolean write) {
        if (!vma.test(VmFlags.VM_HUGETLB) || !vma.test(VmFlags.VM_MAYSHARE)
                || vma.inode().pageSize != CHUNK)
            return NOT_APPLICABLE;
        if ((addr & (CHUNK - 1)) != 0 || (end & (CHUNK - 1)) != 0 || addr < vma.start
                || end > vma.end)
            return NOT_APPLICABLE;
        if (write && !vma.test(VmFlags.VM_WRITE)) return NOT_APPLICABLE;
        if (!core.hugetlb.allCached(vma, addr, end)) return NOT_APPLICABLE;
        Hugetlb.Filler fill = core.hugetlb.filler(vma);
        long faults = 0;
        long set = Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        for (long a = addr; a < end;) {
            long gibEnd = Math.min(end, (a | ((1L << 30) - 1)) + 1);
            int pud = core.pgtable.table(vma.mm, a, PageTableStore.PUD, true);
            if (pud < 0) return faults == 0 ? NOT_APPLICABLE : faults;
            int pi = PgtableAlloc.index(a, PageTableStore.PUD);
            // The first access to a slot whose PUD entry is empty faults; huge_pte_alloc() shares the
            // PMD table then, and the same fault maps the page if the shared table lacks it.
            boolean firstFaults = false;
            if (tables.get(pud, pi) == 0 && core.hugetlb.share.wantPmdShare(vma, a)) {
                core.hugetlb.share.hugePmdShare(vma, a, pud, pi);
                firstFaults = tables.get(pud, pi) != 0;
            }
            int pmd = core.pgtable.table(vma.mm, a, PageTableStore.PMD, true);
            if (pmd < 0) return faults == 0 ? NOT_APPLICABLE : faults;
            if (firstFaults) faults++;
            for (boolean first = true; a < gibEnd; a += CHUNK, first = false) {
                int i = PgtableAlloc.index(a, PageTableStore.PMD);
                long e = tables.get(pmd, i);
                if (e == 0) {
                    fill.map(pmd, i, a);
                    if (!(first && firstFaults)) faults++;
                } else if ((e | set) != e) {
                    tables.set(pmd, i, e | set);
                }
            }
        }
        return faults;
    }

    /** 2 MiB of hugetlb: one leaf; fault it in if absent (hugetlb_fault), else set A/D. */
    private int hugeChunk(Vma vma, long addr, boolean write) {
        if (vma.inode().pageSize != CHUNK) return NOT_APPLICABLE;
        int pmd = core.pgtable.table(vma.mm, addr, PageTableStore.PMD, false);
        if (pmd >= 0 && tables.get(pmd, PgtableAlloc.index(addr, PageTableStore.PMD)) == 0
                && vma.test(VmFlags.VM_MAYSHARE)) {
            // The common case of every sharer after the first: the page is cached, map it directly.
            int page = core.hugetlb.cachedPage(vma, addr);
            if (page >= 0) {
                core.hugetlb.mapShared(vma, pmd, PgtableAlloc.index(addr, PageTableStore.PMD),
                        page);
                return 1;
            }
        }
        int faults = 0;
        if (pmd < 0 || tables.get(pmd, PgtableAlloc.index(addr, PageTableStore.PMD)) == 0) {
            int r = core.memory.handleMmFault(vma, addr, write ? Memory.FAULT_FLAG_WRITE : 0);
            if ((r & Memory.VM_FAULT_ERROR) != 0) return NOT_APPLICABLE;
            faults = 1;
            pmd = core.pgtable.table(vma.mm, addr, PageTableStore.PMD, false);
        }
        int i = PgtableAlloc.index(addr, PageTableStore.PMD);
        long e = tables.get(pmd, i);
        long need = Pte.PRESENT | Pte.USER | Pte.PSE | (write ? Pte.RW : 0);
        if ((e & need) != need) return faults == 0 ? NOT_APPLICABLE : faults;
        long ne = e | Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        if (ne != e) tables.set(pmd, i, ne);
        return faults;
    }
}
