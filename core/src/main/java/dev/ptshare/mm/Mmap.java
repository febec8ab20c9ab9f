package dev.ptshare.mm;

import static dev.ptshare.mm.MapFlags.*;
import static dev.ptshare.mm.VmFlags.*;

import dev.ptshare.fs.FsType;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.kernel.Errno;
import java.util.function.Supplier;

/**
 * do_mmap(), __get_unmapped_area() with x86's top-down allocator
 * (arch/x86/kernel/sys_x86_64.c) and mmap_region() (mm/mmap.c, mm/vma.c).
 */
public final class Mmap {
    /** mmap_min_addr default (CONFIG_DEFAULT_MMAP_MIN_ADDR = 65536). */
    public static final long MMAP_MIN_ADDR = 65536;

    private static final long PMD_SIZE = 1L << 21;

    private final MmCore core;

    Mmap(MmCore core) {
        this.core = core;
    }

    /** What do_mmap() returns: the address or -errno, and how much to populate. */
    public record Result(long addr, long populate) {}

    /**
     * do_mmap(). {@code file} is null for anonymous mappings; {@code shmemZeroSetup} makes the
     * shmem file of a MAP_SHARED|MAP_ANONYMOUS mapping (shmem_zero_setup()).
     */
    public Result doMmap(Mm mm, OpenFile file, long addr, long len, int prot, int flags, long pgoff,
            Supplier<OpenFile> shmemZeroSetup) {
        if (len == 0) return err(Errno.EINVAL);
        if ((flags & MAP_FIXED_NOREPLACE) != 0) flags |= MAP_FIXED;
        if ((flags & MAP_FIXED) == 0) addr = roundHintToMin(addr);
        len = (len + 4095) & ~4095L;
        if (len == 0) return err(Errno.ENOMEM);
        if (Long.compareUnsigned(pgoff + (len >>> 12), pgoff) < 0) return err(Errno.EOVERFLOW);
        if (mm.vmas.size() > VmaOps.MAX_MAP_COUNT) return err(Errno.ENOMEM);
        boolean sharedPt = (flags & MAP_SHARED_PT) != 0 && core.sharedPt != null;
        if (sharedPt) {
            int e = core.sharedPt.check(flags);
            if (e != 0) return err(-e);
        }
        // __get_unmapped_area() comes before the file and map-type checks: a length beyond
        // TASK_SIZE or no room is ENOMEM whatever else is wrong.
        long a = getUnmappedArea(mm, file, addr, len,
                file == null && (flags & MAP_TYPE) == MAP_SHARED ? 0 : pgoff, flags);
        if (Errno.isError(a)) return err((int) -a);
        if ((flags & MAP_FIXED_NOREPLACE) != 0 && !mm.vmas.range(a, a + len).isEmpty()) {
            return err(Errno.EEXIST);
        }

        long vmFlags = fromProt(prot) | calcVmFlagBits(flags) | VM_MAYREAD | VM_MAYWRITE
                | VM_MAYEXEC;
        int type = flags & MAP_TYPE;
        if (file != null) {
            // file_mmap_ok(): the end of the mapping must fit below MAX_LFS_FILESIZE.
            if (pgoff > (Long.MAX_VALUE - len) >>> 12) return err(Errno.EOVERFLOW);
            switch (type) {
                case MAP_SHARED, MAP_SHARED_VALIDATE -> {
                    if ((prot & PROT_WRITE) != 0 && !file.writable()) return err(Errno.EACCES);
                    vmFlags |= VM_SHARED | VM_MAYSHARE;
                    if (!file.writable()) vmFlags &= ~(VM_MAYWRITE | VM_SHARED);
                    if (!file.readable()) return err(Errno.EACCES);
                }
                case MAP_PRIVATE -> {
                    if (!file.readable()) return err(Errno.EACCES);
                }
                default -> {
                    return err(Errno.EINVAL);
                }
            }
            if ((vmFlags & VM_GROWSDOWN) != 0) return err(Errno.EINVAL);
            // can_mmap_file(): an anon inode file ([userfaultfd]) has no f_op->mmap.
            if (file.inode.fs == FsType.ANON_INODE) return err(Errno.ENODEV);
        } else {
            switch (type) {
                case MAP_SHARED -> {
                    if ((vmFlags & VM_GROWSDOWN) != 0) return err(Errno.EINVAL);
                    pgoff = 0;
                    vmFlags |= VM_SHARED | VM_MAYSHARE;
                }
                case MAP_PRIVATE -> pgoff = addr >>> 12;
                default -> {
                    return err(Errno.EINVAL);
                }
            }
        }
        if ((flags & MAP_NORESERVE) != 0) vmFlags |= VM_NORESERVE;

        // MAP_SHARED_VALIDATE refuses what plain MAP_SHARED would drop (no fs here has MAP_SYNC).
        int unknown = flags & ~LEGACY_MAP_MASK & ~(sharedPt ? core.sharedPt.legacyFlags() : 0);
        if (file != null && type == MAP_SHARED_VALIDATE && unknown != 0) {
            return err(Errno.EOPNOTSUPP);
        }
        if (sharedPt) {
            int e = core.sharedPt.validate(mm, file, a, len, prot, flags);
            if (e != 0) return err(-e);
            vmFlags |= core.sharedPt.vmFlags();
        }
        if (file == null && type != MAP_PRIVATE) {
            file = shmemZeroSetup.get();
        } else if (file == null) {
            pgoff = a >>> 12;
        }
        long r = mmapRegion(mm, file, a, len, vmFlags, pgoff);
        if (Errno.isError(r)) return err((int) -r);
        if (sharedPt) {
            r = core.sharedPt.mapped(mm, prot, flags, r, len);
            if (Errno.isError(r)) return err((int) -r);
        }
        long populate = ((vmFlags & VM_LOCKED) != 0
                || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE) ? len : 0;
        return new Result(r, populate);
    }

    private static Result err(int errno) {
        return new Result(-errno, 0);
    }

    /** round_hint_to_min(). */
    static long roundHintToMin(long hint) {
        hint &= ~4095L;
        if (hint != 0 && hint < MMAP_MIN_ADDR) return MMAP_MIN_ADDR;
        return hint;
    }

    /** calc_vm_flag_bits(). */
    static long calcVmFlagBits(int flags) {
        long f = 0;
        if ((flags & MAP_GROWSDOWN) != 0) f |= VM_GROWSDOWN;
        if ((flags & MAP_LOCKED) != 0) f |= VM_LOCKED;
        if ((flags & MAP_STACK) != 0) f |= VM_NOHUGEPAGE;
        return f;
    }

    /** accountable_mapping(): private writable mappings are charged to overcommit (VM_ACCOUNT). */
    static boolean accountable(OpenFile file, long vmFlags) {
        if (file != null && file.inode.fs == FsType.HUGETLBFS) return false;
        return (vmFlags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
    }

    /** __get_unmapped_area(). */
    public long getUnmappedArea(Mm mm, OpenFile file, long addr, long len, long pgoff, int flags) {
        // __get_unmapped_area(): `if (len > TASK_SIZE) return -ENOMEM;` before the file's own
        // get_unmapped_area (len is unsigned).
        if (Long.compareUnsigned(len, mm.taskSize) > 0) return -Errno.ENOMEM;
        FileMmapOps ops = file == null ? null : core.fileOps.get(file.inode.fs);
        if (ops != null) {
            long a = ops.getUnmappedArea(mm, file, addr, len, pgoff, flags);
            if (a != Long.MIN_VALUE) return a;
        }
        // thp_get_unmapped_area(): anonymous private mappings of whole PMDs are PMD-aligned.
        long align = file == null && (flags & MAP_TYPE) == MAP_PRIVATE && len % PMD_SIZE == 0
                ? PMD_SIZE
                : 4096;
        return getUnmappedArea(mm, addr, len, flags, align);
    }

    /** The generic allocator with an alignment (vm_unmapped_area_info.align_mask). */
    public long getUnmappedArea(Mm mm, OpenFile file, long addr, long len, long pgoff, int flags,
            long align) {
        return getUnmappedArea(mm, addr, len, flags, align);
    }

    private long getUnmappedArea(Mm mm, long addr, long len, int flags, long align) {
        long taskSize = mm.taskSize;
        if (Long.compareUnsigned(len, taskSize) > 0) return -Errno.ENOMEM;
        if ((flags & MAP_FIXED) != 0) {
            if (addr > taskSize - len) return -Errno.ENOMEM;
            if ((addr & 4095) != 0) return -Errno.EINVAL;
            return addr;
        }
        if (addr != 0) {
            addr = (addr + 4095) & ~4095L;
            if (taskSize - len >= addr && addr >= MMAP_MIN_ADDR && fits(mm, addr, len)) return addr;
        }
        long high = mm.mmapBase;
        if (addr > mm.defaultLimit) high += taskSize - mm.defaultLimit;
        long a = topDown(mm, len, align, Math.max(4096, MMAP_MIN_ADDR), high);
        if (a >= 0) return a;
        a = bottomUp(mm, len, align, (taskSize / 3 + 4095) & ~4095L, mm.defaultLimit);
        return a >= 0 ? a : -Errno.ENOMEM;
    }

    private static boolean fits(Mm mm, long addr, long len) {
        return mm.vmas.range(addr, addr + len).isEmpty();
    }

    /** unmapped_area_topdown(): the highest gap under {@code high} that fits. */
    private static long topDown(Mm mm, long len, long align, long low, long high) {
        var vmas = mm.vmas.all();
        long gapEnd = high;
        for (int i = vmas.size() - 1; i >= -1; i--) {
            long gapStart = i >= 0 ? vmas.get(i).end : low;
            if (i >= 0 && vmas.get(i).start >= high) continue;
            long end = Math.min(gapEnd, high);
            long cand = (end - len) & ~(align - 1);
            if (end >= len && cand >= Math.max(gapStart, low)) return cand;
            if (i >= 0) gapEnd = vmas.get(i).start;
        }
        return -1;
    }

    /** unmapped_area(): the lowest gap at or above {@code low} that fits. */
    private static long bottomUp(Mm mm, long len, long align, long low, long high) {
        long gapStart = low;
        for (Vma v : mm.vmas.all()) {
            if (v.end <= low) continue;
            long cand = (Math.max(gapStart, low) + align - 1) & ~(align - 1);
            if (cand + len <= v.start && cand + len <= high) return cand;
            gapStart = Math.max(gapStart, v.end);
        }
        long cand = (gapStart + align - 1) & ~(align - 1);
        return cand + len <= high ? cand : -1;
    }

    /** mmap_region(): replace what is there (MAP_FIXED), merge or insert the new VMA. */
    public long mmapRegion(Mm mm, OpenFile file, long addr, long len, long vmFlags, long pgoff) {
        long end = addr + len;
        if (!mm.vmas.range(addr, end).isEmpty()) {
            int err = core.munmap.doMunmap(mm, addr, len);
            if (err != 0) return err;
        }
        if (accountable(file, vmFlags)) vmFlags |= VM_ACCOUNT;
        vmFlags |= VM_SOFTDIRTY;
        Vma vma = new Vma(mm, addr, end, vmFlags, pgoff, file);
        FileMmapOps ops = file == null ? null : core.fileOps.get(file.inode.fs);
        if (ops != null) {
            int err = ops.mmap(vma);
            if (err != 0) return err;
        }
        core.vmaOps.link(vma);
        if ((vmFlags & VM_LOCKED) != 0) mm.lockedVm += len >>> 12;
        core.vmaOps.mergeNeighbours(vma);
        mm.updateHiwaterVm();
        return addr;
    }
}
