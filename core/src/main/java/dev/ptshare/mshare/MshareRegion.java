package dev.ptshare.mshare;

import dev.ptshare.fs.Inode;
import dev.ptshare.fs.Vfs;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.Mm;

/**
 * struct mshare_data (mshare v3, patches 04/07/17): one msharefs file's host mm, its size (set
 * once, a multiple of 512 GiB), and its owner, the task that created the file.
 */
public final class MshareRegion implements Vfs.UnlinkGuard {
    /** mshare_align = mshare_base = P4D_SIZE (512 GiB), the start of every host mm's region. */
    public static final long ALIGN = 1L << 39;

    public final Inode inode;
    public final Mm host;
    public long size;
    public boolean initialized;
    /** HAS_OWNER: cleared when the owner task exits (exit_mshare). */
    public boolean hasOwner = true;
    public final Task owner;
    /** What eviction does: mmput() of the host mm. */
    Runnable onEvict = () -> {};

    MshareRegion(Inode inode, Mm host, Task owner) {
        this.inode = inode;
        this.host = host;
        this.owner = owner;
    }

    public long start() {
        return ALIGN;
    }

    public long end() {
        return ALIGN + size;
    }

    @Override
    public void evicted() {
        onEvict.run();
    }
}
