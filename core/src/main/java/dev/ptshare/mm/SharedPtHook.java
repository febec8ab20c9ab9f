package dev.ptshare.mm;

/**
 * The MAP_SHARED_PT handler do_mmap() calls when the flag is set: page-table sharing of the April
 * 2023 RFC v2 ({@code dev.ptshare.sharedpt}) or of the 2026 ptshare prototype ({@code
 * dev.ptshare.ptshare}), whichever the machine has.
 */
public interface SharedPtHook {
    /** The flag check before the address is chosen (RFC v2 2/4): 0 or -errno. */
    int check(int flags);

    /**
     * The check once the vm_flags are known, just before mmap_region() (ptshare's
     * ptshare_validate_mmap()): 0 or -errno.
     */
    default int validate(Mm mm, dev.ptshare.fs.OpenFile file, long addr, long len, int prot,
            int flags) {
        return 0;
    }

    /**
     * The flag's bits that MAP_SHARED_VALIDATE accepts (ptshare's MAP_SHARED_PT is MAP_HUGETLB's).
     */
    default int legacyFlags() {
        return 0;
    }

    /** vm_flags the new VMA carries from the start (ptshare: VM_PT_SHARED), so it never merges. */
    default long vmFlags() {
        return 0;
    }

    /**
     * After mmap_region() mapped [addr, addr + len) (RFC v2 3/4): make the new VMA a sharer when
     * it qualifies. Returns addr, or -errno.
     */
    long mapped(Mm mm, int prot, int flags, long addr, long len);
}
