package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.fs.Filemap;
import dev.ptshare.fs.Inode;
import dev.ptshare.phys.PhysMem;

/**
 * The page-fault paths of mm/memory.c: handle_mm_fault() and handle_pte_fault(), with
 * do_anonymous_page(), do_read_fault() (+ do_fault_around()), do_cow_fault(),
 * do_shared_fault() and do_wp_page(). They return VM_FAULT_* bits; accounting of the fault
 * (min_flt/maj_flt, mm_account_fault) is the caller's.
 */
public final class Memory {
    // include/linux/mm_types.h enum vm_fault_reason
    public static final int VM_FAULT_OOM = 0x1, VM_FAULT_SIGBUS = 0x2, VM_FAULT_MAJOR = 0x4;
    public static final int VM_FAULT_SIGSEGV = 0x40, VM_FAULT_NOPAGE = 0x100;
    public static final int VM_FAULT_ERROR = VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV;

    // include/linux/mm_types.h enum fault_flag
    public static final int FAULT_FLAG_WRITE = 0x1, FAULT_FLAG_INSTRUCTION = 0x100;

    /** fault_around_bytes default (64 KiB) in pages. */
    public static final int FAULT_AROUND_PAGES = 16;

    private final MmCore core;
    private final PageTableStore tables;
    private final PhysMem phys;
    public final Filemap filemap;

    Memory(MmCore core) {
        this.core = core;
        this.tables = core.tables;
        this.phys = core.phys;
        this.filemap = new Filemap(core.phys);
    }

    /** handle_mm_fault() → __handle_mm_fault() → handle_pte_fault(). */
    public int handleMmFault(Vma vma, long addr, int flags) {
        if (vma.privateData instanceof SpecialMapping s) {
            int r = s.handleMmFault(vma, addr, flags);
            if (r >= 0) return r;
        }
        if (vma.test(VmFlags.VM_HUGETLB)) return core.hugetlb.fault(vma, addr, flags);
        if (vma.test(VmFlags.VM_MSHARE)) return VM_FAULT_SIGBUS; // V3-13: never on the guest VMA
        Mm mm = vma.mm;
        addr &= ~0xfffL;
        // COW PTE (RFC v2 9/9 __handle_mm_fault()): a fault in a COW-ed table breaks COW first.
        if (core.cowPte.enabled() && !core.cowPte.breakCowPte(mm, addr)) return VM_FAULT_OOM;
        int pt = core.pgtable.pteAlloc(mm, addr);
        if (pt == PgtableAlloc.OOM) return VM_FAULT_OOM;
        int idx = (int) (addr >>> 12) & 511;
        long e = tables.get(pt, idx);
        boolean write = (flags & FAULT_FLAG_WRITE) != 0;
        if (e == 0) {
            if (vma.isAnonymous()) return doAnonymousPage(vma, pt, idx, addr, write);
            return doFault(vma, pt, idx, addr, write);
        }
        if (Pte.marker(e)) return handlePteMarker(e);
        if (Pte.protnone(e)) return VM_FAULT_SIGSEGV; // do_numa_page is not modelled
        if (write && !Pte.writable(e)) return doWpPage(vma, pt, idx, addr, e);
        // Spurious fault (another CPU fixed it, or a stale TLB entry): just set young/dirty.
        long ne = e | Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        if (ne != e) tables.set(pt, idx, ne);
        return 0;
    }

    /** handle_pte_marker(): guard markers raise SIGSEGV (mm/memory.c). */
    private int handlePteMarker(long e) {
        if ((e & Pte.MARKER_GUARD) != 0) return VM_FAULT_SIGSEGV;
        if ((e & Pte.MARKER_POISONED) != 0) return VM_FAULT_SIGBUS; // VM_FAULT_HWPOISON
        return VM_FAULT_SIGSEGV;
    }

    /** do_anonymous_page(): the zero page for reads, a new zeroed page for writes. */
    private int doAnonymousPage(Vma vma, int pt, int idx, long addr, boolean write) {
        long prot = PageProt.of(vma);
        if (!write) {
            // "Use the zero-page for reads": no anon_vma, no RSS, pte_mkspecial.
            tables.set(pt, idx, Pte.leaf(PhysMem.ZERO_PFN, prot | Pte.SPECIAL));
            return 0;
        }
        core.vmaOps.anonVmaPrepare(vma);
        int pfn = phys
                .alloc((byte) (PhysMem.F_ANON | PhysMem.F_SWAPBACKED | PhysMem.F_ANON_EXCLUSIVE));
        if (pfn < 0) return VM_FAULT_OOM;
        phys.addMapcount(pfn, 1);
        vma.mm.rss[Mm.MM_ANONPAGES]++;
        tables.set(pt, idx, Pte.leaf(pfn, mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY)));
        return 0;
    }

    /** maybe_mkwrite(): RW only if the VMA is writable. */
    private long mkwrite(Vma vma, long bits) {
        if (vma.test(VmFlags.VM_WRITE) || core.mutant(Mutant.SKIP_ACCESS_ERROR))
            return bits | Pte.RW;
        return bits;
    }

    /** do_fault(). */
    private int doFault(Vma vma, int pt, int idx, long addr, boolean write) {
        if (!write) return doReadFault(vma, pt, idx, addr);
        if (!vma.isShared()) return doCowFault(vma, pt, idx, addr);
        return doSharedFault(vma, pt, idx, addr);
    }

    private static int counter(Inode inode) {
        return inode.fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES;
    }

    /** Maps a page-cache page (set_pte_range + folio_add_file_rmap_ptes + mm counter). */
    private void mapFilePage(Vma vma, int pt, int idx, int pfn, long bits) {
        phys.get(pfn);
        phys.addMapcount(pfn, 1);
        vma.mm.rss[counter(vma.inode())]++;
        tables.set(pt, idx, Pte.leaf(pfn, bits));
    }

    private boolean shouldFaultAround(Vma vma) {
        return !vma.test(VmFlags.VM_UFFD_WP | VmFlags.VM_UFFD_MINOR) && FAULT_AROUND_PAGES > 1;
    }

    /** do_read_fault(): fault-around first, then __do_fault() + finish_fault(). */
    private int doReadFault(Vma vma, int pt, int idx, long addr) {
        if (shouldFaultAround(vma) && doFaultAround(vma, pt, idx, addr)) return VM_FAULT_NOPAGE;
        long r = fileFault(vma, addr);
        int major = (r & Filemap.MAJOR) != 0 ? VM_FAULT_MAJOR : 0;
        if (r >= 0 && (r & Filemap.RETRY) != 0) {
            // VM_FAULT_RETRY: arch/x86/mm/fault.c retries the fault, and a major first attempt
            // sets FAULT_FLAG_TRIED, so mm_account_fault() counts the completed retry as major.
            if (shouldFaultAround(vma) && doFaultAround(vma, pt, idx, addr))
                return VM_FAULT_NOPAGE | major;
            r = fileFault(vma, addr);
        }
        if (r == Filemap.SIGBUS) return VM_FAULT_SIGBUS;
        if (r == Filemap.OOM) return VM_FAULT_OOM;
        mapFilePage(vma, pt, idx, (int) (r & 0xffffffffL), PageProt.of(vma));
        return major | ((r & Filemap.MAJOR) != 0 ? VM_FAULT_MAJOR : 0);
    }

    /**
     * do_fault_around() + filemap_map_pages(): maps the cached, up-to-date pages of the 64 KiB
     * window around the fault that fall inside the VMA, the PTE table and the file. True when
     * the faulting page itself was mapped (VM_FAULT_NOPAGE).
     */
    private boolean doFaultAround(Vma vma, int pt, int idx, long addr) {
        long ptePgoff = idx;
        long vmaOff = (addr - vma.start) >>> 12;
        long from = Math.max(ptePgoff & ~(FAULT_AROUND_PAGES - 1L),
                ptePgoff - Math.min(ptePgoff, vmaOff));
        long to = Math.min(Math.min(from + FAULT_AROUND_PAGES, 512),
                ptePgoff + vma.pages() - vmaOff) - 1;
        Inode inode = vma.inode();
        long pgoff = vma.pageIndex(addr);
        long fileEnd = Filemap.pagesOf(inode.size) - 1;
        long prot = PageProt.of(vma);
        boolean mapped = false;
        for (long p = from; p <= to; p++) {
            long index = pgoff + p - ptePgoff;
            if (index > fileEnd) break;
            int pfn = inode.cache.get(index);
            if (pfn == 0 || tables.get(pt, (int) p) != 0) continue;
            // next_uptodate_folio(): !uptodate (fallocated) and PG_readahead folios are skipped.
            if (phys.test(pfn, PhysMem.F_NOT_UPTODATE) || inode.cache.readahead(index)) continue;
            mapFilePage(vma, pt, (int) p, pfn, prot);
            if (p == ptePgoff) mapped = true;
        }
        return mapped;
    }

    /** __do_fault() -> vm_ops->fault(): filemap_fault() or shmem_fault() for the page at addr. */
    private long fileFault(Vma vma, long addr) {
        return filemap.fault(vma.inode(), vma.file, vma.pageIndex(addr),
                !vma.test(VmFlags.VM_RAND_READ));
    }

    /** do_cow_fault(): a private anonymous copy of the file page, mapped writable. */
    private int doCowFault(Vma vma, int pt, int idx, long addr) {
        core.vmaOps.anonVmaPrepare(vma);
        long r = fileFault(vma, addr);
        if (r >= 0 && (r & Filemap.RETRY) != 0) r = fileFault(vma, addr) | (r & Filemap.MAJOR);
        if (r == Filemap.SIGBUS) return VM_FAULT_SIGBUS;
        if (r == Filemap.OOM) return VM_FAULT_OOM;
        int src = (int) (r & 0xffffffffL);
        int pfn = phys.allocCopy(src,
                (byte) (PhysMem.F_ANON | PhysMem.F_SWAPBACKED | PhysMem.F_ANON_EXCLUSIVE));
        if (pfn < 0) return VM_FAULT_OOM;
        phys.addMapcount(pfn, 1);
        vma.mm.rss[Mm.MM_ANONPAGES]++;
        long prot = PageProt.of(vma);
        tables.set(pt, idx, Pte.leaf(pfn, mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY)));
        return (r & Filemap.MAJOR) != 0 ? VM_FAULT_MAJOR : 0;
    }

    /** do_shared_fault(): the page-cache page itself, mapped writable and dirty. */
    private int doSharedFault(Vma vma, int pt, int idx, long addr) {
        long r = fileFault(vma, addr);
        if (r >= 0 && (r & Filemap.RETRY) != 0) r = fileFault(vma, addr) | (r & Filemap.MAJOR);
        if (r == Filemap.SIGBUS) return VM_FAULT_SIGBUS;
        if (r == Filemap.OOM) return VM_FAULT_OOM;
        int pfn = (int) (r & 0xffffffffL);
        phys.set(pfn, PhysMem.F_DIRTY); // fault_dirty_shared_page()
        long prot = PageProt.of(vma);
        mapFilePage(vma, pt, idx, pfn, mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY));
        return (r & Filemap.MAJOR) != 0 ? VM_FAULT_MAJOR : 0;
    }

    /**
     * do_wp_page(): a write to a present, write-protected PTE. Shared mappings are made
     * writable in place (wp_page_shared); private ones reuse an exclusive anonymous page
     * (wp_can_reuse_anon_folio) or copy it (wp_page_copy), flushing the old translation.
     */
    private int doWpPage(Vma vma, int pt, int idx, long addr, long e) {
        if (!vma.test(VmFlags.VM_WRITE) && !core.mutant(Mutant.SKIP_ACCESS_ERROR)) {
            return VM_FAULT_SIGSEGV;
        }
        long pfnL = Pte.pfn(e);
        int pfn = (int) pfnL;
        if (vma.test(VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE)) {
            if (pfn != PhysMem.ZERO_PFN) phys.set(pfn, PhysMem.F_DIRTY);
            tables.set(pt, idx, e | Pte.RW | Pte.DIRTY | Pte.SOFT_DIRTY | Pte.ACCESSED);
            return 0;
        }
        boolean anon = pfn != PhysMem.ZERO_PFN && (e & Pte.SPECIAL) == 0
                && phys.test(pfn, PhysMem.F_ANON);
        if (anon && (phys.test(pfn, PhysMem.F_ANON_EXCLUSIVE) || phys.refcount(pfn) == 1)) {
            phys.set(pfn, PhysMem.F_ANON_EXCLUSIVE); // wp_page_reuse()
            tables.set(pt, idx, e | Pte.RW | Pte.DIRTY | Pte.SOFT_DIRTY | Pte.ACCESSED);
            return 0;
        }
        return wpPageCopy(vma, pt, idx, addr, e, pfn, anon);
    }

    /** wp_page_copy(). */
    private int wpPageCopy(Vma vma, int pt, int idx, long addr, long e, int old, boolean anon) {
        core.vmaOps.anonVmaPrepare(vma);
        // folio_prealloc(..., need_zero = is_zero_pfn): a cleared page for the zero page, else a copy.
        byte flags = (byte) (PhysMem.F_ANON | PhysMem.F_SWAPBACKED | PhysMem.F_ANON_EXCLUSIVE);
        int pfn = old == PhysMem.ZERO_PFN ? phys.alloc(flags) : phys.allocCopy(old, flags);
        if (pfn < 0) return VM_FAULT_OOM;
        phys.addMapcount(pfn, 1);
        Mm mm = vma.mm;
        mm.rss[Mm.MM_ANONPAGES]++;
        long prot = PageProt.of(vma);
        // ptep_clear_flush(): the old translation must be gone from every CPU before reuse.
        tables.set(pt, idx, 0);
        core.tlb.flushTlbMmRange(core.current, mm.ctx, addr, addr + 4096, 12, false);
        tables.set(pt, idx, Pte.leaf(pfn, mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY)));
        if (old != PhysMem.ZERO_PFN && (e & Pte.SPECIAL) == 0) {
            phys.addMapcount(old, -1);
            if (!anon)
                mm.rss[counter(vma.inode())]--;
            else
                mm.rss[Mm.MM_ANONPAGES]--;
            phys.put(old);
        }
        return 0;
    }
}
