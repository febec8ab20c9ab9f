package dev.ptshare.fs;

import dev.ptshare.mm.Vma;
import java.util.ArrayList;
import java.util.List;

/** An inode with its page cache and i_mmap (the VMAs mapping it, for rmap walks). */
public final class Inode {
    public final long ino;
    public final FsType fs;
    public final boolean directory;
    public int mode;
    public long size;
    public int nlink = 1;
    /** Path as /proc/PID/maps prints it (d_path), including " (deleted)" once unlinked. */
    public String path;
    public boolean unlinked;
    /** Page size of the file's pages: 4 KiB, or the hugetlbfs page size. */
    public long pageSize = 4096;
    public final PageCache cache = new PageCache();
    /** hugetlbfs: file indices reserved for shared mappings but not yet faulted (resv_map). */
    public java.util.BitSet hugetlbReserved;
    public final List<Vma> iMmap = new ArrayList<>();
    /** Filesystem-private data (msharefs region, ...). */
    public Object privateData;
    /** Open file descriptions + VMAs referring to this inode (for eviction). */
    public int refs;
    /** Called by {@link #put} when the last reference to an unlinked inode goes (iput → evict). */
    public java.util.function.Consumer<Inode> evict;

    public void get() {
        refs++;
    }

    /** iput(): drops a reference; an unlinked inode with none left is evicted. */
    public void put() {
        if (--refs == 0 && nlink == 0 && evict != null) evict.accept(this);
    }

    public Inode(long ino, FsType fs, boolean directory, int mode, String path) {
        this.ino = ino;
        this.fs = fs;
        this.directory = directory;
        this.mode = mode;
        this.path = path;
    }

    public String mapsPath() {
        return unlinked ? path + " (deleted)" : path;
    }
}
