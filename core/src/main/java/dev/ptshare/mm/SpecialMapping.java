package dev.ptshare.mm;

/**
 * The vm_operations_struct hooks a special mapping (mshare, MAP_SHARED_PT, hugetlb) overrides.
 * Each returns 0 to allow, or a negative errno to refuse, as the kernel's hooks do.
 */
public interface SpecialMapping {
    /** vm_ops->may_split(). */
    default int maySplit(Vma vma, long addr) {
        return 0;
    }

    /**
     * unmap_page_range() for this mapping (mshare's hook unlinks instead of zapping); the
     * default zaps as for any mapping.
     */
    void unmapPageRange(MmuGather tlb, Vma vma);

    /** vm_ops->close(): the VMA is gone. */
    default void close(Vma vma) {}

    /** vm_ops->mprotect(). */
    default int mprotect(Vma vma, long start, long end, long newFlags) {
        return 0;
    }
}
