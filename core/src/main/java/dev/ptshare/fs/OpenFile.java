package dev.ptshare.fs;

/** An open file description (struct file): the inode and the open flags. */
public final class OpenFile {
    public static final int O_ACCMODE = 3, O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2;

    public final Inode inode;
    public final int flags;
    /** struct file_ra_state f_ra: the current readahead window (pages). */
    long raStart, raSize, raAsync;

    public OpenFile(Inode inode, int flags) {
        this.inode = inode;
        this.flags = flags;
    }

    public boolean readable() {
        int acc = flags & O_ACCMODE;
        return acc == O_RDONLY || acc == O_RDWR;
    }

    public boolean writable() {
        int acc = flags & O_ACCMODE;
        return acc == O_WRONLY || acc == O_RDWR;
    }
}
