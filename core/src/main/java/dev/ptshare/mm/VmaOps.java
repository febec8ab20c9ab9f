package dev.ptshare.mm;

import dev.ptshare.kernel.Errno;
import java.util.List;

/**
 * VMA bookkeeping of mm/vma.c and mm/rmap.c: insertion and removal with i_mmap and
 * vm_stat_account, split_vma(), merging of compatible neighbours (is_mergeable_vma(),
 * is_mergeable_anon_vma(), can_vma_merge_before/after) and anon_vma_prepare().
 */
public final class VmaOps {
    /** sysctl_max_map_count default (DEFAULT_MAX_MAP_COUNT). */
    public static final int MAX_MAP_COUNT = 65530;

    private final MmCore core;

    VmaOps(MmCore core) {
        this.core = core;
    }

    /** Links a new VMA into its mm (vma_link + vm_stat_account). */
    public void link(Vma vma) {
        vma.mm.vmas.insert(vma);
        if (vma.file != null) {
            vma.file.inode.iMmap.add(vma);
            vma.file.inode.get();
        }
        vma.mm.vmStatAccount(vma.flags, vma.pages());
    }

    /** Unlinks a VMA from its mm (the reverse of {@link #link}). */
    public void unlink(Vma vma) {
        vma.mm.vmas.remove(vma);
        if (vma.file != null) {
            vma.file.inode.iMmap.remove(vma);
            vma.file.inode.put();
        }
        vma.mm.vmStatAccount(vma.flags, -vma.pages());
    }

    /** anon_vma_prepare(): give the VMA an anon_vma, reusing a mergeable neighbour's. */
    public void anonVmaPrepare(Vma vma) {
        if (vma.anonVma != null) return;
        VmaTree t = vma.mm.vmas;
        Vma prev = t.prev(vma);
        Vma next = t.next(vma);
        if (prev != null && prev.anonVma != null && prev.end == vma.start && sameAttrs(prev, vma)) {
            vma.anonVma = prev.anonVma;
        } else if (next != null && next.anonVma != null && vma.end == next.start
                && sameAttrs(vma, next)) {
            vma.anonVma = next.anonVma;
        } else {
            vma.anonVma = new AnonVma();
        }
    }

    /** is_mergeable_vma(): flags but VM_SOFTDIRTY, file, uffd context, anon name. */
    private static boolean sameAttrs(Vma a, Vma b) {
        return ((a.flags ^ b.flags) & ~VmFlags.VM_SOFTDIRTY) == 0
                && a.file == b.file && a.uffdCtx == b.uffdCtx
                && java.util.Objects.equals(a.anonName, b.anonName);
    }

    /** Whether {@code a} and {@code b} (a directly below b) could be one VMA. */
    public static boolean canMerge(Vma a, Vma b) {
        if (a.end != b.start) return false;
        if (((a.flags | b.flags) & VmFlags.VM_SPECIAL) != 0) return false;
        if (a.privateData != null || b.privateData != null) return false;
        if (!sameAttrs(a, b)) return false;
        if (b.pgoff != a.pgoff + a.pages()) return false;
        return a.anonVma == null || b.anonVma == null || a.anonVma == b.anonVma;
    }

    /** Merges {@code b} into {@code a} (a directly below b). */
    public void merge(Vma a, Vma b) {
        Mm mm = a.mm;
        unlink(b);
        mm.vmStatAccount(a.flags, -a.pages());
        a.end = b.end;
        if (a.anonVma == null) a.anonVma = b.anonVma;
        mm.vmStatAccount(a.flags, a.pages());
        mm.vmas.boundsChanged();
    }

    /** Tries to merge {@code vma} with its neighbours; returns the surviving VMA. */
    public Vma mergeNeighbours(Vma vma) {
        VmaTree t = vma.mm.vmas;
        Vma next = t.next(vma);
        if (next != null && canMerge(vma, next)) merge(vma, next);
        Vma prev = t.prev(vma);
        if (prev != null && canMerge(prev, vma)) {
            merge(prev, vma);
            return prev;
        }
        return vma;
    }

    /**
     * split_vma(): splits at {@code addr}; returns 0, or a negative errno (ENOMEM beyond the map
     * count, or what the mapping's may_split refuses).
     */
    public int split(Vma vma, long addr) {
        if (vma.mm.vmas.size() >= MAX_MAP_COUNT) return -Errno.ENOMEM;
        if (vma.privateData instanceof SpecialMapping s) {
            int err = s.maySplit(vma, addr);
            if (err != 0) return err;
        }
        if (Hugetlb.isHugetlb(vma)) {
            // hugetlb_vm_op_split(): only at huge page boundaries; hugetlb_split() unshares.
            if ((addr & (vma.inode().pageSize - 1)) != 0) return -Errno.EINVAL;
            if ((addr & (Hugetlb.SZ_1G - 1)) != 0)
                core.hugetlb.share.unsharePmds(vma, addr, addr + 1);
        }
        Mm mm = vma.mm;
        Vma upper = vma.dup(mm);
        upper.start = addr;
        upper.pgoff = vma.pgoff + ((addr - vma.start) >>> 12);
        upper.hugetlbResv = 0;
        mm.vmStatAccount(vma.flags, -vma.pages());
        vma.end = addr;
        mm.vmStatAccount(vma.flags, vma.pages());
        mm.vmas.boundsChanged();
        link(upper);
        return 0;
    }

    /**
     * Isolates [start, end) of the VMAs it overlaps into whole VMAs (the splits of
     * vma_modify()/do_vmi_align_munmap()). Returns 0 or a negative errno.
     */
    public int isolate(Mm mm, long start, long end) {
        Vma first = mm.vmas.lookup(start);
        if (first != null && first.start < start) {
            int err = split(first, start);
            if (err != 0) return err;
        }
        Vma last = mm.vmas.lookup(end - 1);
        if (last != null && last.end > end) {
            int err = split(last, end);
            if (err != 0) return err;
        }
        return 0;
    }

    /** Changes the flags of whole VMAs inside [start, end) and merges what became compatible. */
    public void setFlags(List<Vma> vmas, long newFlags) {
        for (Vma v : vmas) {
            v.mm.vmStatAccount(v.flags, -v.pages());
            v.flags = newFlags;
            v.mm.vmStatAccount(v.flags, v.pages());
        }
    }
}
