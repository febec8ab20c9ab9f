package dev.ptshare.mshare;

import dev.ptshare.fs.FsType;
import dev.ptshare.fs.Inode;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.fs.Vfs;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.FileCalls;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.FileMmapOps;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.Mutant;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * msharefs as the v3 series posts it (mm/mshare.c, patches 01-22): mshare_info, region files
 * with a host mm each, one-time sizing, the MSHAREFS_CREATE_MAPPING / MSHAREFS_UNMAP ioctls,
 * mmap of a region (whole region, 512 GiB aligned, MAP_SHARED), owner exit (exit_mshare), and
 * the MMU notifier that turns every host page-table change into flush_tlb_all().
 *
 * <p>{@code fixed} applies the evident fixes to the defects of the posted code (spec 2.12):
 * size 0 rejected, ioctls only by the owner's process, and objects whose protection exceeds
 * what the opener may map refused.
 */
public final class Msharefs implements FileCalls.FsOps, FileMmapOps, Vfs.MountHook {
    public static final String INFO = "mshare_info";
    private static final Object INFO_FILE = new Vfs.UnlinkGuard() {
        @Override
        public boolean refuseUnlink() {
            return true;
        }
    };

    private final Kernel k;
    private final boolean fixed;
    final List<MshareRegion> regions = new ArrayList<>();

    private Msharefs(Kernel k, boolean fixed) {
        this.k = k;
        this.fixed = fixed;
    }

    /** Registers msharefs with the kernel's VFS, mmap and exit paths. */
    public static Msharefs install(Kernel k, boolean fixed) {
        Msharefs fs = new Msharefs(k, fixed);
        k.files.fsOps.put(FsType.MSHAREFS, fs);
        k.mm.fileOps.put(FsType.MSHAREFS, fs);
        k.vfs.mountHook = fs;
        k.processes.exitHooks.add(fs::exitMshare);
        return fs;
    }

    @Override
    public void mounted(FsType type, String path) {
        if (type != FsType.MSHAREFS) return;
        Inode info = k.vfs.create(path + "/" + INFO, false, 0444);
        info.privateData = INFO_FILE;
        info.size = Long.toString(MshareRegion.ALIGN).length() + 1;
    }

    @Override
    public String read(Inode inode) {
        return inode.privateData == INFO_FILE ? MshareRegion.ALIGN + "\n" : null;
    }

    /** msharefs_create(): every regular file is a region with a fresh host mm (V3-04/07/17). */
    @Override
    public long created(Task t, Inode inode) {
        Mm host = k.mm.mmAlloc();
        if (host == null) return -Errno.ENOMEM;
        host.mmapBase = MshareRegion.ALIGN;
        // V3-08: the host mm's MMU notifier does flush_tlb_all() on every invalidation.
        host.invalidateHook = () -> {
            if (k.mm.mutant(Mutant.MSHARE_LOCAL_FLUSH))
                k.tlb.flushTlbMmRange(k.mm.current, host.ctx, 0,
                        dev.ptshare.arch.TlbFlush.FLUSH_ALL, 12, false);
            else
                k.tlb.flushTlbAll(k.mm.current);
        };
        k.mm.extraMms.add(host);
        MshareRegion r = new MshareRegion(inode, host, t);
        r.onEvict = () -> {
            regions.remove(r);
            k.mm.extraMms.remove(host);
            k.processes.exitMmap(host);
        };
        inode.privateData = r;
        regions.add(r);
        return Long.MIN_VALUE;
    }

    private static MshareRegion region(Inode i) {
        return i.privateData instanceof MshareRegion r ? r : null;
    }

    /** msharefs_set_size() through ftruncate (V3-05). */
    @Override
    public long setSize(Inode inode, long len) {
        MshareRegion r = region(inode);
        if (r == null) return -Errno.EINVAL;
        if (r.initialized) return -Errno.EINVAL;
        if (len % MshareRegion.ALIGN != 0) return -Errno.EINVAL;
        if (fixed && len == 0) return -Errno.EINVAL;
        r.size = len;
        r.initialized = true;
        inode.size = len;
        return 0;
    }

    /** msharefs_fallocate(): mode 0, offset 0, then as ftruncate. */
    @Override
    public long fallocate(Inode inode, int mode, long off, long len) {
        if (mode != 0) return -Errno.EOPNOTSUPP;
        if (off != 0) return -Errno.EINVAL;
        return setSize(inode, len);
    }

    /** msharefs_get_unmapped_area() (V3-07/18). */
    @Override
    public long getUnmappedArea(Mm mm, OpenFile file, long addr, long len, long pgoff, int flags) {
        MshareRegion r = region(file.inode);
        if (r == null) return -Errno.EINVAL;
        if ((flags & MapFlags.MAP_TYPE) == MapFlags.MAP_PRIVATE) return -Errno.EINVAL;
        if (!r.initialized || !r.hasOwner) return -Errno.EINVAL;
        if (len != r.size) return -Errno.EINVAL;
        if (len > mm.taskSize - dev.ptshare.mm.Mmap.MMAP_MIN_ADDR) return -Errno.ENOMEM;
        long align = MshareRegion.ALIGN;
        if ((flags & MapFlags.MAP_FIXED) != 0) {
            if ((addr & (align - 1)) != 0) return -Errno.EINVAL;
            return k.mm.mmap.getUnmappedArea(mm, null, addr, len, pgoff, flags, 4096);
        }
        if (addr != 0) addr = (addr + align - 1) & ~(align - 1);
        return k.mm.mmap.getUnmappedArea(mm, null, addr, len, pgoff, MapFlags.MAP_SHARED, align);
    }

    /** msharefs_mmap(): VM_MSHARE | VM_DONTEXPAND and the mshare vm_ops. */
    @Override
    public int mmap(Vma vma) {
        MshareRegion r = region(vma.inode());
        if (r == null) return -Errno.EINVAL;
        vma.flags |= VmFlags.VM_MSHARE | VmFlags.VM_DONTEXPAND;
        vma.privateData = new MshareVma(k, r);
        return 0;
    }

    /** msharefs_ioctl(): MSHAREFS_CREATE_MAPPING and MSHAREFS_UNMAP (V3-18/19). */
    @Override
    public long ioctl(Task t, OpenFile f, String cmd, Map<String, Long> a) {
        MshareRegion r = region(f.inode);
        if (r == null) return -Errno.ENOTTY;
        // V3-18: the INITIALIZED test sits inside the two known commands.
        boolean known = cmd.equals("MSHAREFS_CREATE_MAPPING") || cmd.equals("MSHAREFS_UNMAP");
        if (known && !r.initialized) return -Errno.EINVAL;
        if (fixed && r.owner.group != t.group) return -Errno.EPERM;
        if (!known) return -Errno.ENOTTY;
        return switch (cmd) {
            case "MSHAREFS_CREATE_MAPPING" -> createMapping(t, f, r, a);
            case "MSHAREFS_UNMAP" -> unmap(r, a);
            default -> -Errno.ENOTTY;
        };
    }

    private static long arg(Map<String, Long> a, String key) {
        return a.getOrDefault(key, 0L);
    }

    private long createMapping(Task t, OpenFile regionFile, MshareRegion r, Map<String, Long> a) {
        long haddr = r.start() + arg(a, "region_offset");
        long size = arg(a, "size");
        int prot = (int) arg(a, "prot");
        int flags = (int) arg(a, "flags");
        long fd = arg(a, "fd") & 0xffffffffL;
        if (haddr < r.start() || haddr >= r.end()) return -Errno.EINVAL;
        if ((flags & (MapFlags.MAP_SHARED | MapFlags.MAP_FIXED))
                != (MapFlags.MAP_SHARED | MapFlags.MAP_FIXED)) {
            return -Errno.EINVAL;
        }
        OpenFile file = null;
        if ((flags & MapFlags.MAP_ANONYMOUS) != 0) {
            if ((flags & MapFlags.MAP_HUGETLB) != 0) {
                long ps = FileCalls.hugePageSize(flags);
                if (ps < 0) return -Errno.EINVAL;
                size = (size + ps - 1) & ~(ps - 1);
                file = new OpenFile(k.files.hugetlbFile("/anon_hugepage", ps, size),
                        OpenFile.O_RDWR);
                flags &= ~MapFlags.MAP_ANONYMOUS;
            }
        } else {
            file = t.files.get((int) fd);
            if (fd > Integer.MAX_VALUE || file == null) return -Errno.EBADF;
            if (file.inode.fs == FsType.HUGETLBFS) {
                size = (size + file.inode.pageSize - 1) & ~(file.inode.pageSize - 1);
            } else if ((flags & MapFlags.MAP_HUGETLB) != 0 || file.inode.fs == FsType.MSHAREFS) {
                return -Errno.EINVAL;
            }
        }
        if (haddr + size > r.end()) return -Errno.EINVAL;
        if (fixed && (prot & MapFlags.PROT_WRITE) != 0 && !regionFile.writable())
            return -Errno.EACCES;
        final long len = size;
        k.mm.current = k.cpus[t.cpu];
        var res = k.mm.mmap.doMmap(r.host, file, haddr, size, prot, flags, arg(a, "offset") >>> 12,
                () -> k.files.shmemZeroSetup((len + 4095) & ~4095L));
        return res.addr() < 0 ? res.addr() : 0;
    }

    private long unmap(MshareRegion r, Map<String, Long> a) {
        long off = arg(a, "region_offset"), size = arg(a, "size");
        long haddr = r.start() + off;
        if (size > r.size || off >= r.size || haddr + size > r.end()) return -Errno.EINVAL;
        return k.mm.munmap.sysMunmap(r.host, haddr, size);
    }

    /** exit_mshare(): regions owned by the exiting task lose their owner and all objects. */
    void exitMshare(Task t) {
        for (MshareRegion r : new ArrayList<>(regions)) {
            if (r.owner != t || !r.hasOwner) continue;
            r.hasOwner = false;
            k.mm.current = k.cpus[t.cpu];
            if (r.size > 0) k.mm.munmap.doMunmap(r.host, r.start(), r.size);
        }
    }
}
