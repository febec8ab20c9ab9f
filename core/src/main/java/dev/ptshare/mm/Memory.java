package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.fs.Filemap;
import dev.ptshare.fs.Inode;
import dev.ptshare.fs.PageCache;
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
    /** What handle_userfault() returns for a fault that waits for the userfaultfd reader. */
    public static final int VM_FAULT_RETRY = 0x400;
    public static final int VM_FAULT_ERROR = VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV;

    // include/linux/mm_types.h enum fault_flag
    public static final int FAULT_FLAG_WRITE = 0x1, FAULT_FLAG_USER = 0x40,
            FAULT_FLAG_INSTRUCTION = 0x100;

    /** fault_around_bytes default (64 KiB) in pages. */
    public static final int FAULT_AROUND_PAGES = 16;

    private final MmCore core;
    private final PageTableStore tables;
    private final PhysMem phys;
    /** core's, held here for the fault path. */
    private final PgtableAlloc pgtable;

    private final CowPte cowPte;
    public final Filemap filemap;

    Memory(MmCore core) {
        this.core = core;
        this.tables = core.tables;
        this.phys = core.phys;
        this.pgtable = core.pgtable;
        this.cowPte = core.cowPte;
        this.filemap = new Filemap(core.phys);
    }

    /** handle_mm_fault() → __handle_mm_fault() → handle_pte_fault(). */
    public int handleMmFault(Vma vma, long addr, int flags) {
        if (vma.privateData instanceof SpecialMapping s) {
            int r = s.handleMmFault(vma, addr, flags);
            if (r >= 0) return r;
        }
        if (vma.test(VmFlags.VM_HUGETLB | VmFlags.VM_MSHARE)) {
            if (vma.test(VmFlags.VM_HUGETLB)) return core.hugetlb.fault(vma, addr, flags);
            return VM_FAULT_SIGBUS; // VM_MSHARE, V3-13: never on the guest VMA
        }
        Mm mm = vma.mm;
        addr &= ~0xfffL;
        // COW PTE (RFC v2 9/9 __handle_mm_fault()): a fault in a COW-ed table breaks COW first.
        if (cowPte.enabled() && !cowPte.breakCowPte(mm, addr)) return VM_FAULT_OOM;
        int pt = pgtable.pteAlloc(mm, addr);
        if (pt == PgtableAlloc.OOM) return VM_FAULT_OOM;
        int idx = (int) (addr >>> 12) & 511;
        long e = tables.get(pt, idx);
        boolean write = (flags & FAULT_FLAG_WRITE) != 0;
        if (e == 0) return doPteMissing(vma, pt, idx, addr, write, false);
        if (Pte.marker(e)) return handlePteMarker(vma, pt, idx, addr, write, e);
        if (Pte.protnone(e)) return VM_FAULT_SIGSEGV; // do_numa_page is not modelled
        if (write && !Pte.writable(e)) return doWpPage(vma, pt, idx, addr, e, flags);
        // Spurious fault (another CPU fixed it, or a stale TLB entry): just set young/dirty.
        long ne = e | Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        if (ne != e) tables.set(pt, idx, ne);
        return 0;
    }

    /**
     * do_pte_missing(): an empty entry, or a uffd-wp marker ({@code uffdWp},
     * vmf_orig_pte_uffd_wp()),
     * whose new entry then gets pte_mkuffd_wp(): the access retries and, if it writes, stops in
     * do_wp_page().
     */
    private int doPteMissing(Vma vma, int pt, int idx, long addr, boolean write, boolean uffdWp) {
        if (vma.isAnonymous()) return doAnonymousPage(vma, pt, idx, addr, write, uffdWp);
        return doFault(vma, pt, idx, addr, write, uffdWp);
    }

    /** x86 pte_mkuffd_wp(): the software bit, and write-protected. */
    private static long mkUffdWp(long bits, boolean uffdWp) {
        return uffdWp ? (bits | Pte.UFFD_WP) & ~Pte.RW : bits;
    }

    /**
     * handle_pte_marker() (mm/memory.c): poison raises SIGBUS, a guard SIGSEGV; a uffd-wp marker
     * is a missing page that was write-protected (pte_marker_handle_uffd_wp()), or, left over in a
     * VMA no longer registered, just cleared (pte_marker_clear()).
     */
    private int handlePteMarker(Vma vma, int pt, int idx, long addr, boolean write, long e) {
        if ((e & Pte.MARKER_POISONED) != 0) return VM_FAULT_SIGBUS; // VM_FAULT_HWPOISON
        if ((e & Pte.MARKER_GUARD) != 0) return VM_FAULT_SIGSEGV;
        if ((e & Pte.MARKER_UFFD_WP) != 0) {
            if (!vma.test(VmFlags.VM_UFFD_WP)) {
                tables.set(pt, idx, 0);
                return 0;
            }
            return doPteMissing(vma, pt, idx, addr, write, true);
        }
        return VM_FAULT_SIGBUS; // "This is an unknown pte marker"
    }

    /**
     * handle_userfault() (fs/userfaultfd.c) for a write-protect fault: the faulting task waits
     * for the userfaultfd reader (VM_FAULT_RETRY, reported to the script as UFFD_WP), unless the
     * context wants SIGBUS, or is user-mode-only and the fault came from the kernel (GUP).
     */
    private static int handleUserfault(Vma vma, int flags) {
        UserfaultfdCtx ctx = vma.uffdCtx;
        if (ctx == null || ctx.has(UserfaultfdCtx.UFFD_FEATURE_SIGBUS)) return VM_FAULT_SIGBUS;
        if ((flags & FAULT_FLAG_USER) == 0 && (ctx.flags & UFFD_USER_MODE_ONLY) != 0)
            return VM_FAULT_SIGBUS;
        return VM_FAULT_RETRY;
    }

    /** UFFD_USER_MODE_ONLY (include/uapi/linux/userfaultfd.h). */
    public static final int UFFD_USER_MODE_ONLY = 1;

    /** do_anonymous_page(): the zero page for reads, a new zeroed page for writes. */
    private int doAnonymousPage(Vma vma, int pt, int idx, long addr, boolean write,
            boolean uffdWp) {
        long prot = PageProt.of(vma);
        if (!write) {
            // "Use the zero-page for reads": no anon_vma, no RSS, pte_mkspecial.
            tables.setPte(pt, idx,
                    Pte.leaf(PhysMem.ZERO_PFN, mkUffdWp(prot | Pte.SPECIAL, uffdWp)));
            return 0;
        }
        core.vmaOps.anonVmaPrepare(vma);
        int pfn = phys.allocMapped(
                (byte) (PhysMem.F_ANON | PhysMem.F_SWAPBACKED | PhysMem.F_ANON_EXCLUSIVE));
        if (pfn < 0) return VM_FAULT_OOM;
        vma.mm.rss[Mm.MM_ANONPAGES]++;
        tables.setPte(pt, idx, Pte.leaf(pfn,
                mkUffdWp(mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY), uffdWp)));
        return 0;
    }

    /** maybe_mkwrite(): RW only if the VMA is writable. */
    private long mkwrite(Vma vma, long bits) {
        if (vma.test(VmFlags.VM_WRITE) || core.mutant(Mutant.SKIP_ACCESS_ERROR))
            return bits | Pte.RW;
        return bits;
    }

    /** do_fault(). */
    private int doFault(Vma vma, int pt, int idx, long addr, boolean write, boolean uffdWp) {
        if (!write) return doReadFault(vma, pt, idx, addr, uffdWp);
        if (!vma.isShared()) return doCowFault(vma, pt, idx, addr, uffdWp);
        return doSharedFault(vma, pt, idx, addr, uffdWp);
    }

    private static int counter(Inode inode) {
        return inode.fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES;
    }

    /** Maps a page-cache page (set_pte_range + folio_add_file_rmap_ptes + mm counter). */
    private void mapFilePage(Vma vma, int pt, int idx, int pfn, long bits) {
        phys.mapFilePage(pfn);
        vma.mm.rss[counter(vma.inode())]++;
        tables.setPte(pt, idx, Pte.leaf(pfn, bits));
    }

    private boolean shouldFaultAround(Vma vma) {
        return !vma.test(VmFlags.VM_UFFD_WP | VmFlags.VM_UFFD_MINOR) && FAULT_AROUND_PAGES > 1;
    }

    /** do_read_fault(): fault-around first, then __do_fault() + finish_fault(). */
    private int doReadFault(Vma vma, int pt, int idx, long addr, boolean uffdWp) {
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
        mapFilePage(vma, pt, idx, (int) (r & 0xffffffffL), mkUffdWp(PageProt.of(vma), uffdWp));
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
        long[] t = tables.entriesOf(pt);
        long first = pgoff + from - ptePgoff;
        long last = Math.min(pgoff + to - ptePgoff, fileEnd);
        if (t != null && first <= last && !inode.cache.anyReadahead()
                && (first >>> PageCache.CHUNK_SHIFT) == (last >>> PageCache.CHUNK_SHIFT)) {
            int[] pfns = inode.cache.chunk(first >>> PageCache.CHUNK_SHIFT);
            if (pfns == null) return false;
            return mapPagesRun(vma, pt, t, pfns, first, (int) from, (int) last - (int) first + 1,
                    (int) ptePgoff, prot);
        }
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

    /**
     * filemap_map_pages() over one page-cache chunk and one PTE table, with no PG_readahead
     * folio in the file: {@code n} pages from file index {@code first} into entries {@code
     * from}.. of table {@code pt} ({@code t}, its entry array). The per-page loop of {@link
     * #doFaultAround} without the per-page look-ups, for the read-fault path.
     */
    private boolean mapPagesRun(Vma vma, int pt, long[] t, int[] pfns, long first, int from,
            int n, int ptePgoff, long prot) {
        int off = (int) first & (PageCache.CHUNK - 1);
        int mappedNow = 0;
        boolean mapped = false;
        for (int i = 0; i < n; i++) {
            int pfn = pfns[off + i];
            int p = from + i;
            // next_uptodate_folio(): holes, present PTEs and !uptodate (fallocated) folios skipped.
            if (pfn == 0 || t[p] != 0 || phys.test(pfn, PhysMem.F_NOT_UPTODATE)) continue;
            phys.mapFilePage(pfn);
            t[p] = Pte.leaf(pfn, prot);
            mappedNow++;
            if (p == ptePgoff) mapped = true;
        }
        tables.addUsed(pt, mappedNow);
        vma.mm.rss[counter(vma.inode())] += mappedNow;
        return mapped;
    }

    /** __do_fault() -> vm_ops->fault(): filemap_fault() or shmem_fault() for the page at addr. */
    private long fileFault(Vma vma, long addr) {
        return filemap.fault(vma.inode(), vma.file, vma.pageIndex(addr),
                !vma.test(VmFlags.VM_RAND_READ));
    }

    /** do_cow_fault(): a private anonymous copy of the file page, mapped writable. */
    private int doCowFault(Vma vma, int pt, int idx, long addr, boolean uffdWp) {
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
        tables.set(pt, idx, Pte.leaf(pfn,
                mkUffdWp(mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY), uffdWp)));
        return (r & Filemap.MAJOR) != 0 ? VM_FAULT_MAJOR : 0;
    }

    /** do_shared_fault(): the page-cache page itself, mapped writable and dirty. */
    private int doSharedFault(Vma vma, int pt, int idx, long addr, boolean uffdWp) {
        long r = fileFault(vma, addr);
        if (r >= 0 && (r & Filemap.RETRY) != 0) r = fileFault(vma, addr) | (r & Filemap.MAJOR);
        if (r == Filemap.SIGBUS) return VM_FAULT_SIGBUS;
        if (r == Filemap.OOM) return VM_FAULT_OOM;
        int pfn = (int) (r & 0xffffffffL);
        phys.set(pfn, PhysMem.F_DIRTY); // fault_dirty_shared_page()
        long prot = PageProt.of(vma);
        mapFilePage(vma, pt, idx, pfn,
                mkUffdWp(mkwrite(vma, prot | Pte.DIRTY | Pte.SOFT_DIRTY), uffdWp));
        return (r & Filemap.MAJOR) != 0 ? VM_FAULT_MAJOR : 0;
    }

    /**
     * do_wp_page(): a write to a present, write-protected PTE. Shared mappings are made
     * writable in place (wp_page_shared); private ones reuse an exclusive anonymous page
     * (wp_can_reuse_anon_folio) or copy it (wp_page_copy), flushing the old translation. A
     * uffd-wp entry (userfaultfd_pte_wp()) goes to handle_userfault() first, or with
     * UFFD_FEATURE_WP_ASYNC just loses the bit.
     */
    private int doWpPage(Vma vma, int pt, int idx, long addr, long e, int flags) {
        if (!vma.test(VmFlags.VM_WRITE) && !core.mutant(Mutant.SKIP_ACCESS_ERROR)) {
            return VM_FAULT_SIGSEGV;
        }
        if ((e & Pte.UFFD_WP) != 0 && vma.test(VmFlags.VM_UFFD_WP)) {
            if (!Userfaultfd.wpAsync(vma)) return handleUserfault(vma, flags);
            e &= ~Pte.UFFD_WP; // "we're only removing the uffd-wp bit"
            tables.set(pt, idx, e);
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
