package dev.ptshare.proc;

import java.util.Objects;

/**
 * One VMA as /proc/PID/maps and smaps show it (show_map_vma() and show_smap()).
 *
 * @param start       vm_start (bytes)
 * @param end         vm_end (bytes)
 * @param flags       vm_flags, with the kernel's bit positions ({@link VmFlags})
 * @param pgoff       vm_pgoff in pages; printed (as bytes) only for
 *                    {@linkplain VmaName#fileBacked()
 *                    file-backed} VMAs, else 0
 * @param devMajor    MAJOR(inode->i_sb->s_dev) of the file; ignored without a file
 * @param devMinor    MINOR(inode->i_sb->s_dev); internal shmem (shared anon, memfd, SysV) is 00:01
 * @param inode       i_ino of the file; ignored without a file
 * @param name        what follows the padding
 * @param pageSize    vma_kernel_pagesize() = vma_mmu_pagesize() in bytes: 4096, or the hugetlb size
 * @param thpEligible thp_vma_allowable_orders(vma, vm_flags, TVA_SMAPS, THP_ORDERS_ALL) != 0
 */
public record VmaInfo(
        long start,
        long end,
        long flags,
        long pgoff,
        int devMajor,
        int devMinor,
        long inode,
        VmaName name,
        long pageSize,
        boolean thpEligible) {

    public VmaInfo {
        Objects.requireNonNull(name, "name");
        if (Long.compareUnsigned(start, end) > 0) {
            throw new IllegalArgumentException("start > end");
        }
    }

    /** An anonymous (file-less) VMA of 4 KiB pages. */
    public static VmaInfo anon(long start, long end, long flags, VmaName name,
            boolean thpEligible) {
        return new VmaInfo(start, end, flags, 0, 0, 0, 0, name, 4096, thpEligible);
    }

    /** A file-backed VMA of 4 KiB pages. */
    public static VmaInfo file(
            long start, long end, long flags, long pgoff, int major, int minor, long inode,
            VmaName name) {
        return new VmaInfo(start, end, flags, pgoff, major, minor, inode, name, 4096, false);
    }

    /** vm_end - vm_start in bytes. */
    public long size() {
        return end - start;
    }
}
