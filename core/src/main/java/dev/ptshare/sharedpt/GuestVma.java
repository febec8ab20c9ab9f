package dev.ptshare.sharedpt;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Processes;
import dev.ptshare.kernel.Task;
import dev.ptshare.kernel.UserAccess;
import dev.ptshare.mm.MmuGather;
import dev.ptshare.mm.PgtableAlloc;
import dev.ptshare.mm.SpecialMapping;
import dev.ptshare.mm.Vma;
import dev.ptshare.mm.Zap;

/**
 * The vm_ops of a sharer's VM_SHARED_PT VMA (the "guest" VMA of RFC v2): faults go to the host
 * (RFC v2 4/4), teardown unlinks the host's PTE tables instead of zapping them (RFC v2 4/4
 * free_pte_range()), the last VMA frees the host (RFC v2 3/4 ptshare_del_mm()), and the VMA is
 * never split (RFC v2 3/4 refuses partial munmap).
 */
final class GuestVma implements SpecialMapping, Processes.ForkAware, UserAccess.BulkRedirect {
    private static final long PMD_SIZE = 1L << 21, GIB = 1L << 30;

    private final Kernel k;
    private final Hosts hosts;
    final PtShareData d;
    private final SharedFault fault;
    private final SharedMprotect mprotect;

    GuestVma(Kernel k, Hosts hosts, PtShareData d) {
        this.k = k;
        this.hosts = hosts;
        this.d = d;
        this.fault = new SharedFault(k, d);
        this.mprotect = new SharedMprotect(k, d);
    }

    /** RFC v2 3/4 do_vmi_munmap(): "Don't allow partial munmaps" → EINVAL (model: any split). */
    @Override
    public int maySplit(Vma vma, long addr) {
        return -Errno.EINVAL;
    }

    @Override
    public int mprotect(Vma vma, long start, long end, long newFlags) {
        return mprotect.apply(vma, start, end, newFlags);
    }

    /** Model: mremap() would move the mapping away from the address every sharer uses. */
    @Override
    public int mremap(Vma vma) {
        return -Errno.EINVAL;
    }

    @Override
    public int handleMmFault(Vma vma, long addr, int flags) {
        return fault.handle(vma, addr, flags);
    }

    /**
     * A bulk touch of a 2 MiB chunk: link it as the first fault would (get_pmd() on both mms;
     * uncounted if the host has the PTE table), then touch the host's table, then link again in
     * {@link #bulkDone} in case the touch created it (the page path's fault-in-host, retry,
     * link). Only when the VMA is writable (no touch can fail access_error() before the link) or
     * already linked, so that the result is what page-by-page touches would leave; otherwise null
     * (page by page).
     */
    @Override
    public Vma.Target bulkTarget(Task t, Vma vma, long addr) {
        if (!vma.test(dev.ptshare.mm.VmFlags.VM_WRITE) && !linked(vma, addr)) return null;
        if (fault.link(vma, addr) == SharedFault.OOM) return null;
        return new Vma.Target(fault.onHost(vma, addr, addr + PMD_SIZE), d.hostAddr(vma, addr));
    }

    /**
     * A whole GiB whose 512 host PTE tables are all there and fully mapped: the 512 link faults
     * of a page-by-page touch (uncounted, nothing else in between depends on them), then the
     * host's tables are touched in one step. Otherwise null (chunk by chunk).
     */
    @Override
    public Vma.Target bulkTargetGib(Task t, Vma vma, long addr, boolean write) {
        if (addr + GIB > vma.end) return null;
        Vma hv = fault.onHost(vma, addr, addr + GIB);
        long hostAddr = d.hostAddr(vma, addr);
        if ((hostAddr & (GIB - 1)) != 0 || !k.mm.bulk.canTouchGib(hv, hostAddr, write)) return null;
        int hpmd = k.mm.pgtable.table(d.host, hostAddr, PageTableStore.PMD, false);
        int gpmd = k.mm.pgtable.table(vma.mm, addr, PageTableStore.PMD, true);
        if (gpmd < 0) return null;
        for (int i = 0; i < PageTableStore.ENTRIES; i++)
            k.tables.set(gpmd, i, k.tables.get(hpmd, i));
        return new Vma.Target(hv, hostAddr);
    }

    @Override
    public void bulkDone(Task t, Vma vma, long addr) {
        fault.link(vma, addr);
    }

    /** Whether the guest's PMD entry for addr points at a host PTE table. */
    private boolean linked(Vma vma, long addr) {
        int pmd = k.mm.pgtable.table(vma.mm, addr, PageTableStore.PMD, false);
        if (pmd < 0) return false;
        long e = k.tables.get(pmd, PgtableAlloc.index(addr, PageTableStore.PMD));
        return e != 0 && k.tables.owner(Pte.table(e)) == d.host.id;
    }

    /**
     * RFC v2 4/4 free_pte_range() with shared_pte: the guest's PMD entries that point at host PTE
     * tables are cleared (pmd_clear + tlb_flush_pmd_range + freed_tables = 1), the tables stay.
     * The guest's own PMD and PUD tables are then freed by free_pgtables() as usual.
     */
    @Override
    public void unmapPageRange(MmuGather tlb, Vma vma) {
        for (long a = vma.start; a < vma.end; a += PMD_SIZE) {
            int pmd = k.mm.pgtable.table(vma.mm, a, PageTableStore.PMD, false);
            if (pmd < 0) continue;
            int i = PgtableAlloc.index(a, PageTableStore.PMD);
            if (!linked(vma, a)) continue;
            k.tables.set(pmd, i, 0);
            tlb.unlinked(a, a + PMD_SIZE);
            tlb.freedTable(a);
        }
    }

    /** RFC v2 3/4 ptshare_del_mm(): the model drops the reference when the VMA is really gone. */
    @Override
    public void close(Vma vma) {
        hosts.leave(d, vma);
    }

    /** fork: the child's copy of the VMA is one more sharer (its page tables start empty). */
    @Override
    public void forked(Vma parent, Vma child) {
        d.guests.add(child);
    }

    /**
     * MADV_DONTNEED and truncation of a guest range clear the shared PTEs, so they are done on
     * the host (its RSS, its flush to every sharer). PT_RECLAIM never frees a host PTE table
     * that guests may still point at.
     */
    @Override
    public boolean zapRange(MmuGather tlb, Vma vma, long start, long end, Zap.Details details) {
        MmuGather htlb = new MmuGather(d.host, false);
        Zap.Details hd = details == null ? null
                : new Zap.Details(details.keepGuardMarkers(), false, details.skipAnon());
        k.mm.zap.unmapSingleVma(htlb, d.hostVma, d.hostAddr(vma, start), d.hostAddr(vma, end), hd);
        htlb.finish(k.mm);
        return true;
    }
}
