package dev.ptshare.kernel;

import dev.ptshare.fs.FsType;
import dev.ptshare.fs.Inode;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.fs.Vfs;
import java.nio.charset.StandardCharsets;

/** File system calls (fs/open.c, fs/namei.c, mm/memfd.c, mm/shmem.c). Return value or -errno. */
public final class FileCalls {
    // include/uapi/asm-generic/fcntl.h
    public static final int O_CREAT = 0100, O_EXCL = 0200, O_TRUNC = 01000, O_DIRECTORY = 0200000;
    public static final int FALLOC_FL_KEEP_SIZE = 1, FALLOC_FL_PUNCH_HOLE = 2;
    public static final int MFD_HUGETLB = 4;

    private final Kernel k;
    /** Per-filesystem behaviour that differs from a plain file (msharefs, hugetlbfs). */
    public final java.util.Map<FsType, FsOps> fsOps = new java.util.EnumMap<>(FsType.class);

    FileCalls(Kernel k) {
        this.k = k;
    }

    /** Filesystem hooks; each returns Long.MIN_VALUE to mean "do the default". */
    public interface FsOps {
        default long created(Task t, Inode inode) {
            return Long.MIN_VALUE;
        }

        default long setSize(Inode inode, long size) {
            return Long.MIN_VALUE;
        }

        default long fallocate(Inode inode, int mode, long off, long len) {
            return Long.MIN_VALUE;
        }

        default String read(Inode inode) {
            return null;
        }

        /** ioctl(2) on a file of this filesystem; ENOTTY by default. */
        default long ioctl(Task t, OpenFile f, String cmd, java.util.Map<String, Long> args) {
            return -Errno.ENOTTY;
        }
    }

    private FsOps ops(Inode i) {
        return fsOps.get(i.fs);
    }

    public long open(Task t, String path, int flags, int mode) {
        Inode i = k.vfs.lookup(path);
        boolean created = i == null;
        if (i == null) {
            if ((flags & O_CREAT) == 0) return -Errno.ENOENT;
            if (!k.vfs.canCreate(path)) return -Errno.EACCES;
            i = k.vfs.create(path, false, mode);
            if (i == null) return -Errno.ENOENT;
            FsOps ops = ops(i);
            if (ops != null) {
                long r = ops.created(t, i);
                if (r != Long.MIN_VALUE && r < 0) return r;
            }
        } else {
            if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL)) return -Errno.EEXIST;
            if (i.directory && (flags & OpenFile.O_ACCMODE) != OpenFile.O_RDONLY)
                return -Errno.EISDIR;
            if ((flags & O_DIRECTORY) != 0 && !i.directory) return -Errno.ENOTDIR;
        }
        OpenFile f = new OpenFile(i, flags);
        if ((flags & O_TRUNC) != 0 && f.writable() && !i.directory && !created) {
            long r = setSize(i, 0);
            if (r < 0) return r;
        }
        i.get();
        return t.files.install(f);
    }

    public long close(Task t, int fd) {
        OpenFile f = t.files.remove(fd);
        if (f == null) return -Errno.EBADF;
        f.inode.put();
        return 0;
    }

    OpenFile file(Task t, long fd) {
        return fd < 0 || fd > Integer.MAX_VALUE ? null : t.files.get((int) fd);
    }

    public long ftruncate(Task t, long fd, long len) {
        OpenFile f = file(t, fd);
        if (f == null) return -Errno.EBADF;
        if (len < 0) return -Errno.EINVAL;
        if (f.inode.directory || !f.writable()) return -Errno.EINVAL;
        return setSize(f.inode, len);
    }

    /** do_truncate() → setattr: shrinking unmaps and drops the pages beyond the new end. */
    long setSize(Inode i, long len) {
        if (i.fs == FsType.HUGETLBFS) {
            if ((len & (i.pageSize - 1)) != 0) return -Errno.EINVAL; // hugetlbfs_setattr()
            if (len < i.size) {
                long from = len / i.pageSize, to = (i.size + i.pageSize - 1) / i.pageSize;
                long pagesPer = i.pageSize >>> 12;
                k.mm.unmapMappingRange(i, from * pagesPer, to * pagesPer, true);
                k.mm.memory.filemap.truncate(i, from, to);
                k.mm.hugetlb.unreserveInode(i, from);
            }
            i.size = len;
            return 0;
        }
        FsOps ops = ops(i);
        if (ops != null) {
            long r = ops.setSize(i, len);
            if (r != Long.MIN_VALUE) return r;
        }
        if (len < i.size) {
            long from = (len + 4095) >>> 12;
            long to = (i.size + 4095) >>> 12;
            k.mm.unmapMappingRange(i, from, to, true); // truncate_pagecache(): even_cows
            k.mm.memory.filemap.truncate(i, from, to);
        }
        i.size = len;
        return 0;
    }

    public long fallocate(Task t, long fd, int mode, long off, long len) {
        OpenFile f = file(t, fd);
        if (f == null) return -Errno.EBADF;
        if (off < 0 || len <= 0) return -Errno.EINVAL;
        if (!f.writable()) return -Errno.EBADF;
        Inode i = f.inode;
        FsOps ops = ops(i);
        if (ops != null) {
            long r = ops.fallocate(i, mode, off, len);
            if (r != Long.MIN_VALUE) return r;
        }
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
            if ((mode & FALLOC_FL_KEEP_SIZE) == 0) return -Errno.EOPNOTSUPP;
            long from = (off + 4095) >>> 12, to = (off + len) >>> 12;
            k.mm.unmapMappingRange(i, from, to, false);
            k.mm.memory.filemap.truncate(i, from, to);
            return 0;
        }
        if ((mode & ~FALLOC_FL_KEEP_SIZE) != 0) return -Errno.EOPNOTSUPP;
        if (i.fs.shmem()) {
            for (long p = off >>> 12; p < (off + len + 4095) >>> 12; p++) {
                // shmem_fallocate(): "If !uptodate, leave it that way" until the first fault.
                if (i.cache.get(p) == 0 && k.mm.memory.filemap.addToCache(i, p,
                        (byte) (dev.ptshare.phys.PhysMem.F_SWAPBACKED
                                | dev.ptshare.phys.PhysMem.F_NOT_UPTODATE))
                        < 0) {
                    return -Errno.ENOSPC;
                }
            }
        }
        if ((mode & FALLOC_FL_KEEP_SIZE) == 0 && off + len > i.size) i.size = off + len;
        return 0;
    }

    /** ioctl(2): the filesystem of the file decides. */
    public long ioctl(Task t, long fd, String cmd, java.util.Map<String, Long> args) {
        OpenFile f = file(t, fd);
        if (f == null) return -Errno.EBADF;
        FsOps ops = ops(f.inode);
        return ops == null ? -Errno.ENOTTY : ops.ioctl(t, f, cmd, args);
    }

    public long unlink(String path) {
        return k.vfs.unlink(path);
    }

    public long mkdir(String path, int mode) {
        return k.vfs.mkdir(path, mode);
    }

    /** mount(2); {@code hugePageSize} is hugetlbfs' pagesize= option (2 MiB or 1 GiB). */
    public long mount(String type, String path, long hugePageSize) {
        if (hugePageSize != (2L << 20) && hugePageSize != (1L << 30)) return -Errno.EINVAL;
        return k.vfs.mount(type, path, hugePageSize);
    }

    /** The huge page size MAP_HUGE_* / MFD_HUGE_* bits ask for (0 = default 2 MiB), or -1. */
    public static long hugePageSize(int flags) {
        int log = (flags >>> 26) & 0x3f;
        return switch (log) {
            case 0, 21 -> 2L << 20;
            case 30 -> 1L << 30;
            default -> -1;
        };
    }

    /** hugetlb_file_setup(): the unlinked hugetlbfs file of MAP_HUGETLB and MFD_HUGETLB. */
    public Inode hugetlbFile(String name, long pageSize, long size) {
        Inode i = k.vfs.anonymous(FsType.HUGETLBFS, name, size);
        i.pageSize = pageSize;
        return i;
    }

    /** memfd_create(): an unlinked shmem file, open read-write. */
    public long memfdCreate(Task t, String name, int flags) {
        Inode i;
        if ((flags & MFD_HUGETLB) != 0) {
            long ps = hugePageSize(flags);
            if (ps < 0) return -Errno.EINVAL;
            i = hugetlbFile("/memfd:" + name, ps, 0);
        } else {
            if ((flags >>> 26) != 0) return -Errno.EINVAL;
            i = k.vfs.anonymous(FsType.SHM_INTERNAL, "/memfd:" + name, 0);
        }
        i.get();
        return t.files.install(new OpenFile(i, OpenFile.O_RDWR));
    }

    /** shmem_zero_setup(): the file behind a MAP_SHARED|MAP_ANONYMOUS mapping. */
    public OpenFile shmemZeroSetup(long size) {
        Inode i = k.vfs.anonymous(FsType.SHM_INTERNAL, "/dev/zero", size);
        return new OpenFile(i, OpenFile.O_RDWR);
    }

    /** read PATH: the file's text (what cat would print). */
    public String read(String path) {
        Inode i = k.vfs.lookup(Vfs.normalize(path));
        if (i == null) return null;
        FsOps ops = ops(i);
        if (ops != null) {
            String s = ops.read(i);
            if (s != null) return s;
        }
        StringBuilder b = new StringBuilder();
        for (long off = 0; off < i.size && off < (1 << 20); off++) {
            int pfn = i.cache.get(off >>> 12);
            int c = pfn == 0 ? 0 : k.phys.readByte(pfn, (int) (off & 4095));
            b.append((char) c);
        }
        return new String(b.toString().getBytes(StandardCharsets.ISO_8859_1),
                StandardCharsets.UTF_8);
    }
}
