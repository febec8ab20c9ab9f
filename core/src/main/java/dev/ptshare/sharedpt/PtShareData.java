package dev.ptshare.sharedpt;

import dev.ptshare.fs.Inode;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.Vma;
import java.util.ArrayList;
import java.util.List;

/**
 * struct ptshare_data (RFC v2 3/4), hung off the file's address_space: the host mm that holds the
 * shared page tables of one mapping of the file, the range every sharer maps (start, size: the same
 * virtual addresses in every process), and the sharers.
 *
 * <p>The patch keeps only a refcount; the model keeps the guest VMAs themselves (the refcount is
 * their number) because an mprotect by one sharer changes every sharer's VMA (see {@link
 * SharedMprotect}).
 */
final class PtShareData {
    final Inode inode;
    final Mm host;
    /** The host VMA (ptshare_insert_vma()): a copy of the first sharer's VMA, in the host mm. */
    final Vma hostVma;
    final long start;
    final long size;
    /** The guest VMAs (VM_SHARED_PT) of every sharer; refcnt == guests.size(). */
    final List<Vma> guests = new ArrayList<>();
    /** The vm_ops every guest VMA of this mapping carries. */
    GuestVma ops;

    PtShareData(Inode inode, Mm host, Vma hostVma, long start, long size) {
        this.inode = inode;
        this.host = host;
        this.hostVma = hostVma;
        this.start = start;
        this.size = size;
    }

    long end() {
        return start + size;
    }

    /** The host address of a guest address (find_shared_vma(): addr - vm_start + mmap_base). */
    long hostAddr(Vma guest, long addr) {
        return addr - guest.start + start;
    }
}
