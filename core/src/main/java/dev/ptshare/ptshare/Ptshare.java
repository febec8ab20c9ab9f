package dev.ptshare.ptshare;

import dev.ptshare.fs.FsType;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.kernel.CallError;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.SharedPtHook;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import java.util.HashMap;
import java.util.Map;

/**
 * Transparent page-table sharing, Kalesh Singh's 2026 "ptshare" prototype (mm/ptshare.c,
 * include/linux/ptshare.h; spec §4.1): mmap(2) of a file with MAP_SHARED_PT puts the mapping in
 * the mm's sharing domain ({@link PtshareDesc}), whose headless shadow mm faults the pages in; each
 * process's PMD points at the shadow's PTE tables. fork inherits the domain, so a zygote's
 * children share the tables of what it mapped. Selected with {@code machine map_shared_pt=ptshare};
 * docs/designs/ptshare.md.
 */
public final class Ptshare implements SharedPtHook {
    static final long PMD_SIZE = 1L << 21;

    private final Kernel k;
    /** mm->ptshare_desc of every mm that has one. */
    private final Map<Mm, PtshareDesc> descs = new HashMap<>();
    /** Domains made so far: each gets the next number, for {@code show TASK ptshare}. */
    private int domains;

    private Ptshare(Kernel k) {
        this.k = k;
    }

    /** CONFIG_PTSHARE: MAP_SHARED_PT means this design; dup_mm() and __mmput() carry the domain. */
    public static Ptshare install(Kernel k) {
        Ptshare p = new Ptshare(k);
        k.mm.sharedPt = p;
        k.processes.dupMmHooks.add(p::dupMm);
        k.processes.mmputHooks.add(p::mmput);
        return p;
    }

    /** Nothing is checked before the address is chosen; {@link #validate} does it all. */
    @Override
    public int check(int flags) {
        return 0;
    }

    /** ptshare_validate_mmap(): the five rules, and the domain made at the first mapping. */
    @Override
    public int validate(Mm mm, OpenFile file, long addr, long len, int prot, int flags) {
        if (file == null) return -Errno.EINVAL; // "Only support file-backed mappings"
        // A hugetlbfs or msharefs file has no PTE tables to share: the prototype does not say.
        if (file.inode.fs == FsType.HUGETLBFS || file.inode.fs == FsType.MSHAREFS)
            throw CallError.notModelled(
                    "MAP_SHARED_PT of a " + file.inode.fs.name().toLowerCase(java.util.Locale.ROOT)
                            + " file (ptshare)");
        // "Writable mappings must be shared" (tests flags & MAP_SHARED: MAP_SHARED_VALIDATE passes)
        if ((prot & MapFlags.PROT_WRITE) != 0 && (flags & MapFlags.MAP_SHARED) == 0)
            return -Errno.EINVAL;
        if ((flags & MapFlags.MAP_FIXED) == 0) return -Errno.EINVAL;
        if (((addr | len) & (PMD_SIZE - 1)) != 0) return -Errno.EINVAL;
        PtshareDesc desc = descs.get(mm);
        if (desc == null) {
            // ptshare_alloc_desc(): "we can allow the mapping without further checks"
            desc = PtshareDesc.alloc(k, ++domains);
            if (desc == null) return -Errno.ENOMEM;
            descs.put(mm, desc);
            return 0;
        }
        // find_vma_intersection(desc->ptshare_mm, addr, addr + len): one range, one shadow
        return desc.shadow.vmas.range(addr, addr + len).isEmpty() ? 0 : -Errno.EINVAL;
    }

    /**
     * The prototype's MAP_SHARED_PT is the MAP_HUGETLB bit (CONFIG_PTSHARE turns
     * has_map_hugetlb_flag()
     * off), which is in LEGACY_MAP_MASK: MAP_SHARED_VALIDATE accepts it.
     */
    @Override
    public int legacyFlags() {
        return MapFlags.MAP_SHARED_PT;
    }

    /** VM_PT_SHARED is in the vm_flags mmap_region() gets (the model never merges such VMAs). */
    @Override
    public long vmFlags() {
        return VmFlags.VM_SHARED_PT;
    }

    /**
     * ptshare_install_vma(): the new VMA gets the mm's domain and a shadow VMA in its shadow mm
     * (__ptshare_install_vma()); if that fails, the mapping is unmapped and mmap fails.
     */
    @Override
    public long mapped(Mm mm, int prot, int flags, long addr, long len) {
        Vma vma = mm.vmas.lookup(addr);
        if (vma == null || !vma.test(VmFlags.VM_SHARED_PT)) return addr;
        PtshareDesc desc = descs.get(mm);
        vma.privateData = desc.ops;
        int err = desc.installShadow(vma);
        if (err == 0) {
            desc.get(); // ptshare_get_desc(vma_ptshare_desc(vma))
            return addr;
        }
        vma.privateData = null;
        vma.flags &= ~VmFlags.VM_SHARED_PT;
        k.mm.munmap.doMunmap(mm, addr, vma.end - vma.start);
        return err;
    }

    /** mm->ptshare_desc, or null. */
    PtshareDesc descOf(Mm mm) {
        return descs.get(mm);
    }

    /** dup_mm(): the child's mm points at the parent's domain (ptshare_get_desc()). */
    private void dupMm(Mm parent, Mm child) {
        PtshareDesc desc = descs.get(parent);
        if (desc == null) return;
        desc.get();
        descs.put(child, desc);
    }

    /** __mmput(): the mm's own reference on its domain goes (ptshare_put_desc()). */
    private void mmput(Mm mm) {
        PtshareDesc desc = descs.remove(mm);
        if (desc != null) desc.put();
    }
}
