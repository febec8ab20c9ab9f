package dev.ptshare.kernel;

import dev.ptshare.fs.OpenFile;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mmap;

/**
 * Memory system calls: ksys_mmap_pgoff() and x86's sys_mmap() checks, then mm/ for the work.
 * Each returns the syscall value or -errno. The caller must have entered the task on its CPU.
 */
public final class MemCalls {
    private final Kernel k;

    MemCalls(Kernel k) {
        this.k = k;
    }

    public long mmap(Task t, long addr, long len, int prot, int flags, long fd, long off) {
        k.enter(t);
        if ((off & 4095) != 0) return -Errno.EINVAL; // arch/x86/kernel/sys_x86_64.c
        OpenFile file = null;
        if ((flags & MapFlags.MAP_ANONYMOUS) == 0) {
            file = k.files.file(t, fd);
            if (file == null) return -Errno.EBADF;
            if ((flags & MapFlags.MAP_HUGETLB) != 0
                    && file.inode.fs != dev.ptshare.fs.FsType.HUGETLBFS) {
                return -Errno.EINVAL;
            }
        } else if ((flags & MapFlags.MAP_HUGETLB) != 0) {
            long ps = FileCalls.hugePageSize(flags);
            if (ps < 0) return -Errno.EINVAL;
            len = (len + ps - 1) & ~(ps - 1);
            file = new OpenFile(k.files.hugetlbFile("/anon_hugepage", ps, len), OpenFile.O_RDWR);
            flags &= ~MapFlags.MAP_ANONYMOUS;
            off = 0;
        }
        if (file != null && file.inode.fs == dev.ptshare.fs.FsType.HUGETLBFS) {
            long ps = file.inode.pageSize;
            len = (len + ps - 1) & ~(ps - 1);
        }
        final long size = len;
        Mmap.Result r = k.mm.mmap.doMmap(t.mm, file, addr, len, prot, flags, off >>> 12,
                () -> k.files.shmemZeroSetup((size + 4095) & ~4095L));
        if (r.addr() >= 0 && r.populate() > 0) k.mm.gup.mmPopulate(t.mm, r.addr(), r.populate(), t);
        return r.addr();
    }

    public long munmap(Task t, long addr, long len) {
        k.enter(t);
        return k.mm.munmap.sysMunmap(t.mm, addr, len);
    }

    public long mprotect(Task t, long addr, long len, int prot) {
        k.enter(t);
        return k.mm.mprotect.doMprotect(t.mm, addr, len, prot);
    }

    public long madvise(Task t, long addr, long len, int advice) {
        k.enter(t);
        return k.mm.madvise.doMadvise(t.mm, addr, len, advice, t);
    }

    public long mremap(Task t, long addr, long oldLen, long newLen, int flags, long newAddr) {
        k.enter(t);
        return k.mm.mremap.mremap(t.mm, addr, oldLen, newLen, flags, newAddr, t);
    }
}
