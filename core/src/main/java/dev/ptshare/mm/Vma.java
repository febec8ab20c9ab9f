package dev.ptshare.mm;

import dev.ptshare.fs.Inode;
import dev.ptshare.fs.OpenFile;

/** A vm_area_struct: [start, end) with flags, file and offset. Mutable, as in the kernel. */
public final class Vma {
    public final Mm mm;
    public long start;
    public long end;
    public long flags;
    /** vm_pgoff: file offset in pages (for anonymous VMAs, start >> 12 as Linux sets it). */
    public long pgoff;
    public final OpenFile file;
    /** file's inode (null for anonymous memory), kept here for the fault path. */
    private final Inode inode;
    public AnonVma anonVma;
    /** anon_vma_name (PR_SET_VMA_ANON_NAME), or null. */
    public String anonName;
    /** Model-private data of special mappings (mshare region, ...). */
    public Object privateData;
    /** Huge pages still reserved for this private hugetlb mapping (its resv_map). */
    public long hugetlbResv;
    /** vm_userfaultfd_ctx: the userfaultfd this VMA is registered with, or null. */
    public UserfaultfdCtx uffdCtx;

    public Vma(Mm mm, long start, long end, long flags, long pgoff, OpenFile file) {
        this.mm = mm;
        this.start = start;
        this.end = end;
        this.flags = flags;
        this.pgoff = pgoff;
        this.file = file;
        this.inode = file == null ? null : file.inode;
    }

    /** Where a redirected access lands: a VMA of another mm and the address in it. */
    public record Target(Vma vma, long addr) {}

    public Inode inode() {
        return inode;
    }

    public boolean isAnonymous() {
        return file == null;
    }

    public boolean isShared() {
        return (flags & VmFlags.VM_SHARED) != 0;
    }

    public boolean test(long flag) {
        return (flags & flag) != 0;
    }

    public long pages() {
        return (end - start) >>> 12;
    }

    /** linear_page_index(): file page index of address {@code addr}. */
    public long pageIndex(long addr) {
        return ((addr - start) >>> 12) + pgoff;
    }

    public boolean contains(long addr) {
        return addr >= start && addr < end;
    }

    /** A copy for splitting or fork (vm_area_dup). */
    public Vma dup(Mm newMm) {
        Vma v = new Vma(newMm, start, end, flags, pgoff, file);
        v.anonVma = anonVma;
        v.anonName = anonName;
        v.privateData = privateData;
        v.uffdCtx = uffdCtx;
        return v;
    }

    @Override
    public String toString() {
        return String.format("%x-%x", start, end);
    }
}
