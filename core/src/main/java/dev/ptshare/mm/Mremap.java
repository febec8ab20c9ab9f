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

    /** The mremap syscall: the new address or -errno. */
    public long mremap(Mm mm, long addr, long oldLen, long newLen, int flags, long newAddr) {
        if ((flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP)) != 0)
            return -Errno.EINVAL;
        if ((flags & MREMAP_FIXED) != 0 && (flags & MREMAP_MAYMOVE) == 0) return -Errno.EINVAL;
        if ((flags & MREMAP_DONTUNMAP) != 0
                && ((flags & MREMAP_MAYMOVE) == 0 || oldLen != newLen)) {
            return -Errno.EINVAL;
        }
        if ((addr & 4095) != 0) return -Errno.EINVAL;
        oldLen = (oldLen + 4095) & ~4095L;
        newLen = (newLen + 4095) & ~4095L;
        if (newLen == 0) return -Errno.EINVAL;
        if ((flags & MREMAP_FIXED) != 0) {
            if ((newAddr & 4095) != 0) return -Errno.EINVAL;
            if (newAddr < addr + oldLen && addr < newAddr + newLen) return -Errno.EINVAL;
        }
        Vma vma = mm.vmas.lookup(addr);
        if (vma == null) return -Errno.EFAULT;
        if (vma.privateData instanceof SpecialMapping s) {
            int err = s.mremap(vma);
            if (err != 0) return err;
        }
        if (oldLen > vma.end - addr) return -Errno.EFAULT;
        if (newLen > oldLen && vma.test(VmFlags.VM_DONTEXPAND | VmFlags.VM_PFNMAP))
            return -Errno.EFAULT;
        if ((flags & MREMAP_DONTUNMAP) != 0
                && (vma.test(VmFlags.VM_SHARED) || !vma.isAnonymous())) {
            return -Errno.EINVAL;
        }
        if ((flags & MREMAP_FIXED) == 0 && (flags & MREMAP_DONTUNMAP) == 0) {
            if (newLen <= oldLen) {
                if (newLen < oldLen) {
                    int err = core.munmap.doMunmap(mm, addr + newLen, oldLen - newLen);
                    if (err != 0) return err;
                }
                return addr;
            }
            if (oldLen == vma.end - addr && expandable(mm, vma, newLen - oldLen)) {
                mm.vmStatAccount(vma.flags, (newLen - oldLen) >>> 12);
                vma.end += newLen - oldLen;
                mm.vmas.boundsChanged();
                core.vmaOps.mergeNeighbours(vma);
                mm.updateHiwaterVm();
                return addr;
            }
            if ((flags & MREMAP_MAYMOVE) == 0) return -Errno.ENOMEM;
        }
        return moveVma(mm, vma, addr, oldLen, newLen, flags, newAddr);
    }

    private static boolean expandable(Mm mm, Vma vma, long delta) {
        long end = vma.end + delta;
        if (end > mm.taskSize || end < vma.end) return false;
        Vma next = mm.vmas.next(vma);
        return next == null || next.start >= end;
    }

    private long moveVma(Mm mm, Vma vma, long addr, long oldLen, long newLen, int flags,
            long newAddr) {
        long target;
        if ((flags & MREMAP_FIXED) != 0) {
            int err = core.munmap.doMunmap(mm, newAddr, newLen);
            if (err != 0) return err;
            target = newAddr;
        } else {
            long pgoff = vma.pgoff + ((addr - vma.start) >>> 12);
            target = core.mmap.getUnmappedArea(mm, vma.file, 0, newLen, pgoff,
                    vma.isShared() ? MapFlags.MAP_SHARED : MapFlags.MAP_PRIVATE);
            if (Errno.isError(target)) return target;
        }
        int err = core.vmaOps.isolate(mm, addr, addr + oldLen);
        if (err != 0) return err;
        Vma old = mm.vmas.lookup(addr);
        long moveLen = Math.min(oldLen, newLen);
        Vma nv = old.dup(mm);
        nv.start = target;
        nv.end = target + newLen;
        if (old.isAnonymous() && !old.isShared()) nv.pgoff = old.pgoff; // anon keeps its pgoff
        core.vmaOps.link(nv);
        movePageTables(old, addr, nv, target, moveLen);
        if ((flags & MREMAP_DONTUNMAP) != 0) {
            return target;
        }
        core.munmap.doMunmap(mm, addr, oldLen);
        core.vmaOps.mergeNeighbours(nv);
        mm.updateHiwaterVm();
        return target;
    }

    /** move_page_tables(): whole PTE tables when both sides are PMD-aligned, else PTEs. */
    private void movePageTables(Vma old, long from, Vma nv, long to, long len) {
        Mm mm = old.mm;
        boolean any = false;
        for (long off = 0; off < len;) {
            long s = from + off, d = to + off;
            long extent = Math.min(PMD_SIZE - (s & (PMD_SIZE - 1)), len - off);
            int spt = core.pgtable.pteTable(mm, s);
            if (spt < 0) {
                off += extent;
                continue;
            }
            if (extent == PMD_SIZE && (d & (PMD_SIZE - 1)) == 0
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
                tables.set(dpt, (int) ((d + a) >>> 12) & 511, e);
                if (Pte.present(e)) any = true;
            }
            off += extent;
        }
        if (any) core.tlb.flushTlbMmRange(core.current, mm.ctx, from, from + len, 12, false);
    }
}
