package dev.ptshare.mm;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Errno;

/**
 * mremap(2) (mm/mremap.c): shrink, grow in place, or move with move_page_tables(), which moves
 * whole PTE tables when source and destination are PMD-aligned (move_normal_pmd) and single
 * PTEs otherwise (move_ptes).
 */
public final class Mremap {
    public static final int MREMAP_MAYMOVE = 1, MREMAP_FIXED = 2, MREMAP_DONTUNMAP = 4;
    private static final long PMD_SIZE = 1L << 21;

    private final MmCore core;
    private final PageTableStore tables;

    Mremap(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    /** vrm_remap_type(). */
    private static final int NO_RESIZE = 0, SHRINK = 1, EXPAND = 2;

    /** struct vma_remap_struct: one mremap() as do_mremap() carries it through. */
    private static final class Vrm {
        long addr, oldLen, newLen, newAddr;
        final int flags;
        Vma vma;
        int type;
        boolean populateExpand;

        Vrm(long addr, long oldLen, long newLen, int flags, long newAddr) {
            this.addr = addr;
            this.oldLen = oldLen;
            this.newLen = newLen;
            this.flags = flags;
            this.newAddr = newAddr;
        }

        /** vrm_implies_new_addr(). */
        boolean impliesNewAddr() {
            return (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0;
        }

        long delta() {
            return Math.abs(newLen - oldLen);
        }
    }

    /**
     * The mremap syscall (do_mremap(), 6.18): the new address or -errno. A locked mapping that
     * grew is populated afterwards (mm_populate(), faults charged to {@code acct}).
     */
    public long mremap(Mm mm, long addr, long oldLen, long newLen, int flags, long newAddr,
            FaultAccount acct) {
        Vrm v = new Vrm(addr, (oldLen + 4095) & ~4095L, (newLen + 4095) & ~4095L, flags, newAddr);
        long res = checkMremapParams(mm, v);
        if (res != 0) return res;
        if ((flags & MREMAP_FIXED) != 0 && v.oldLen == v.newLen) { // vrm_move_only()
            res = remapMove(mm, v);
        } else {
            v.vma = mm.vmas.lookup(v.addr);
            res = checkPrepVma(v);
            if (res == 0) res = v.impliesNewAddr() ? mremapTo(mm, v) : mremapAt(mm, v);
        }
        if (!Errno.isError(res) && v.populateExpand)
            core.gup.mmPopulate(mm, v.newAddr + v.oldLen, v.delta(), acct);
        return res;
    }

    /** check_mremap_params(): what can be refused before looking at any VMA. */
    private static long checkMremapParams(Mm mm, Vrm v) {
        if ((v.flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) != 0)
            return -Errno.EINVAL;
        if ((v.addr & 4095) != 0) return -Errno.EINVAL;
        if (v.newLen == 0) return -Errno.EINVAL; // old_len 0 is the "duplicate shm" special case
        if (Long.compareUnsigned(v.newLen, mm.taskSize) > 0) return -Errno.EINVAL;
        if (!v.impliesNewAddr()) return 0;
        if (Long.compareUnsigned(v.newAddr, mm.taskSize - v.newLen) > 0) return -Errno.EINVAL;
        if ((v.newAddr & 4095) != 0) return -Errno.EINVAL;
        if ((v.flags & MREMAP_MAYMOVE) == 0) return -Errno.EINVAL;
        if ((v.flags & MREMAP_DONTUNMAP) != 0 && v.oldLen != v.newLen) return -Errno.EINVAL;
        // vrm_overlaps()
        if (v.addr + v.oldLen > v.newAddr && v.newAddr + v.newLen > v.addr) return -Errno.EINVAL;
        return 0;
    }

    /** check_prep_vma(): the rules that need the VMA at addr. */
    private static long checkPrepVma(Vrm v) {
        Vma vma = v.vma;
        if (vma == null) return -Errno.EFAULT;
        if (vma.privateData instanceof SpecialMapping s) {
            int err = s.mremap(vma);
            if (err != 0) return err;
        }
        if (Hugetlb.isHugetlb(vma) && !alignHugetlb(v)) return -Errno.EINVAL;
        v.type = v.newLen == v.oldLen ? NO_RESIZE : v.newLen < v.oldLen ? SHRINK : EXPAND;
        if (!v.impliesNewAddr()) v.newAddr = v.addr;
        if (v.type != EXPAND && !v.impliesNewAddr()) return 0; // !vrm_will_map_new()
        long oldLen = v.oldLen, newLen = v.newLen;
        // "attempted to duplicate a private mapping with mremap.  This is not supported."
        if (oldLen == 0 && !vma.test(VmFlags.VM_SHARED | VmFlags.VM_MAYSHARE))
            return -Errno.EINVAL;
        if ((v.flags & MREMAP_DONTUNMAP) != 0
                && vma.test(VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP)) {
            return -Errno.EINVAL;
        }
        if (v.type == SHRINK) oldLen = newLen; // the unmapped tail may cross VMAs
        if (oldLen > vma.end - v.addr) return -Errno.EFAULT;
        if (newLen == oldLen) return 0;
        if (vma.test(VmFlags.VM_LOCKED)) v.populateExpand = true;
        if (vma.test(VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP)) return -Errno.EFAULT;
        return 0;
    }

    /** align_hugetlb(): huge-page lengths and addresses, and no growing. */
    private static boolean alignHugetlb(Vrm v) {
        long ps = v.vma.inode().pageSize;
        v.oldLen = (v.oldLen + ps - 1) & -ps;
        v.newLen = (v.newLen + ps - 1) & -ps;
        if ((v.addr & (ps - 1)) != 0 || (v.newAddr & (ps - 1)) != 0) return false;
        return v.newLen <= v.oldLen;
    }

    /** remap_move(): MREMAP_FIXED without resizing moves every VMA in the range, gaps kept. */
    private long remapMove(Mm mm, Vrm v) {
        long start = v.addr, end = v.addr + v.oldLen, target = v.newAddr, lastEnd = 0;
        long res = -Errno.EFAULT;
        boolean seen = false;
        for (long cursor = start; cursor < end;) {
            Vma vma = mm.vmas.find(cursor);
            if (vma == null || vma.start >= end) break;
            if (!seen && start < vma.start) return -Errno.EFAULT; // no gap at the start
            long a = Math.max(vma.start, start), len = Math.min(end, vma.end) - a;
            long offset = seen ? vma.start - lastEnd : 0;
            lastEnd = vma.end;
            cursor = Math.min(end, vma.end);
            // vma_multi_allowed(): not with userfaultfd armed.
            if (vma.test(VmFlags.VM_UFFD_MISSING | VmFlags.VM_UFFD_WP | VmFlags.VM_UFFD_MINOR)
                    && (seen || vma.end < end)) {
                return -Errno.EFAULT;
            }
            v.vma = vma;
            v.addr = a;
            v.newAddr = target + offset;
            v.oldLen = v.newLen = len;
            long r = checkPrepVma(v);
            if (r == 0) r = mremapTo(mm, v);
            if (Errno.isError(r)) return r;
            if (!seen) res = r;
            seen = true;
            target = r + v.newLen;
        }
        return res;
    }

    /** mremap_to(): to new_addr (MREMAP_FIXED: unmapping what is there first). */
    private long mremapTo(Mm mm, Vrm v) {
        if ((v.flags & MREMAP_FIXED) != 0) {
            int err = core.munmap.doMunmap(mm, v.newAddr, v.newLen);
            if (err != 0) return err;
            v.vma = mm.vmas.lookup(v.addr);
            if (v.vma == null) return -Errno.EFAULT;
        }
        if (v.type == SHRINK) {
            long err = shrinkVma(mm, v);
            if (err != 0) return err;
            v.oldLen = v.newLen;
        }
        long err = setNewAddr(mm, v);
        if (err != 0) return err;
        return moveVma(mm, v);
    }

    /** mremap_at(): resize where it is, or move if it must and may. */
    private long mremapAt(Mm mm, Vrm v) {
        switch (v.type) {
            case NO_RESIZE:
                return v.addr;
            case SHRINK: {
                long err = shrinkVma(mm, v);
                return err != 0 ? err : v.addr;
            }
            default:
                return expandVma(mm, v);
        }
    }

    /** shrink_vma(): do_vmi_munmap() of the tail, which may span VMAs and gaps. */
    private long shrinkVma(Mm mm, Vrm v) {
        int err = core.munmap.doMunmap(mm, v.addr + v.newLen, v.oldLen - v.newLen);
        if (err != 0) return err;
        v.vma = mm.vmas.lookup(v.addr);
        return v.vma == null ? -Errno.EFAULT : 0;
    }

    /** expand_vma(): in place when [addr, old_len) ends the VMA and room follows; else move. */
    private long expandVma(Mm mm, Vrm v) {
        Vma vma = v.vma;
        long delta = v.newLen - v.oldLen;
        if (vma.end - v.addr == v.oldLen && expandable(mm, vma, delta)) {
            mm.vmStatAccount(vma.flags, delta >>> 12); // vrm_stat_account()
            if (vma.test(VmFlags.VM_LOCKED)) mm.lockedVm += delta >>> 12;
            vma.end += delta;
            mm.vmas.boundsChanged();
            core.vmaOps.mergeNeighbours(vma);
            mm.updateHiwaterVm();
            return v.addr;
        }
        if ((v.flags & MREMAP_MAYMOVE) == 0) return -Errno.ENOMEM;
        long err = setNewAddr(mm, v);
        if (err != 0) return err;
        return moveVma(mm, v);
    }

    /** vma_expandable(). */
    private static boolean expandable(Mm mm, Vma vma, long delta) {
        long end = vma.end + delta;
        if (end > mm.taskSize || end < vma.end) return false;
        Vma next = mm.vmas.next(vma);
        return next == null || next.start >= end;
    }

    /** vrm_set_new_addr(): get_unmapped_area() for new_len (new_addr as hint or MAP_FIXED). */
    private long setNewAddr(Mm mm, Vrm v) {
        Vma vma = v.vma;
        long pgoff = vma.pgoff + ((v.addr - vma.start) >>> 12);
        int mapFlags = ((v.flags & MREMAP_FIXED) != 0 ? MapFlags.MAP_FIXED : 0)
                | (vma.test(VmFlags.VM_MAYSHARE) ? MapFlags.MAP_SHARED : MapFlags.MAP_PRIVATE);
        long r = core.mmap.getUnmappedArea(mm, vma.file, v.impliesNewAddr() ? v.newAddr : 0,
                v.newLen, pgoff, mapFlags);
        if (Errno.isError(r)) return r;
        v.newAddr = r;
        return 0;
    }

    /** move_vma(): a new VMA at new_addr, the page tables moved, the source unmapped. */
    private long moveVma(Mm mm, Vrm v) {
        long addr = v.addr, oldLen = v.oldLen, newLen = v.newLen, target = v.newAddr;
        long moved = Math.min(oldLen, newLen);
        // COW PTE: move_page_tables() breaks COW on both sides (v5 04/17, RFC v2 9/9).
        if (!core.cowPte.breakRange(mm, addr, addr + moved)
                || !core.cowPte.breakRange(mm, target, target + moved)) {
            return -Errno.ENOMEM;
        }
        int err = core.vmaOps.isolate(mm, addr, addr + oldLen);
        if (err != 0) return err;
        Vma old = mm.vmas.lookup(addr);
        Vma nv = old.dup(mm);
        nv.start = target;
        nv.end = target + newLen;
        if (old.isAnonymous() && !old.isShared()) nv.pgoff = old.pgoff; // anon keeps its pgoff
        core.vmaOps.link(nv);
        movePageTables(old, addr, nv, target, moved);
        Userfaultfd.mremapPrep(nv);
        if ((v.flags & MREMAP_DONTUNMAP) != 0) {
            // dontunmap_complete(): the emptied source stays, unlocked; locked_vm moves with it.
            old.flags &= ~(VmFlags.VM_LOCKED | VmFlags.VM_LOCKONFAULT);
            return target;
        }
        if (nv.test(VmFlags.VM_LOCKED)) mm.lockedVm += newLen >>> 12; // vrm_stat_account()
        core.munmap.doMunmap(mm, addr, oldLen);
        core.vmaOps.mergeNeighbours(nv);
        mm.updateHiwaterVm();
        return target;
    }

    /**
     * move_page_tables(): whole PTE tables when both sides are PMD-aligned, else PTEs. A VMA
     * registered for userfaultfd without UFFD_FEATURE_EVENT_REMAP moves entry by entry and loses
     * its uffd-wp bits and markers (uffd_supports_page_table_move(), move_ptes()).
     */
    private void movePageTables(Vma old, long from, Vma nv, long to, long len) {
        Mm mm = old.mm;
        boolean clearUffdWp = Userfaultfd.withoutEventRemap(old)
                || Userfaultfd.withoutEventRemap(nv);
        boolean any = false;
        for (long off = 0; off < len;) {
            long s = from + off, d = to + off;
            long extent = Math.min(PMD_SIZE - (s & (PMD_SIZE - 1)), len - off);
            int spt = core.pgtable.pteTable(mm, s);
            if (spt < 0) {
                off += extent;
                continue;
            }
            if (extent == PMD_SIZE && (d & (PMD_SIZE - 1)) == 0 && !clearUffdWp
                    && core.pgtable.pteTable(mm, d) == PgtableAlloc.NONE) {
                int dpmd = core.pgtable.table(mm, d, PageTableStore.PMD, true);
                int spmd = core.pgtable.table(mm, s, PageTableStore.PMD, false);
                if (dpmd >= 0) {
                    int si = PgtableAlloc.index(s, PageTableStore.PMD);
                    tables.set(dpmd, PgtableAlloc.index(d, PageTableStore.PMD),
                            tables.get(spmd, si));
                    tables.set(spmd, si, 0);
                    any = true;
                    off += extent;
                    continue;
                }
            }
            for (long a = 0; a < extent; a += 4096) {
                int si = (int) ((s + a) >>> 12) & 511;
                long e = tables.get(spt, si);
                if (e == 0) continue;
                int dpt = core.pgtable.pteAlloc(mm, d + a);
                if (dpt < 0) break;
                tables.set(spt, si, 0);
                if (clearUffdWp && Pte.marker(e) && (e & Pte.MARKER_UFFD_WP) != 0) continue;
                if (clearUffdWp && Pte.mapped(e)) e &= ~Pte.UFFD_WP;
                tables.set(dpt, (int) ((d + a) >>> 12) & 511, e);
                if (Pte.present(e)) any = true;
            }
            off += extent;
        }
        if (any) core.tlb.flushTlbMmRange(core.current, mm.ctx, from, from + len, 12, false);
    }
}
