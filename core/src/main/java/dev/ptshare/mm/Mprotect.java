package dev.ptshare.mm;

import static dev.ptshare.mm.VmFlags.*;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Errno;
import dev.ptshare.phys.PhysMem;
import java.util.List;

/**
 * mprotect(2): do_mprotect_pkey(), mprotect_fixup() and change_protection() →
 * change_pte_range() (mm/mprotect.c), with x86's pte_needs_flush() deciding which changed PTEs
 * must be flushed.
 */
public final class Mprotect {
    private final MmCore core;
    private final PageTableStore tables;

    Mprotect(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    /** do_mprotect_pkey(). */
    public int doMprotect(Mm mm, long start, long len, int prot) {
        if ((start & 4095) != 0) return -Errno.EINVAL;
        if (len == 0) return 0;
        len = (len + 4095) & ~4095L;
        long end = start + len;
        if (Long.compareUnsigned(end, start) <= 0) return -Errno.ENOMEM; // unsigned, as in C
        int grows = prot & (MapFlags.PROT_GROWSDOWN | MapFlags.PROT_GROWSUP);
        if (grows == (MapFlags.PROT_GROWSDOWN | MapFlags.PROT_GROWSUP)) return -Errno.EINVAL;
        prot &= ~(MapFlags.PROT_GROWSDOWN | MapFlags.PROT_GROWSUP);
        // arch_validate_prot() (include/linux/mman.h): READ, WRITE, EXEC and SEM are valid.
        if ((prot & ~(MapFlags.PROT_READ | MapFlags.PROT_WRITE | MapFlags.PROT_EXEC | 0x8)) != 0) {
            return -Errno.EINVAL;
        }
        Vma vma = mm.vmas.find(start);
        if (vma == null) return -Errno.ENOMEM;
        if ((grows & MapFlags.PROT_GROWSDOWN) != 0) {
            // do_mprotect_pkey(): down to the start of a VM_GROWSDOWN VMA, else EINVAL.
            if (vma.start >= end) return -Errno.ENOMEM;
            start = vma.start;
            if (!vma.test(VmFlags.VM_GROWSDOWN)) return -Errno.EINVAL;
        } else {
            if (vma.start > start) return -Errno.ENOMEM;
            // PROT_GROWSUP needs VM_GROWSUP, which is VM_NONE on x86: always EINVAL.
            if ((grows & MapFlags.PROT_GROWSUP) != 0) return -Errno.EINVAL;
        }
        long nstart = start;
        while (true) {
            long newFlags = fromProt(prot) | (vma.flags & ~VM_ACCESS_FLAGS);
            // newflags >> 4 shift VM_MAY% in place of VM_%
            if ((newFlags & ~(newFlags >> 4) & VM_ACCESS_FLAGS) != 0) return -Errno.EACCES;
            if (vma.privateData instanceof SpecialMapping s) {
                int err = s.mprotect(vma, nstart, Math.min(end, vma.end), newFlags);
                if (err != 0) return err;
            }
            long tmp = Math.min(vma.end, end);
            int err = mprotectFixup(mm, vma, nstart, tmp, newFlags);
            if (err != 0) return err;
            nstart = tmp;
            if (nstart >= end) return 0;
            vma = mm.vmas.find(nstart);
            if (vma == null || vma.start > nstart) return -Errno.ENOMEM; // merged VMAs may start earlier
        }
    }

    /** mprotect_fixup(): split/merge to [start, end), set flags, change the PTEs. */
    private int mprotectFixup(Mm mm, Vma vma, long start, long end, long newFlags) {
        long old = vma.flags;
        if (newFlags == old) return 0;
        if ((newFlags & VM_WRITE) != 0
                && (old & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB | VM_SHARED | VM_NORESERVE)) == 0) {
            newFlags |= VM_ACCOUNT; // a private mapping becoming writable is charged
        }
        // COW PTE: change_pte_range() writes entries, so this mm needs its own tables (v5).
        if (!core.cowPte.breakRange(mm, start, end)) return -Errno.ENOMEM;
        int err = core.vmaOps.isolate(mm, start, end);
        if (err != 0) return err;
        List<Vma> part = mm.vmas.range(start, end);
        core.vmaOps.setFlags(part, newFlags);
        Vma v = part.get(0);
        changeProtection(v, start, end);
        core.vmaOps.mergeNeighbours(v);
        return 0;
    }

    /** vma_wants_manual_pte_write_upgrade(). */
    private static boolean manualWriteUpgrade(Vma vma) {
        if ((vma.flags & VM_SHARED) != 0)
            return (vma.flags & VM_WRITE) != 0 && !PageProt.wantsWritenotify(vma);
        return (vma.flags & VM_WRITE) != 0;
    }

    /** cp_flags of change_protection() (include/linux/mm.h MM_CP_*) the model uses. */
    static final int CP_UFFD_WP = 1 << 2, CP_UFFD_WP_RESOLVE = 1 << 3;

    /** change_protection() for mprotect_fixup(). */
    void changeProtection(Vma vma, long start, long end) {
        changeProtection(vma, start, end, 0);
    }

    /**
     * change_protection() → change_pte_range(), flushed through one mmu_gather. With
     * {@link #CP_UFFD_WP} (UFFDIO_WRITEPROTECT) present entries get pte_mkuffd_wp() and, where
     * the VMA uses markers, none entries a PTE_MARKER_UFFD_WP (page tables are allocated for
     * them: change_pmd_prepare()); with {@link #CP_UFFD_WP_RESOLVE} the bits and markers go.
     * Returns the entries changed, or -ENOMEM.
     */
    long changeProtection(Vma vma, long start, long end, int cp) {
        if (Hugetlb.isHugetlb(vma)) {
            core.hugetlb.changeProtection(vma, start, end);
            return 0;
        }
        Mm mm = vma.mm;
        long newProt = PageProt.of(vma);
        boolean uffdWp = (cp & CP_UFFD_WP) != 0, resolve = (cp & CP_UFFD_WP_RESOLVE) != 0;
        // uffd_wp_range(): "Try upgrading write permissions manually" only when resolving.
        boolean tryWritable = (cp & CP_UFFD_WP) == 0 && manualWriteUpgrade(vma);
        boolean populate = uffdWp && Userfaultfd.useMarkers(vma); // pgtable_populate_needed()
        long protMask = Pte.PRESENT | Pte.RW | Pte.USER | Pte.NX | Pte.PROTNONE;
        long flushStart = Long.MAX_VALUE, flushEnd = 0;
        long pages = 0;
        for (long addr = start; addr < end; addr += 4096) {
            int pt = populate ? core.pgtable.pteAlloc(mm, addr) : core.pgtable.pteTable(mm, addr);
            if (pt == PgtableAlloc.OOM) return -Errno.ENOMEM;
            if (pt < 0) {
                addr = (addr | ((1L << 21) - 1)) - 4095; // skip to the last page of this PMD
                continue;
            }
            int idx = (int) (addr >>> 12) & 511;
            long e = tables.get(pt, idx);
            if (e == 0) {
                // "Nobody plays with any none ptes besides userfaultfd"
                if (populate) {
                    tables.set(pt, idx, Pte.makeMarker(Pte.MARKER_UFFD_WP));
                    pages++;
                }
                continue;
            }
            if (Pte.marker(e)) {
                // Guard and poison markers are skipped; a uffd-wp marker goes when resolving.
                if (resolve && (e & (Pte.MARKER_GUARD | Pte.MARKER_POISONED)) == 0) {
                    tables.set(pt, idx, 0);
                    pages++;
                }
                continue;
            }
            long ne = (e & ~protMask) | (newProt & protMask);
            if (uffdWp)
                ne = (ne | Pte.UFFD_WP) & ~Pte.RW; // pte_mkuffd_wp()
            else if (resolve) ne &= ~Pte.UFFD_WP; // pte_clear_uffd_wp()
            if (tryWritable && !Pte.writable(ne) && Pte.present(ne)
                    && canChangePteWritable(vma, ne)) {
                ne |= Pte.RW;
            }
            pages++;
            if (ne == e) continue;
            tables.set(pt, idx, ne);
            if (pteNeedsFlush(e, ne) && !core.mutant(Mutant.SKIP_MPROTECT_FLUSH)) {
                flushStart = Math.min(flushStart, addr);
                flushEnd = Math.max(flushEnd, addr + 4096);
            }
        }
        if (flushEnd > 0) {
            core.tlb.flushTlbMmRange(core.current, mm.ctx, flushStart, flushEnd, 12, false);
            // x86 flush_tlb_mm_range() ends with mmu_notifier_arch_invalidate_secondary_tlbs().
            if (mm.invalidateHook != null) mm.invalidateHook.run();
        }
        return pages;
    }

    /** can_change_pte_writable(). */
    private boolean canChangePteWritable(Vma vma, long e) {
        // maybe_change_pte_writable(): "Do we need write faults for uffd-wp tracking?"
        if (vma.test(VM_UFFD_WP) && (e & Pte.UFFD_WP) != 0) return false;
        if ((vma.flags & VM_SHARED) == 0) {
            if ((e & Pte.SPECIAL) != 0) return false;
            int pfn = (int) Pte.pfn(e);
            return core.phys.test(pfn, PhysMem.F_ANON)
                    && core.phys.test(pfn, PhysMem.F_ANON_EXCLUSIVE);
        }
        return Pte.dirty(e);
    }

    /** pte_needs_flush() and pte_flags_need_flush() (arch/x86/include/asm/tlbflush.h). */
    static boolean pteNeedsFlush(long oldpte, long newpte) {
        if (!Pte.present(oldpte)) return false;
        if (Pte.pfn(oldpte) != Pte.pfn(newpte)) return true;
        long flushOnClear = Pte.DIRTY | Pte.PRESENT | Pte.ACCESSED;
        long flushOnChange = Pte.RW | Pte.USER | Pte.PWT | Pte.PCD | Pte.PSE | Pte.GLOBAL;
        long diff = (oldpte ^ newpte) & ~Pte.ACCESSED;
        if ((diff & oldpte & flushOnClear) != 0) return true;
        if ((diff & flushOnChange) != 0) return true;
        return (diff & newpte & Pte.NX) != 0;
    }
}
