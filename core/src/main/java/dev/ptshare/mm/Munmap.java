package dev.ptshare.mm;

import dev.ptshare.kernel.Errno;
import java.util.ArrayList;
import java.util.List;

/**
 * do_vmi_munmap() → do_vmi_align_munmap() (mm/vma.c): split the boundary VMAs, zap the range
 * (unmap_vmas), free the page tables only the removed VMAs used (free_pgtables, bounded by the
 * neighbours), flush once (tlb_finish_mmu), then remove the VMAs.
 */
public final class Munmap {
    private final MmCore core;

    Munmap(MmCore core) {
        this.core = core;
    }

    /** The munmap(2) entry checks, then {@link #doMunmap}. */
    public int sysMunmap(Mm mm, long start, long len) {
        // do_vmi_munmap(): start and len are unsigned; len is checked before PAGE_ALIGN.
        if ((start & 4095) != 0 || Long.compareUnsigned(start, mm.taskSize) > 0
                || Long.compareUnsigned(len, mm.taskSize - start) > 0)
            return -Errno.EINVAL;
        len = (len + 4095) & ~4095L;
        if (len == 0) return -Errno.EINVAL;
        return doMunmap(mm, start, len);
    }

    /** do_vmi_munmap() on a page-aligned range. */
    public int doMunmap(Mm mm, long start, long len) {
        long end = start + len;
        if (mm.vmas.range(start, end).isEmpty()) return 0;
        // COW PTE: tables only partly unmapped are unshared first (v5 __split_vma()).
        if (!core.cowPte.prepareZap(mm, start, end, false)) return -Errno.ENOMEM;
        int err = core.vmaOps.isolate(mm, start, end);
        if (err != 0) return err;
        List<Vma> victims = new ArrayList<>(mm.vmas.range(start, end));
        Vma prev = mm.vmas.prev(victims.get(0));
        Vma next = mm.vmas.next(victims.get(victims.size() - 1));
        mm.updateHiwaterVm();
        removeVmas(mm, victims, prev == null ? 0 : prev.end, next == null ? 0 : next.start, false);
        return 0;
    }

    /**
     * vms_clear_ptes() + vms_complete_munmap_vmas(): zap, free page tables between floor and
     * ceiling, flush, then unlink. Also exit_mmap()'s path with {@code fullmm}.
     */
    public void removeVmas(Mm mm, List<Vma> victims, long floor, long ceiling, boolean fullmm) {
        MmuGather tlb = new MmuGather(mm, fullmm);
        tlb.unmapsAll(floor, ceiling); // nothing else lives between the neighbours
        mm.updateHiwaterRss();
        for (Vma v : victims) {
            if (v.privateData instanceof SpecialMapping s)
                s.unmapPageRange(tlb, v);
            else
                core.zap.unmapSingleVma(tlb, v, v.start, v.end, null);
        }
        core.freePgtables.freePgtables(tlb, victims, floor, ceiling);
        tlb.finish(core);
        for (Vma v : victims) {
            if (v.test(VmFlags.VM_LOCKED)) mm.lockedVm -= v.pages();
            core.vmaOps.unlink(v);
            if (Hugetlb.isHugetlb(v)) core.hugetlb.unreserveVma(v);
            if (v.privateData instanceof SpecialMapping s) s.close(v);
        }
    }
}
