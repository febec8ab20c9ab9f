package dev.ptshare.mm;

import dev.ptshare.arch.Pte;
import dev.ptshare.fs.FsType;

/**
 * vm_get_page_prot() with x86's protection_map (arch/x86/mm/pgprot.c) and
 * vma_wants_writenotify() (mm/mmap.c): the PTE bits a new mapping of a page in {@code vma} gets
 * before any write fault upgrades it.
 */
public final class PageProt {
    private PageProt() {}

    private static final long PAGE_NONE = Pte.PROTNONE | Pte.ACCESSED;
    private static final long BASE = Pte.PRESENT | Pte.USER | Pte.ACCESSED;

    /** protection_map[vm_flags & (VM_READ|VM_WRITE|VM_EXEC|VM_SHARED)]. */
    public static long of(long vmFlags) {
        if ((vmFlags & VmFlags.VM_ACCESS_FLAGS) == 0) return PAGE_NONE;
        long p = BASE;
        if ((vmFlags & VmFlags.VM_EXEC) == 0) p |= Pte.NX;
        if ((vmFlags & (VmFlags.VM_SHARED | VmFlags.VM_WRITE))
                == (VmFlags.VM_SHARED | VmFlags.VM_WRITE)) {
            p |= Pte.RW;
        }
        return p;
    }

    /** vma->vm_page_prot, write-protected when the file wants write notification. */
    public static long of(Vma vma) {
        long flags = vma.flags;
        if (wantsWritenotify(vma)) flags &= ~VmFlags.VM_SHARED;
        return of(flags);
    }

    /**
     * vma_wants_writenotify() (mm/vma.c): shared writable mappings of files whose dirty pages are
     * written back (a disk filesystem; not tmpfs) need a write fault to track dirtying, and so do
     * those registered for userfaultfd-wp ("Do we need write faults for uffd-wp tracking?").
     */
    public static boolean wantsWritenotify(Vma vma) {
        if ((vma.flags & (VmFlags.VM_WRITE | VmFlags.VM_SHARED))
                != (VmFlags.VM_WRITE | VmFlags.VM_SHARED)) {
            return false;
        }
        if (vma.file != null && vma.file.inode.fs == FsType.DISK) return true;
        return vma.test(VmFlags.VM_UFFD_WP);
    }
}
