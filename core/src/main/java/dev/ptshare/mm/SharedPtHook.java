package dev.ptshare.mm;

/**
 * The MAP_SHARED_PT handler do_mmap() calls when the flag is set (page-table sharing of the
 * April 2023 RFC v2, registered by {@code dev.ptshare.sharedpt}).
 */
public interface SharedPtHook {
    /** The flag check before the address is chosen (RFC v2 2/4): 0 or -errno. */
    int check(int flags);

    /**
     * After mmap_region() mapped [addr, addr + len) (RFC v2 3/4): make the new VMA a sharer when
     * it qualifies. Returns addr, or -errno.
     */
    long mapped(Mm mm, int prot, int flags, long addr, long len);
}
