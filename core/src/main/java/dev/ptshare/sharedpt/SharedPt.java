package dev.ptshare.sharedpt;

import dev.ptshare.fs.FsType;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.SharedPtHook;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;

/**
 * MAP_SHARED_PT, "[PATCH RFC v2 0/4] Add support for sharing page tables across processes
 * (Previously mshare)" (Khalid Aziz, 26 April 2023): mmap(2) of a file with MAP_SHARED |
 * MAP_SHARED_PT at a PMD-aligned address and size shares the PTE tables of that mapping with every
 * process that maps the same file at the same address and size with the flag. The first such
 * mapping creates a host mm for the file; each process's PMD entries point at the host's PTE
 * tables. See docs/designs/map-shared-pt.md.
 */
public final class SharedPt implements SharedPtHook {
    private static final long PMD_SIZE = 1L << 21;

    /** The vm_flags that must match for a new mapping to share ("same permissions"). */
    private static final long SAME_ACCESS = VmFlags.VM_READ | VmFlags.VM_WRITE | VmFlags.VM_EXEC
            | VmFlags.VM_MAYREAD | VmFlags.VM_MAYWRITE | VmFlags.VM_MAYEXEC | VmFlags.VM_SHARED
            | VmFlags.VM_MAYSHARE;

    private final Hosts hosts;

    private SharedPt(Kernel k) {
        this.hosts = new Hosts(k);
    }

    /** Registers the MAP_SHARED_PT handler of do_mmap(). */
    public static SharedPt install(Kernel k) {
        SharedPt s = new SharedPt(k);
        k.mm.sharedPt = s;
        return s;
    }

    /**
     * RFC v2 2/4: "If MAP_SHARED_PT is set, MAP_SHARED or MAP_SHARED_VALIDATE must be set as well",
     * else EINVAL. (The patch tests flags & (MAP_SHARED | MAP_SHARED_VALIDATE), which MAP_PRIVATE
     * = 0x02 also passes; the model applies the rule as written.)
     */
    @Override
    public int check(int flags) {
        int type = flags & MapFlags.MAP_TYPE;
        if (type != MapFlags.MAP_SHARED && type != MapFlags.MAP_SHARED_VALIDATE)
            return -Errno.EINVAL;
        return 0;
    }

    /** RFC v2 3/4, the end of do_mmap(): is the new mapping a candidate, and with which host. */
    @Override
    public long mapped(Mm mm, int prot, int flags, long addr, long len) {
        // RFC v2 3/4: "It is not anonymous mapping" (MAP_SHARED|MAP_ANONYMOUS maps normally).
        if ((flags & MapFlags.MAP_ANONYMOUS) != 0) return addr;
        Vma vma = mm.vmas.lookup(addr); // RFC v2 3/4: find_vma(mm, addr)
        if (vma == null || vma.file == null) return addr;
        // RFC v2 3/4: "It is not hugetlbfs mapping (for now)". Model: nor another special mapping.
        if (vma.inode().fs == FsType.HUGETLBFS || vma.privateData != null
                || vma.test(VmFlags.VM_SPECIAL)) {
            return addr;
        }
        // RFC v2 3/4: start and end PMD-aligned, else the mapping is made without sharing.
        if (((vma.start | vma.end) & (PMD_SIZE - 1)) != 0) return addr;
        // Model: a VMA merged with a neighbour is not shared (the patch would share the merge).
        if (vma.start != addr || vma.end != addr + len) return addr;
        PtShareData d = hosts.of(vma.inode());
        if (d == null) {
            // RFC v2 3/4: the first mapping creates the host mm (ptshare_new_mm + insert_vma).
            d = hosts.create(vma);
            if (d == null) return addr; // model: ENOMEM leaves an ordinary mapping
            hosts.join(d, vma);
            return addr;
        }
        // RFC v2 3/4: shared "only if the file is mapped in with the same permissions across all
        // mappers with same starting address and size" (model: against the region's current
        // protection; the patch never sets info->mode, so its test always passes).
        if (addr != d.start || len != d.size) return addr;
        if ((vma.flags & SAME_ACCESS) != (d.hostVma.flags & SAME_ACCESS)) return addr;
        hosts.join(d, vma);
        return addr;
    }
}
