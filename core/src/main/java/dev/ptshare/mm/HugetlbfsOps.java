package dev.ptshare.mm;

import dev.ptshare.fs.OpenFile;
import dev.ptshare.kernel.Errno;

/**
 * hugetlbfs file operations (fs/hugetlbfs/inode.c): hugetlb_get_unmapped_area() aligns to the
 * huge page size, hugetlbfs_file_mmap() marks the VMA VM_HUGETLB|VM_DONTEXPAND and reserves
 * the pages (hugetlb_reserve_pages()), failing with ENOMEM when the pool cannot promise them.
 */
final class HugetlbfsOps implements FileMmapOps {
    private final MmCore core;

    HugetlbfsOps(MmCore core) {
        this.core = core;
    }

    @Override
    public long getUnmappedArea(Mm mm, OpenFile file, long addr, long len, long pgoff, int flags) {
        long hsize = file.inode.pageSize;
        if ((len & (hsize - 1)) != 0) return -Errno.EINVAL;
        if ((flags & MapFlags.MAP_FIXED) != 0) {
            if ((addr & (hsize - 1)) != 0) return -Errno.EINVAL; // prepare_hugepage_range()
            return core.mmap.getUnmappedArea(mm, null, addr, len, pgoff, flags, 4096);
        }
        if (addr != 0) addr = (addr + hsize - 1) & ~(hsize - 1);
        return core.mmap.getUnmappedArea(mm, null, addr, len, pgoff,
                flags & ~MapFlags.MAP_TYPE | MapFlags.MAP_SHARED, hsize);
    }

    @Override
    public int mmap(Vma vma) {
        long hsize = vma.inode().pageSize;
        if (((vma.pgoff << 12) & (hsize - 1)) != 0) return -Errno.EINVAL;
        vma.flags |= VmFlags.VM_HUGETLB | VmFlags.VM_DONTEXPAND;
        return core.hugetlb.reservePages(vma);
    }
}
