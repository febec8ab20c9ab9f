package dev.ptshare.fs;

import it.unimi.dsi.fastutil.ints.Int2ObjectAVLTreeMap;

/** A files_struct: descriptors by number, lowest free number first (fs/file.c alloc_fd). */
public final class FdTable {
    private final Int2ObjectAVLTreeMap<OpenFile> fds = new Int2ObjectAVLTreeMap<>();

    public int install(OpenFile f) {
        int fd = 0;
        while (fds.containsKey(fd)) fd++;
        fds.put(fd, f);
        return fd;
    }

    public OpenFile get(int fd) {
        return fds.get(fd);
    }

    public OpenFile remove(int fd) {
        return fds.remove(fd);
    }

    public Iterable<OpenFile> all() {
        return fds.values();
    }

    /** dup_fd() at fork: the child shares the open file descriptions. */
    public FdTable copy() {
        FdTable t = new FdTable();
        t.fds.putAll(fds);
        return t;
    }

    public int size() {
        return fds.size();
    }
}
