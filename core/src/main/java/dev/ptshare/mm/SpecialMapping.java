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

    /**
     * handle_mm_fault() for a mapping whose faults run in another mm (MAP_SHARED_PT's
     * find_shared_vma()): VM_FAULT_* bits, or -1 for the ordinary path.
     */
    default int handleMmFault(Vma vma, long addr, int flags) {
        return -1;
    }

    /**
     * zap_page_range of [start, end) of this mapping outside munmap (MADV_DONTNEED, truncation):
     * true when the mapping did it itself, false for the ordinary zap.
     */
    default boolean zapRange(MmuGather tlb, Vma vma, long start, long end, Zap.Details details) {
        return false;
    }

    /** mremap() of this mapping: 0 to allow, or -errno. */
    default int mremap(Vma vma) {
        return 0;
    }

    /** madvise() of [start, end) of this mapping, before the advice is applied: 0 or -errno. */
    default int madvise(Vma vma, long start, long end, int advice) {
        return 0;
    }

    /** __get_user_pages() with FOLL_WRITE is about to fault in this mapping: 0 or -errno. */
    default int gupWrite(Vma vma) {
        return 0;
    }
}
