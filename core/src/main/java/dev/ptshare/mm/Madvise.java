package dev.ptshare.mm;

import static dev.ptshare.mm.VmFlags.*;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.fs.Inode;
import dev.ptshare.kernel.Errno;
import dev.ptshare.phys.PhysMem;
import java.util.List;

/**
 * madvise(2) (mm/madvise.c): do_madvise() checks, the VMA walk that applies the advice to the
 * mapped parts and reports ENOMEM for holes, and each advice's work.
 */
public final class Madvise {
    // include/uapi/asm-generic/mman-common.h
    public static final int MADV_NORMAL = 0, MADV_RANDOM = 1, MADV_SEQUENTIAL = 2;
    public static final int MADV_WILLNEED = 3, MADV_DONTNEED = 4, MADV_FREE = 8, MADV_REMOVE = 9;
    public static final int MADV_DONTFORK = 10, MADV_DOFORK = 11, MADV_MERGEABLE = 12;
    public static final int MADV_UNMERGEABLE = 13, MADV_HUGEPAGE = 14, MADV_NOHUGEPAGE = 15;
    public static final int MADV_DONTDUMP = 16, MADV_DODUMP = 17, MADV_WIPEONFORK = 18;
    public static final int MADV_KEEPONFORK = 19, MADV_COLD = 20, MADV_PAGEOUT = 21;
    public static final int MADV_POPULATE_READ = 22, MADV_POPULATE_WRITE = 23;
    public static final int MADV_DONTNEED_LOCKED = 24, MADV_COLLAPSE = 25;
    public static final int MADV_GUARD_INSTALL = 102, MADV_GUARD_REMOVE = 103;

    private final MmCore core;
    private final PageTableStore tables;

    Madvise(MmCore core) {
        this.core = core;
        this.tables = core.tables;
    }

    private static boolean valid(int advice) {
        return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED)
                || (advice >= MADV_FREE && advice <= MADV_COLLAPSE)
                || advice == MADV_GUARD_INSTALL
                || advice == MADV_GUARD_REMOVE;
    }

    /** do_madvise(). */
    public int doMadvise(Mm mm, long start, long lenIn, int advice, FaultAccount acct) {
        if (!valid(advice) || advice == MADV_COLLAPSE) return -Errno.EINVAL;
        if ((start & 4095) != 0) return -Errno.EINVAL;
        long len = (lenIn + 4095) & ~4095L;
        if (lenIn != 0 && len == 0) return -Errno.EINVAL;
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) return -Errno.EINVAL;
        if (end == start) return 0;
        if (advice == MADV_POPULATE_READ || advice == MADV_POPULATE_WRITE) {
            return core.gup.populateRange(mm, start, end, advice == MADV_POPULATE_WRITE, acct);
        }
        // madvise_walk_vmas(): apply to each mapped piece, remember holes.
        int unmapped = 0;
        long addr = start;
        while (addr < end) {
            Vma vma = mm.vmas.find(addr);
            if (vma == null || vma.start >= end) {
                unmapped = -Errno.ENOMEM;
                break;
            }
            if (vma.start > addr) {
                unmapped = -Errno.ENOMEM;
                addr = vma.start;
            }
            long e = Math.min(end, vma.end);
            int r = applyOne(mm, vma, addr, e, advice);
            if (r != 0) return r;
            addr = e;
        }
        return unmapped;
    }

    private int applyOne(Mm mm, Vma vma, long start, long end, int advice) {
        if (vma.privateData instanceof SpecialMapping s) {
            int err = s.madvise(vma, start, end, advice);
            if (err != 0) return err;
        }
        long f = vma.flags;
        return switch (advice) {
            case MADV_NORMAL -> updateFlags(mm, start, end, f & ~(VM_RAND_READ | VM_SEQ_READ));
            case MADV_RANDOM -> updateFlags(mm, start, end, (f & ~VM_SEQ_READ) | VM_RAND_READ);
            case MADV_SEQUENTIAL -> updateFlags(mm, start, end, (f & ~VM_RAND_READ) | VM_SEQ_READ);
            case MADV_DONTFORK ->
                (f & VM_IO) != 0 ? -Errno.EINVAL : updateFlags(mm, start, end, f | VM_DONTCOPY);
            case MADV_DOFORK ->
                (f & VM_IO) != 0 ? -Errno.EINVAL : updateFlags(mm, start, end, f & ~VM_DONTCOPY);
            case MADV_WIPEONFORK ->
                vma.file != null || (f & VM_SHARED) != 0
                        ? -Errno.EINVAL
                        : updateFlags(mm, start, end, f | VM_WIPEONFORK);
            case MADV_KEEPONFORK -> updateFlags(mm, start, end, f & ~VM_WIPEONFORK);
            case MADV_DONTDUMP -> updateFlags(mm, start, end, f | VM_DONTDUMP);
            case MADV_DODUMP ->
                (f & VM_SPECIAL) != 0 ? -Errno.EINVAL
                        : updateFlags(mm, start, end, f & ~VM_DONTDUMP);
            case MADV_HUGEPAGE -> updateFlags(mm, start, end, (f & ~VM_NOHUGEPAGE) | VM_HUGEPAGE);
            case MADV_NOHUGEPAGE -> updateFlags(mm, start, end, (f & ~VM_HUGEPAGE) | VM_NOHUGEPAGE);
            case MADV_MERGEABLE -> updateFlags(mm, start, end, f | VM_MERGEABLE);
            case MADV_UNMERGEABLE -> updateFlags(mm, start, end, f & ~VM_MERGEABLE);
            case MADV_WILLNEED -> willneed(vma, start, end);
            case MADV_DONTNEED, MADV_DONTNEED_LOCKED -> dontneed(vma, start, end, advice);
            case MADV_FREE -> free(vma, start, end);
            case MADV_REMOVE -> remove(vma, start, end);
            case MADV_COLD, MADV_PAGEOUT -> cold(vma, start, end);
            case MADV_GUARD_INSTALL -> guardInstall(vma, start, end);
            case MADV_GUARD_REMOVE -> guardRemove(vma, start, end);
            default -> -Errno.EINVAL;
        };
    }

    /** madvise_update_vma(): split to the range, set flags, merge. */
    private int updateFlags(Mm mm, long start, long end, long newFlags) {
        Vma vma = mm.vmas.lookup(start);
        if (vma.flags == newFlags) return 0;
        int err = core.vmaOps.isolate(mm, start, end);
        if (err != 0) return err == -Errno.ENOMEM ? -Errno.EAGAIN : err; // madvise_vma_behavior()
        List<Vma> part = mm.vmas.range(start, end);
        core.vmaOps.setFlags(part, newFlags);
        core.vmaOps.mergeNeighbours(part.get(0));
        return 0;
    }

    /** madvise_willneed(): file pages are read into the page cache, nothing is mapped. */
    private int willneed(Vma vma, long start, long end) {
        Inode inode = vma.inode();
        if (inode == null || inode.fs.shmem()) return 0;
        long last = Math.min(vma.pageIndex(end - 1) + 1, (inode.size + 4095) >>> 12);
        for (long i = vma.pageIndex(start); i < last; i++) {
            if (inode.cache.get(i) == 0 && core.memory.filemap.addToCache(inode, i, (byte) 0) < 0)
                break;
        }
        return 0;
    }

    /** madvise_dontneed_free_valid_vma() + zap_page_range_single() with PT_RECLAIM. */
    private int dontneed(Vma vma, long start, long end, int advice) {
        long forbidden = VM_PFNMAP | (advice == MADV_DONTNEED_LOCKED ? 0 : VM_LOCKED);
        if ((vma.flags & forbidden) != 0 || vma.test(VM_HUGETLB)) return -Errno.EINVAL;
        if (!core.cowPte.prepareZap(vma.mm, start, end, true)) return -Errno.ENOMEM;
        zapRange(vma, start, end, Zap.Details.MADVISE);
        return 0;
    }

    private void zapRange(Vma vma, long start, long end, Zap.Details details) {
        MmuGather tlb = new MmuGather(vma.mm, false);
        tlb.unmapsAll(start, end);
        vma.mm.updateHiwaterRss();
        core.zap.unmapSingleVma(tlb, vma, start, end, details);
        tlb.finish(core);
    }

    /** madvise_free_single_vma(): anonymous private only; pages become clean and lazy-free. */
    private int free(Vma vma, long start, long end) {
        if (!vma.isAnonymous() || vma.test(VM_SHARED) || vma.test(VM_LOCKED | VM_PFNMAP)) {
            return -Errno.EINVAL;
        }
        Mm mm = vma.mm;
        if (!core.cowPte.breakRange(mm, start, end)) return -Errno.ENOMEM; // v5 madvise_free_pte_range()
        long fs = Long.MAX_VALUE, fe = 0;
        for (long a = start; a < end; a += 4096) {
            int pt = core.pgtable.pteTable(mm, a);
            if (pt < 0) continue;
            int idx = (int) (a >>> 12) & 511;
            long e = tables.get(pt, idx);
            if (!Pte.present(e) || (e & Pte.SPECIAL) != 0) continue;
            int pfn = (int) Pte.pfn(e);
            if (core.phys.mapcount(pfn) != 1) continue; // only exclusively mapped folios
            core.phys.clear(pfn, PhysMem.F_SWAPBACKED);
            core.phys.clear(pfn, PhysMem.F_DIRTY);
            long ne = e & ~(Pte.DIRTY | Pte.ACCESSED);
            if (ne != e) {
                tables.set(pt, idx, ne);
                fs = Math.min(fs, a);
                fe = Math.max(fe, a + 4096);
            }
        }
        if (fe > 0) core.tlb.flushTlbMmRange(core.current, mm.ctx, fs, fe, 12, false);
        return 0;
    }

    /** madvise_remove(): punch a hole in the shared file (vfs_fallocate PUNCH_HOLE). */
    private int remove(Vma vma, long start, long end) {
        if ((vma.flags & (VM_LOCKED)) != 0) return -Errno.EINVAL;
        if (vma.file == null) return -Errno.EINVAL; // madvise_remove(): no file is EINVAL first
        if ((vma.flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE)) return -Errno.EACCES;
        Inode inode = vma.inode();
        // vfs_fallocate(PUNCH_HOLE): msharefs_fallocate() takes only mode 0.
        if (inode.fs == dev.ptshare.fs.FsType.MSHAREFS) return -Errno.EOPNOTSUPP;
        long from = vma.pageIndex(start), to = vma.pageIndex(end - 1) + 1;
        core.unmapMappingRange(inode, from, to, false);
        core.memory.filemap.truncate(inode, from, to);
        return 0;
    }

    /** MADV_COLD / MADV_PAGEOUT without swap: accessed bits are cleared, nothing is reclaimed. */
    private int cold(Vma vma, long start, long end) {
        if (vma.test(VM_LOCKED | VM_PFNMAP | VM_HUGETLB)) return -Errno.EINVAL;
        return 0;
    }

    /** is_valid_guard_vma() (allow_locked = false). */
    private static boolean validGuardVma(Vma vma) {
        return (vma.flags & (VM_SPECIAL | VM_HUGETLB | VM_LOCKED)) == 0;
    }

    /** madvise_guard_install(): zap what is mapped, then install PTE_MARKER_GUARD entries. */
    private int guardInstall(Vma vma, long start, long end) {
        if (!validGuardVma(vma) || vma.privateData != null) return -Errno.EINVAL;
        // 6.18: anon_vma_prepare() even on file VMAs, so that fork copies the markers
        // (vma_needs_copy sees an anon_vma). VM_MAYBE_GUARD replaced this after 6.18.
        core.vmaOps.anonVmaPrepare(vma);
        Mm mm = vma.mm;
        if (!core.cowPte.breakRange(mm, start, end)) return -Errno.ENOMEM;
        // guard_install_pte_entry(): anything but none or a guard marker needs the zap first.
        if (firstNonGuard(mm, start, end) >= 0) {
            zapRange(vma, start, end, Zap.Details.MADVISE);
            // A uffd-wp marker of a file VMA survives zap_page_range_single(): 6.18 retries
            // MAX_MADVISE_GUARD_RETRIES times and then restart_syscall()s, forever.
            long left = firstNonGuard(mm, start, end);
            if (left >= 0) throw dev.ptshare.kernel.CallError.notModelled(String.format(
                    "MADV_GUARD_INSTALL over the uffd-wp marker at 0x%x, which 6.18 restarts "
                            + "forever,",
                    left));
        }
        long guard = Pte.makeMarker(Pte.MARKER_GUARD);
        for (long a = start; a < end; a += 4096) {
            int pt = core.pgtable.pteAlloc(mm, a);
            if (pt < 0) return -Errno.ENOMEM;
            tables.set(pt, (int) (a >>> 12) & 511, guard); // guard_install_set_pte()
        }
        return 0;
    }

    /** The first address of [start, end) whose entry is neither none nor a guard marker, or -1. */
    private long firstNonGuard(Mm mm, long start, long end) {
        long guard = Pte.makeMarker(Pte.MARKER_GUARD);
        for (long a = start; a < end; a += 4096) {
            int pt = core.pgtable.pteTable(mm, a);
            if (pt < 0) continue;
            long e = tables.get(pt, (int) (a >>> 12) & 511);
            if (e != 0 && e != guard) return a;
        }
        return -1;
    }

    /** madvise_guard_remove(): clear guard markers only; other entries stay as they are. */
    private int guardRemove(Vma vma, long start, long end) {
        if ((vma.flags & (VM_SPECIAL | VM_HUGETLB)) != 0) return -Errno.EINVAL;
        Mm mm = vma.mm;
        if (!core.cowPte.breakRange(mm, start, end)) return -Errno.ENOMEM;
        for (long a = start; a < end; a += 4096) {
            int pt = core.pgtable.pteTable(mm, a);
            if (pt < 0) continue;
            int idx = (int) (a >>> 12) & 511;
            long e = tables.get(pt, idx);
            if (Pte.marker(e) && (e & Pte.MARKER_GUARD) != 0) {
                long rest = e & ~(Pte.MARKER_GUARD | Pte.SWP_MARKER);
                tables.set(pt, idx, rest == 0 ? 0 : Pte.makeMarker(rest));
            }
        }
        return 0;
    }
}
