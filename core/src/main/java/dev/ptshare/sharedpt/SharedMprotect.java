package dev.ptshare.sharedpt;

import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import java.util.List;

/**
 * mprotect() of a VM_SHARED_PT VMA changes the protection for every sharer (RFC v2 0/4: "Shared
 * PTEs means mprotect() call made by one process affects all processes sharing the same
 * mapping"). The patch leaves mprotect() untouched, so change_protection() walks the caller's
 * tables into the host's PTE tables and flushes only the caller; the model applies the change to
 * the host VMA and host PTEs (flushed on every CPU by the host's notifier, {@link HostFlush}) and
 * to every sharer's VMA, so that all VMAs of the region keep one protection.
 */
final class SharedMprotect {
    private final Kernel k;
    private final PtShareData d;

    SharedMprotect(Kernel k, PtShareData d) {
        this.k = k;
        this.d = d;
    }

    int apply(Vma vma, long start, long end, long newFlags) {
        // Model: a split of the guest VMA is refused (RFC v2 4/4's host address assumes unsplit
        // VMAs; RFC v2 3/4 refuses partial munmap for the same region).
        if (start != vma.start || end != vma.end) return -Errno.EINVAL;
        long access = newFlags & VmFlags.VM_ACCESS_FLAGS;
        for (Vma g : d.guests) {
            if (g == vma) continue; // the caller's VMA is changed by mprotect_fixup()
            long nf = (g.flags & ~VmFlags.VM_ACCESS_FLAGS) | access;
            if (nf != g.flags) k.mm.vmaOps.setFlags(List.of(g), nf);
        }
        // The host VMA and the shared PTEs: mprotect_fixup() + change_protection() in the host.
        return k.mm.mprotect.doMprotect(d.host, d.start, d.size, (int) access);
    }
}
