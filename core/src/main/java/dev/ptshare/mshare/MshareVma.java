package dev.ptshare.mshare;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.ProcFs;
import dev.ptshare.kernel.Task;
import dev.ptshare.kernel.UserAccess;
import dev.ptshare.mm.Memory;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.MmuGather;
import dev.ptshare.mm.SpecialMapping;
import dev.ptshare.mm.Vma;
import dev.ptshare.proc.PssAccumulator;

/**
 * A process's msharefs VMA (the "guest" VMA): vm_ops that refuse splits and mprotect (EINVAL),
 * an unmap_page_range hook that unlinks instead of zapping (V3-11/12), and the fault
 * redirection of find_shared_vma() (V3-13/14): link the host's PUD table into the guest's P4D
 * slot on first touch, then fault in the host mm against the host VMA.
 */
final class MshareVma implements SpecialMapping, UserAccess.FaultRedirect, UserAccess.BulkRedirect,
        ProcFs.SmapsSource {
    final MshareRegion region;
    private final Kernel k;

    MshareVma(Kernel k, MshareRegion region) {
        this.k = k;
        this.region = region;
    }

    @Override
    public int maySplit(Vma vma, long addr) {
        return -Errno.EINVAL;
    }

    @Override
    public int mprotect(Vma vma, long start, long end, long newFlags) {
        return -Errno.EINVAL;
    }

    /** The table holding mm's 512 GiB slot entry for addr: the PGD (4-level) or a P4D table. */
    int slotTable(Mm mm, long addr, boolean alloc) {
        return k.mm.pgtable.table(mm, addr, PageTableStore.P4D, alloc);
    }

    static int slotIndex(long addr) {
        return (int) (addr >>> 39) & 511;
    }

    /** Whether mm's slot for addr points at the host's PUD table. */
    boolean linked(Mm mm, long addr) {
        int t = slotTable(mm, addr, false);
        if (t < 0) return false;
        long e = k.tables.get(t, slotIndex(addr));
        return e != 0 && k.tables.owner(Pte.table(e)) == region.host.id;
    }

    /** The mshare unmap_page_range hook: unlink each slot, zap nothing. */
    @Override
    public void unmapPageRange(MmuGather tlb, Vma vma) {
        for (long a = vma.start; a < vma.end; a += MshareRegion.ALIGN) {
            int t = slotTable(vma.mm, a, false);
            if (t < 0) continue;
            int i = slotIndex(a);
            long e = k.tables.get(t, i);
            if (e == 0) continue;
            int pud = Pte.table(e);
            k.tables.setShareCount(pud, k.tables.shareCount(pud) - 1);
            k.tables.set(t, i, 0);
            tlb.unlinked(a, a + MshareRegion.ALIGN);
        }
    }

    /** find_shared_vma() and the host fault; VM_FAULT_* bits. */
    @Override
    public int fault(Task t, Vma vma, long addr, int errorCode) {
        long hostAddr = addr - vma.start + region.start();
        Mm host = region.host;
        int gt = slotTable(vma.mm, addr, true);
        int ht = slotTable(host, hostAddr, true);
        if (gt < 0 || ht < 0) return Memory.VM_FAULT_OOM;
        long ge = k.tables.get(gt, slotIndex(addr));
        long he = k.tables.get(ht, slotIndex(hostAddr));
        if (ge != he) {
            // Link: the guest walks the host's PUD table from now on; the access is retried.
            int pud = Pte.table(he);
            k.tables.setShareCount(pud, k.tables.shareCount(pud) + 1);
            k.tables.set(gt, slotIndex(addr), he);
            return Memory.VM_FAULT_NOPAGE | UserAccess.LINKED;
        }
        Vma hv = host.vmas.lookup(hostAddr);
        if (hv == null) return Memory.VM_FAULT_SIGSEGV; // bad_area: hole, unmapped, owner gone
        if (UserAccess.accessError(errorCode, hv)) return Memory.VM_FAULT_SIGSEGV;
        int flags = (errorCode & dev.ptshare.arch.Mmu.PF_WRITE) != 0 ? Memory.FAULT_FLAG_WRITE : 0;
        return k.mm.memory.handleMmFault(hv, hostAddr, flags);
    }

    /**
     * For a bulk touch: link first if the host already has the slot (an unaccounted link fault, as
     * in {@link #fault}), then the host VMA at the host address; null when the page path must run.
     */
    @Override
    public Vma.Target bulkTarget(Task t, Vma vma, long addr) {
        long hostAddr = addr - vma.start + region.start();
        Mm host = region.host;
        int ht = slotTable(host, hostAddr, false);
        if (ht < 0 || k.tables.get(ht, slotIndex(hostAddr)) == 0) return null;
        if (!linked(vma.mm, addr) && (fault(t, vma, addr, 0) & UserAccess.LINKED) == 0) return null;
        Vma hv = host.vmas.lookup(hostAddr);
        if (hv == null || hv.end < hostAddr + (1L << 21)) return null;
        return new Vma.Target(hv, hostAddr);
    }

    @Override
    public ProcFs.SmapsSource.Key smapsKey(Vma vma) {
        return new ProcFs.SmapsSource.Key(region, linked(vma.mm, vma.start));
    }

    /** smaps of the guest VMA: the host pages a linked slot reaches (walk_page_vma follows it). */
    @Override
    public void account(Vma vma, PssAccumulator acc, ProcFs proc) {
        if (!linked(vma.mm, vma.start)) return;
        Mm host = region.host;
        for (Vma hv : host.vmas.all()) proc.accountRange(host, hv.start, hv.end, false, acc);
    }
}
