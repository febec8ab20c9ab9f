package dev.ptshare.fs;

import dev.ptshare.kernel.Errno;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The namespace: mounts, dentries by absolute path, and inode creation (fs/namei.c,
 * fs/namespace.c reduced to what the model needs). "/" is a disk filesystem, "/dev/shm" a
 * tmpfs, "/sys" a sysfs and "/proc" a procfs in which nothing can be created, and
 * "/sys/fs/mshare" an empty mount point, as on a booted system.
 */
public final class Vfs {
    private final TreeMap<String, FsType> mounts = new TreeMap<>();
    private final Map<String, Inode> dentries = new HashMap<>();
    private final Map<String, Long> mountPageSize = new HashMap<>();
    /** Told about each new mount (msharefs creates its mshare_info file). */
    public MountHook mountHook;

    /** Called after a successful mount. */
    public interface MountHook {
        void mounted(FsType fs, String path);
    }

    /** The mount point that contains {@code path}. */
    public String mountOf(String path) {
        String best = "/";
        for (String m : mounts.keySet()) {
            if ((path.equals(m) || path.startsWith(m.endsWith("/") ? m : m + "/"))
                    && m.length() > best.length())
                best = m;
        }
        return best;
    }

    private final Filemap filemap;
    private long nextIno = 2;

    public Vfs(Filemap filemap) {
        this.filemap = filemap;
        mounts.put("/", FsType.DISK);
        mounts.put("/dev/shm", FsType.TMPFS);
        mounts.put("/sys", FsType.SYSFS);
        mounts.put("/proc", FsType.PROC);
        for (String d : new String[] { "/", "/dev", "/dev/shm", "/sys", "/sys/fs", "/sys/fs/mshare",
                "/tmp", "/proc", "/mnt" }) {
            dentries.put(d, new Inode(nextIno++, fsOf(d), true, 0755, d));
        }
    }

    /** Normalizes a path: absolute, no "." or "..", no trailing slash. */
    public static String normalize(String path) {
        String[] parts = path.split("/");
        StringBuilder b = new StringBuilder();
        java.util.ArrayDeque<String> st = new java.util.ArrayDeque<>();
        for (String p : parts) {
            if (p.isEmpty() || p.equals(".")) continue;
            if (p.equals("..")) {
                st.pollLast();
                continue;
            }
            st.addLast(p);
        }
        for (String p : st) b.append('/').append(p);
        return b.length() == 0 ? "/" : b.toString();
    }

    private static String parent(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }

    /** The filesystem type of the mount that contains {@code path}. */
    public FsType fsOf(String path) {
        String best = "/";
        for (String m : mounts.keySet()) {
            if ((path.equals(m) || path.startsWith(m.endsWith("/") ? m : m + "/"))
                    && m.length() > best.length())
                best = m;
        }
        return mounts.get(best);
    }

    public Inode lookup(String path) {
        return dentries.get(normalize(path));
    }

    /** mount(2): 0 or -errno. */
    public int mount(String type, String path) {
        return mount(type, path, 2L << 20);
    }

    /** mount(2) with the hugetlbfs page size ({@code pagesize=2M|1G}). */
    public int mount(String type, String path, long hugePageSize) {
        path = normalize(path);
        Inode dir = dentries.get(path);
        if (dir == null) return -Errno.ENOENT;
        if (!dir.directory) return -Errno.ENOTDIR;
        FsType fs = switch (type) {
            case "tmpfs" -> FsType.TMPFS;
            case "hugetlbfs" -> FsType.HUGETLBFS;
            case "msharefs" -> FsType.MSHAREFS;
            default -> null;
        };
        if (fs == null) return -Errno.ENODEV;
        if (mounts.get(path) == fs) return -Errno.EBUSY;
        mounts.put(path, fs);
        // The new mount covers what was below its mount point (open files keep their inodes).
        String mnt = path, under = path.equals("/") ? "/" : path + "/";
        dentries.keySet().removeIf(d -> d.startsWith(under) && !d.equals(mnt));
        if (fs == FsType.HUGETLBFS) mountPageSize.put(path, hugePageSize);
        if (mountHook != null) mountHook.mounted(fs, path);
        return 0;
    }

    /**
     * Whether {@code path}'s filesystem can create a file there: sysfs (kernfs) and procfs
     * directories have no {@code ->create}, so open(O_CREAT) fails with EACCES
     * (fs/namei.c lookup_open()) and mkdir with EPERM (vfs_mkdir(), kernfs_iop_mkdir()).
     */
    public boolean canCreate(String path) {
        path = normalize(path);
        Inode dir = dentries.get(parent(path));
        if (dir == null || !dir.directory) return true; // the path walk fails first: ENOENT
        FsType fs = fsOf(path);
        return fs != FsType.SYSFS && fs != FsType.PROC;
    }

    /** Creates a regular file or directory at {@code path}; null if its parent is missing. */
    public Inode create(String path, boolean directory, int mode) {
        path = normalize(path);
        Inode p = dentries.get(parent(path));
        if (p == null || !p.directory) return null;
        Inode i = newInode(fsOf(path), directory, mode, path);
        if (i.fs == FsType.HUGETLBFS) i.pageSize = mountPageSize.get(mountOf(path));
        i.nlink = directory ? 2 : 1;
        dentries.put(path, i);
        return i;
    }

    /** An inode with no name (shmem_file_setup, memfd): evicted when its last user goes. */
    public Inode anonymous(FsType fs, String mapsName, long size) {
        Inode i = newInode(fs, false, 0600, mapsName);
        i.nlink = 0;
        i.unlinked = true;
        i.size = size;
        return i;
    }

    private Inode newInode(FsType fs, boolean directory, int mode, String path) {
        Inode i = new Inode(nextIno++, fs, directory, mode, path);
        i.evict = this::evict;
        return i;
    }

    /** unlink(2). */
    public int unlink(String path) {
        path = normalize(path);
        Inode i = dentries.get(path);
        if (i == null) return -Errno.ENOENT;
        if (i.directory) return -Errno.EISDIR;
        if (i.privateData instanceof UnlinkGuard g && g.refuseUnlink()) return -Errno.EPERM;
        dentries.remove(path);
        i.nlink--;
        i.unlinked = true;
        if (i.nlink == 0 && i.refs == 0) evict(i);
        return 0;
    }

    public int mkdir(String path, int mode) {
        path = normalize(path);
        if (dentries.containsKey(path)) return -Errno.EEXIST;
        if (!canCreate(path)) return -Errno.EPERM;
        return create(path, true, mode) == null ? -Errno.ENOENT : 0;
    }

    /** evict(): the page cache goes with the inode (truncate_inode_pages_final). */
    private void evict(Inode i) {
        filemap.truncate(i, 0, i.cache.limit());
        if (i.privateData instanceof UnlinkGuard g) g.evicted();
    }

    /** Files that veto unlink or need to know when they are evicted (mshare_info, regions). */
    public interface UnlinkGuard {
        default boolean refuseUnlink() {
            return false;
        }

        default void evicted() {}
    }
}
