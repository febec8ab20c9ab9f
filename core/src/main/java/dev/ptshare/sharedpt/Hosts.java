package dev.ptshare.sharedpt;

import dev.ptshare.fs.Inode;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import java.util.HashMap;
import java.util.Map;

/**
 * The host mms, one per file (address_space->ptshare_data, RFC v2 3/4): ptshare_new_mm() +
 * ptshare_insert_vma() at the first MAP_SHARED_PT mapping of a file, ptshare_del_mm() when a
 * sharer's VMA goes, and the host's teardown with the last one.
 */
final class Hosts {
    private final Kernel k;
    private final Map<Inode, PtShareData> byInode = new HashMap<>();

    Hosts(Kernel k) {
        this.k = k;
    }

    /** file->f_mapping->ptshare_data. */
    PtShareData of(Inode inode) {
        return byInode.get(inode);
    }

    /**
     * ptshare_new_mm() + ptshare_insert_vma() (RFC v2 3/4): a host mm that no task runs, its
     * mmap_base the start of the mapping, holding a copy of the first sharer's VMA. Null on ENOMEM.
     */
    PtShareData create(Vma first) {
        Mm host = k.mm.mmAlloc();
        if (host == null) return null;
        host.mmapBase = first.start; // RFC v2 3/4: new_mm->mmap_base = start
        // RFC v2 3/4: vm_area_dup(vma) minus VM_SHARED_PT, plus VM_NOHUGEPAGE. The patch also
        // clears VM_SHARED and vm_file because its faults run on the guest VMA with vm_mm switched
        // to the host; the model's faults run on host VMAs, so the copy keeps the file and sharing.
        Vma hv = first.dup(host);
        hv.privateData = null;
        hv.flags = (first.flags & ~VmFlags.VM_SHARED_PT) | VmFlags.VM_NOHUGEPAGE;
        k.mm.vmaOps.link(hv);
        host.invalidateHook = new HostFlush(k);
        k.mm.extraMms.add(host);
        PtShareData d = new PtShareData(first.inode(), host, hv, first.start,
                first.end - first.start);
        d.ops = new GuestVma(k, this, d);
        byInode.put(d.inode, d);
        return d;
    }

    /** A sharer's VMA joins (the refcount_inc() of RFC v2 3/4, and fork). */
    void join(PtShareData d, Vma guest) {
        guest.flags |= VmFlags.VM_SHARED_PT;
        guest.privateData = d.ops;
        d.guests.add(guest);
    }

    /**
     * ptshare_del_mm() (RFC v2 3/4): the sharer's VMA is gone; the last one frees the host mm
     * (free_ptshare_mm() → mmput(): its VMA, pages and page tables).
     */
    void leave(PtShareData d, Vma guest) {
        if (!d.guests.remove(guest)) return;
        if (!d.guests.isEmpty()) return;
        byInode.remove(d.inode);
        k.mm.extraMms.remove(d.host);
        k.processes.exitMmap(d.host);
    }
}
