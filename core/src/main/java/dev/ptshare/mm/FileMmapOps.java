package dev.ptshare.mm;

import dev.ptshare.fs.OpenFile;

/** The file_operations hooks of mmap: get_unmapped_area and mmap (hugetlbfs, msharefs). */
public interface FileMmapOps {
    /** f_op->get_unmapped_area(); {@link Long#MIN_VALUE} means the default allocator. */
    default long getUnmappedArea(Mm mm, OpenFile file, long addr, long len, long pgoff, int flags) {
        return Long.MIN_VALUE;
    }

    /** f_op->mmap(): may adjust the new VMA before it is linked; 0 or -errno. */
    default int mmap(Vma vma) {
        return 0;
    }
}
