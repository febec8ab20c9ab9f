package dev.ptshare.sharedpt;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.UserAccess;
import dev.ptshare.mm.Memory;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.PgtableAlloc;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;

/**
 * find_shared_vma() and the redirected handle_mm_fault() of RFC v2 4/4. A fault on a VM_SHARED_PT
 * VMA walks (allocating) to the PMD entry of the address in the host mm and in the guest mm. If
 * they differ, the host's entry (pointing at the host's PTE table) is copied into the guest's
 * PMD and the access is retried (VM_FAULT_NOPAGE, returned before mm_account_fault(): not
 * counted); if they are the same, the fault is handled in the host mm, so PTE tables, pages and
 * RSS go to the host.
 */
final class SharedFault {
    /** What {@link #link} did. */
    static final int SAME = 0, LINKED = 1, OOM = 2;

    private final Kernel k;
    private final PtShareData d;

    SharedFault(Kernel k, PtShareData d) {
        this.k = k;
        this.d = d;
    }

    int handle(Vma guest, long addr, int flags) {
        long hostAddr = d.hostAddr(guest, addr); // RFC v2 4/4: *addrp - vm_start + mmap_base
        int l = link(guest, addr);
        if (l == OOM) return Memory.VM_FAULT_OOM;
        // RFC v2 4/4: handle_mm_fault() returns find_shared_vma()'s VM_FAULT_NOPAGE at once,
        // before mm_account_fault(): the link is no minor fault.
        if (l == LINKED) return Memory.VM_FAULT_NOPAGE | UserAccess.LINKED;
        // RFC v2 4/4: host_vma = find_vma(host_mm, host_addr); none → VM_FAULT_SIGSEGV.
        if (d.host.vmas.lookup(hostAddr) == null) return Memory.VM_FAULT_SIGSEGV;
        return k.mm.memory.handleMmFault(onHost(guest, guest.start, guest.end), hostAddr, flags);
    }

    /**
     * RFC v2 4/4 get_pmd() on both mms, then "if (!pmd_same(*guest_pmd, *host_pmd))
     * set_pmd(guest_pmd, *host_pmd)". get_pmd() allocates the missing PUD and PMD tables: the
     * guest's are its own (its VmPTE), the host's the host's.
     */
    int link(Vma guest, long addr) {
        Mm host = d.host;
        long hostAddr = d.hostAddr(guest, addr);
        int hpmd = k.mm.pgtable.table(host, hostAddr, PageTableStore.PMD, true);
        int gpmd = k.mm.pgtable.table(guest.mm, addr, PageTableStore.PMD, true);
        if (hpmd == PgtableAlloc.OOM || gpmd == PgtableAlloc.OOM) return OOM;
        int hi = PgtableAlloc.index(hostAddr, PageTableStore.PMD);
        int gi = PgtableAlloc.index(addr, PageTableStore.PMD);
        long he = k.tables.get(hpmd, hi);
        if (k.tables.get(gpmd, gi) == he) return SAME;
        k.tables.set(gpmd, gi, he);
        return LINKED;
    }

    /**
     * RFC v2 4/4 "guest_vma->vm_mm = host_mm" for the fault: the guest VMA's [start, end) as
     * seen in the host mm (same flags, file and offset; VMAs here are bound to their mm).
     */
    Vma onHost(Vma guest, long start, long end) {
        Vma v = guest.dup(d.host);
        v.privateData = null;
        v.flags &= ~VmFlags.VM_SHARED_PT;
        v.pgoff = guest.pageIndex(start);
        v.start = d.hostAddr(guest, start);
        v.end = d.hostAddr(guest, end);
        return v;
    }
}
