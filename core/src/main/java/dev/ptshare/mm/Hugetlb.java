package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.fs.Inode;

/**
 * hugetlb (mm/hugetlb.c): the pools, hugetlb_fault() with hugetlb_no_page() and hugetlb_wp(),
 * __unmap_hugepage_range(), hugetlb_change_protection() and copy_hugetlb_page_range(). Leaves are
 * PMD entries (2 MiB) or PUD entries (1 GiB) with _PAGE_PSE. hugetlb pages count in
 * mm->hugetlb_usage (status HugetlbPages), never in RSS. PMD sharing is {@link HugetlbShare}.
 */
public final class Hugetlb {
    public static final long SZ_2M = 1L << 21, SZ_1G = 1L << 30;
    /**
     * The pools sit at the top of the model's 31-bit frame-number space (8 TiB of physical
     * address), the 1 GiB pool last, so ordinary frames can use everything below the 2 MiB pool.
     */
    public static final long PFN_SPACE = 1L << 31;

    private final MmCore core;
    private final PageTableStore tables;
    public final Hstate h2m;
    public final Hstate h1g;
    public final HugetlbShare share;

    Hugetlb(MmCore core, long pages2m, long pages1g) {
        this.core = core;
        this.tables = core.tables;
        long base1g = PFN_SPACE - (pages1g << 18);
        long base2m = base1g - (pages2m << 9);
        this.h2m = new Hstate(SZ_2M, pages2m, base2m);
        this.h1g = new Hstate(SZ_1G, pages1g, base1g);
        core.phys.limitPfns(base2m);
        this.share = new HugetlbShare(core);
    }

    public Hstate hstate(long pageSize) {
        return pageSize == SZ_1G ? h1g : h2m;
    }

    Hstate hstate(Vma vma) {
        return hstate(vma.inode().pageSize);
    }

    /** The hstate owning a frame, or null for an ordinary frame. */
    public Hstate owner(long pfn) {
        return h2m.owns(pfn) ? h2m : h1g.owns(pfn) ? h1g : null;
    }

    private int leafLevel(Hstate h) {
        return h.pageSize == SZ_1G ? PageTableStore.PUD : PageTableStore.PMD;
    }

    /** hugetlb_fault(). */
    int fault(Vma vma, long addr, int flags) {
        Hstate h = hstate(vma);
        addr &= ~(h.pageSize - 1);
        Mm mm = vma.mm;
        boolean write = (flags & Memory.FAULT_FLAG_WRITE) != 0;
        // huge_pte_alloc(): for 2 MiB pages try to share the PMD table first.
        if (h == h2m) {
            int pud = core.pgtable.table(mm, addr, PageTableStore.PUD, true);
            if (pud < 0) return Memory.VM_FAULT_OOM;
            int pi = PgtableAlloc.index(addr, PageTableStore.PUD);
            if (tables.get(pud, pi) == 0 && share.wantPmdShare(vma, addr))
                share.hugePmdShare(vma, addr, pud, pi);
        }
        int level = leafLevel(h);
        int table = core.pgtable.table(mm, addr, level, true);
        if (table < 0) return Memory.VM_FAULT_OOM;
        int idx = PgtableAlloc.index(addr, level);
        long e = tables.get(table, idx);
        if (e == 0) return hugetlbNoPage(vma, h, table, idx, addr, write);
        if (Pte.marker(e)) return Memory.VM_FAULT_SIGSEGV;
        if (write && !Pte.writable(e)) return hugetlbWp(vma, h, table, idx, addr, e);
        long ne = e | Pte.ACCESSED | (write ? Pte.DIRTY : 0);
        if (ne != e) tables.set(table, idx, ne);
        return 0;
    }

    /** make_huge_pte(). */
    private static long hugeEntry(Vma vma, long pfn, boolean writable) {
        long e = (PageProt.of(vma) & ~Pte.RW) | Pte.PSE | Pte.ACCESSED;
        if (writable) e |= Pte.RW | Pte.DIRTY;
        return Pte.leaf(pfn, e);
    }

    private void map(Vma vma, Hstate h, int table, int idx, int page, boolean writable) {
        h.get(page);
        h.addMapcount(page, 1);
        vma.mm.hugetlbUsage += h.pagesPerHuge();
        tables.set(table, idx, hugeEntry(vma, h.pfn(page), writable));
    }

    /** The cached huge page for a shared mapping's addr (2 MiB pool), or -1. */
    int cachedPage(Vma vma, long addr) {
        Hstate h = hstate(vma);
        if (h != h2m) return -1;
        long hidx = ((addr - vma.start) >>> (12 + h.order)) + (vma.pgoff >>> h.order);
        int pfn = vma.inode().cache.get(hidx);
        return pfn == 0 ? -1 : h.index(pfn);
    }

    /** Whether every 2 MiB page [addr, end) of vma maps is in its file's page cache. */
    boolean allCached(Vma vma, long addr, long end) {
        Hstate h = hstate(vma);
        if (h != h2m) return false;
        long last = ((end - 1 - vma.start) >>> (12 + h.order)) + (vma.pgoff >>> h.order);
        long filePages = (vma.inode().size + h.pageSize - 1) / h.pageSize;
        // Nothing is cached at or beyond EOF (truncation drops it): a full count means no hole.
        if (vma.inode().cache.nrPages() == filePages && last < filePages) return true;
        for (long a = addr; a < end; a += h.pageSize) if (cachedPage(vma, a) < 0) return false;
        return true;
    }

    /** Maps cached pages of one shared 2 MiB VMA with the entry bits computed once. */
    final class Filler {
        private final Vma vma;
        private final long bits;
        private final long pgoffHuge;

        Filler(Vma vma) {
            this.vma = vma;
            this.bits = hugeEntry(vma, 0, vma.test(VmFlags.VM_WRITE));
            this.pgoffHuge = vma.pgoff >>> h2m.order;
        }

        /** hugetlb_no_page() of a cached page at addr into pmd[idx] (known empty). */
        void map(int pmd, int idx, long addr) {
            int page = h2m.index(vma.inode().cache.get(((addr - vma.start) >>> 21) + pgoffHuge));
            h2m.get(page);
            h2m.addMapcount(page, 1);
            vma.mm.hugetlbUsage += 512;
            tables.set(pmd, idx, bits | (h2m.pfn(page) << Pte.PFN_SHIFT));
        }
    }

    Filler filler(Vma vma) {
        return new Filler(vma);
    }

    /** hugetlb_no_page() for a cached page of a shared mapping, entry known to be none. */
    void mapShared(Vma vma, int pmd, int idx, int page) {
        map(vma, h2m, pmd, idx, page, vma.test(VmFlags.VM_WRITE));
    }

    /** hugetlb_no_page(). */
    private int hugetlbNoPage(Vma vma, Hstate h, int table, int idx, long addr, boolean write) {
        Inode inode = vma.inode();
        long hidx = ((addr - vma.start) >>> (12 + h.order)) + (vma.pgoff >>> h.order);
        if (hidx >= (inode.size + h.pageSize - 1) / h.pageSize) return Memory.VM_FAULT_SIGBUS;
        int cached = inode.cache.get(hidx);
        if (vma.test(VmFlags.VM_MAYSHARE)) {
            int page;
            if (cached != 0) {
                page = h.index(cached);
            } else {
                page = allocReserved(h,
                        inode.hugetlbReserved != null && inode.hugetlbReserved.get((int) hidx));
                if (page < 0) return Memory.VM_FAULT_SIGBUS;
                core.phys.zeroed(h.pagesPerHuge()); // folio_zero_user()
                if (inode.hugetlbReserved != null) inode.hugetlbReserved.clear((int) hidx);
                inode.cache.put(hidx, (int) h.pfn(page)); // the page cache's reference
            }
            map(vma, h, table, idx, page, vma.test(VmFlags.VM_WRITE));
            return 0;
        }
        if (cached != 0) {
            map(vma, h, table, idx, h.index(cached), false);
            return write ? hugetlbWp(vma, h, table, idx, addr, tables.get(table, idx)) : 0;
        }
        core.vmaOps.anonVmaPrepare(vma);
        int page = allocReserved(h, consumeVmaReserve(vma));
        if (page < 0) return Memory.VM_FAULT_SIGBUS;
        core.phys.zeroed(h.pagesPerHuge()); // folio_zero_user()
        h.setAnon(page);
        map(vma, h, table, idx, page, write && vma.test(VmFlags.VM_WRITE));
        h.put(page); // the mapping holds the only reference
        return 0;
    }

    private static boolean consumeVmaReserve(Vma vma) {
        if (vma.hugetlbResv > 0) {
            vma.hugetlbResv--;
            return true;
        }
        return false;
    }

    /** alloc_hugetlb_folio(): a reserved page, or one not promised to any reservation. */
    private static int allocReserved(Hstate h, boolean reserved) {
        if (reserved) {
            h.reserved--;
            return h.alloc();
        }
        if (h.freePages() - h.reserved <= 0) return -1;
        return h.alloc();
    }

    /** hugetlb_wp(): shared mappings become writable; private ones reuse or copy. */
    private int hugetlbWp(Vma vma, Hstate h, int table, int idx, long addr, long e) {
        if (!vma.test(VmFlags.VM_WRITE)) return Memory.VM_FAULT_SIGSEGV;
        int page = h.index(Pte.pfn(e));
        if (vma.test(VmFlags.VM_MAYSHARE) || (h.anon(page) && h.mapcount(page) == 1)) {
            tables.set(table, idx, e | Pte.RW | Pte.DIRTY | Pte.ACCESSED);
            return 0;
        }
        int copy = allocReserved(h, consumeVmaReserve(vma));
        if (copy < 0) return Memory.VM_FAULT_SIGBUS;
        h.setAnon(copy);
        copyContents(h, page, copy);
        core.vmaOps.anonVmaPrepare(vma);
        // huge_ptep_clear_flush(): drop the old translation everywhere before reuse.
        tables.set(table, idx, 0);
        core.tlb.flushTlbMmRange(core.current, vma.mm.ctx, addr, addr + h.pageSize, 12 + h.order,
                false);
        h.addMapcount(page, -1);
        release(h, page);
        vma.mm.hugetlbUsage -= h.pagesPerHuge();
        map(vma, h, table, idx, copy, true);
        h.put(copy);
        return 0;
    }

    private void copyContents(Hstate h, int from, int to) {
        long f = h.pfn(from), t = h.pfn(to);
        for (int i = 0; i < h.pagesPerHuge(); i++) core.phys.copy((int) (f + i), (int) (t + i));
    }

    /** Drops a reference; a page back in the pool loses its contents. */
    void release(Hstate h, int page) {
        if (h.put(page)) {
            long f = h.pfn(page);
            for (int i = 0; i < h.pagesPerHuge(); i++) core.phys.zero((int) (f + i));
        }
    }

    /** __unmap_hugepage_range(): unshare shared PMD tables, else clear the huge entries. */
    void unmapHugepageRange(MmuGather tlb, Vma vma, long start, long end) {
        Hstate h = hstate(vma);
        Mm mm = vma.mm;
        int level = leafLevel(h);
        for (long addr = start; addr < end; addr += h.pageSize) {
            if (h == h2m && share.hugePmdUnshare(vma, addr)) {
                tlb.clearedPte(addr & ~(Hugetlb.SZ_1G - 1));
                tlb.clearedPte((addr & ~(Hugetlb.SZ_1G - 1)) + Hugetlb.SZ_1G - 4096);
                addr = (addr | (SZ_1G - 1)) - (h.pageSize - 1);
                continue;
            }
            int table = core.pgtable.table(mm, addr, level, false);
            if (table < 0) continue;
            int idx = PgtableAlloc.index(addr, level);
            long e = tables.get(table, idx);
            if (e == 0) continue;
            tables.set(table, idx, 0);
            if (Pte.marker(e)) continue;
            tlb.clearedPte(addr);
            core.zap.ptesZapped++;
            int page = h.index(Pte.pfn(e));
            h.addMapcount(page, -1);
            mm.hugetlbUsage -= h.pagesPerHuge();
            release(h, page);
        }
    }

    /** hugetlb_change_protection(): shared slots are unshared instead of edited. */
    void changeProtection(Vma vma, long start, long end) {
        Hstate h = hstate(vma);
        Mm mm = vma.mm;
        int level = leafLevel(h);
        long prot = PageProt.of(vma) & (Pte.RW | Pte.USER | Pte.NX | Pte.PRESENT);
        boolean changed = false;
        for (long addr = start; addr < end; addr += h.pageSize) {
            if (h == h2m && share.hugePmdUnshare(vma, addr)) {
                changed = true;
                addr = (addr | (SZ_1G - 1)) - (h.pageSize - 1);
                continue;
            }
            int table = core.pgtable.table(mm, addr, level, false);
            if (table < 0) continue;
            int idx = PgtableAlloc.index(addr, level);
            long e = tables.get(table, idx);
            if (!Pte.present(e)) continue;
            long ne = (e & ~(Pte.RW | Pte.USER | Pte.NX | Pte.PRESENT)) | prot;
            // huge_pte_modify(old, vm_page_prot): RW unless uffd-wp wants write notification
            if (vma.test(VmFlags.VM_MAYSHARE) && vma.test(VmFlags.VM_WRITE)
                    && !vma.test(VmFlags.VM_UFFD_WP)) {
                ne |= Pte.RW;
            }
            if (ne != e) {
                tables.set(table, idx, ne);
                changed = true;
            }
        }
        // flush_hugetlb_tlb_range(), widened to whole PUDs when sharing was possible.
        if (changed) core.tlb.flushTlbMmRange(core.current, mm.ctx, start & ~(SZ_1G - 1),
                (end + SZ_1G - 1) & ~(SZ_1G - 1), 12 + h.order, false);
    }

    /** copy_hugetlb_page_range(): private hugetlb copied with COW; shared slots are skipped. */
    boolean copyHugetlbPageRange(Vma dst, Vma src) {
        Hstate h = hstate(src);
        int level = leafLevel(h);
        boolean cow = CopyPageRange.isCowMapping(src.flags);
        for (long addr = src.start; addr < src.end; addr += h.pageSize) {
            int st = core.pgtable.table(src.mm, addr, level, false);
            if (st < 0) continue;
            int idx = PgtableAlloc.index(addr, level);
            long e = tables.get(st, idx);
            if (e == 0 || Pte.marker(e)) continue;
            int dt = core.pgtable.table(dst.mm, addr, level, true);
            if (dt < 0) return false;
            if (tables.get(dt, idx) != 0) continue; // already shared with the source (Jane Chu's fix)
            if (cow && Pte.writable(e)) {
                e = Pte.wrprotect(e);
                tables.set(st, idx, e);
            }
            int page = h.index(Pte.pfn(e));
            h.get(page);
            h.addMapcount(page, 1);
            dst.mm.hugetlbUsage += h.pagesPerHuge();
            tables.set(dt, idx, e);
            core.fork.ptesCopied++; // one huge entry and one folio: fork.* counts them as one
            core.fork.pagesAccounted++;
        }
        return true;
    }

    /** smaps_hugetlb_range(). */
    public void accountSmaps(Vma vma, dev.ptshare.proc.PssAccumulator acc) {
        Hstate h = hstate(vma);
        int level = leafLevel(h);
        long span = h.pageSize << 9; // what one leaf table maps
        int table = PgtableAlloc.NONE;
        for (long addr = vma.start; addr < vma.end; addr += h.pageSize) {
            if (table == PgtableAlloc.NONE || (addr & (span - 1)) < h.pageSize)
                table = core.pgtable.table(vma.mm, addr, level, false);
            if (table < 0) {
                table = PgtableAlloc.NONE;
                continue;
            }
            long e = tables.get(table, PgtableAlloc.index(addr, level));
            if (!Pte.present(e)) continue;
            int page = h.index(Pte.pfn(e));
            // folio_maybe_mapped_shared() || hugetlb_pmd_shared()
            boolean pmdShared = level == PageTableStore.PMD && tables.shareCount(table) > 0;
            acc.accountHugetlb(h.pageSize, h.mapcount(page) > 1 || pmdShared);
        }
    }

    /** hugetlb_reserve_pages() for a new mapping: 0, or -ENOMEM when the pool cannot promise it. */
    int reservePages(Vma vma) {
        if (vma.test(VmFlags.VM_NORESERVE)) return 0;
        Hstate h = hstate(vma);
        Inode inode = vma.inode();
        long first = vma.pgoff >>> h.order, n = vma.pages() >>> h.order;
        if (vma.test(VmFlags.VM_MAYSHARE)) {
            // Every page of the range already in the cache: nothing to reserve.
            if (inode.cache.nrPages() == (inode.size + h.pageSize - 1) / h.pageSize
                    && first + n <= inode.cache.nrPages())
                return 0;
            if (inode.hugetlbReserved == null)
                inode.hugetlbReserved = new java.util.BitSet((int) Math.min(first + n, 1 << 30));
            long need = 0;
            for (long i = first; i < first + n; i++) {
                if (inode.cache.get(i) == 0 && !inode.hugetlbReserved.get((int) i)) need++;
            }
            if (h.freePages() - h.reserved < need) return -dev.ptshare.kernel.Errno.ENOMEM;
            for (long i = first; i < first + n; i++) {
                if (inode.cache.get(i) == 0 && !inode.hugetlbReserved.get((int) i))
                    inode.hugetlbReserved.set((int) i);
            }
            h.reserved += need;
            return 0;
        }
        if (h.freePages() - h.reserved < n) return -dev.ptshare.kernel.Errno.ENOMEM;
        h.reserved += n;
        vma.hugetlbResv = n;
        return 0;
    }

    /** hugetlb_vm_op_close(): a private mapping gives back what it did not use. */
    void unreserveVma(Vma vma) {
        if (vma.hugetlbResv > 0) {
            hstate(vma).reserved -= vma.hugetlbResv;
            vma.hugetlbResv = 0;
        }
    }

    /** Truncation and eviction: reserved but never faulted indices go back to the pool. */
    public void unreserveInode(Inode inode, long fromIndex) {
        if (inode.hugetlbReserved == null) return;
        Hstate h = hstate(inode.pageSize);
        for (int i = inode.hugetlbReserved.nextSetBit((int) fromIndex); i >= 0;
                i = inode.hugetlbReserved.nextSetBit(i + 1)) {
            inode.hugetlbReserved.clear(i);
            h.reserved--;
        }
    }

    public static boolean isHugetlb(Vma vma) {
        return vma.test(VmFlags.VM_HUGETLB);
    }
}
