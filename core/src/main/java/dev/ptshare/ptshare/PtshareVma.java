package dev.ptshare.ptshare;

import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.Pte;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Processes;
import dev.ptshare.kernel.Task;
import dev.ptshare.kernel.UserAccess;
import dev.ptshare.mm.Madvise;
import dev.ptshare.mm.Memory;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.MmuGather;
import dev.ptshare.mm.Mutant;
import dev.ptshare.mm.PgtableAlloc;
import dev.ptshare.mm.SpecialMapping;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import dev.ptshare.mm.Zap;

/**
 * What the ptshare prototype does to a VM_PT_SHARED VMA (mm/ptshare.c and its hooks): faults run
 * in the shadow mm and splice the PTE table into the process's PMD; zaps skip the shared tables;
 * teardown detaches them; every change that would need private PTEs (mprotect, mremap, a split,
 * MADV_DONTNEED, MADV_REMOVE, a write through GUP) unshares the whole VMA first; guard regions
 * are refused.
 */
final class PtshareVma implements SpecialMapping, Processes.ForkAware, UserAccess.BulkRedirect {
    private static final int PMD = PageTableStore.PMD;

    private final Kernel k;
    private final PtshareDesc desc;
    /** What the chunk {@link #bulkTarget} prepared still owes in {@link #bulkDone}. */
    private boolean pendingSplice, pendingFault;

    PtshareVma(Kernel k, PtshareDesc desc) {
        this.k = k;
        this.desc = desc;
    }

    /**
     * ptshare_handle_mm_fault(): handle_pte_fault() on the shadow VMA in the shadow mm (pages,
     * RSS and PTE tables are the shadow's), then "PMD splicing": if the process's PMD entry is
     * empty it gets the shadow's, with a reference on the table and mm_inc_nr_ptes() (the table
     * counts in this process's VmPTE). The fault counts in the faulting task's min_flt/maj_flt.
     */
    @Override
    public int handleMmFault(Vma vma, long addr, int flags) {
        Vma sv = desc.shadow.vmas.lookup(addr);
        if (sv == null) return Memory.VM_FAULT_SIGSEGV;
        // __handle_mm_fault() allocated the process's PUD and PMD tables before the hook.
        int gpmd = k.mm.pgtable.table(vma.mm, addr, PMD, true);
        int spmd = k.mm.pgtable.table(desc.shadow, addr, PMD, true); // p4d/pud/pmd_alloc()
        if (gpmd == PgtableAlloc.OOM || spmd == PgtableAlloc.OOM) return Memory.VM_FAULT_OOM;
        int r = k.mm.memory.handleMmFault(sv, addr, flags);
        if ((r & (Memory.VM_FAULT_ERROR | Memory.VM_FAULT_RETRY)) != 0) return r;
        splice(vma, addr);
        return r;
    }

    /**
     * A bulk touch of a 2 MiB chunk is done on the shadow VMA (the faults a page-by-page touch
     * would take there: each is handled in the shadow), and {@link #bulkDone} then splices the
     * table. When the process's PMD entry is empty and the shadow's table is already full, the
     * first access of the page-by-page touch is one fault the shadow does not see (a spurious
     * handle_pte_fault() and the splice): it is counted there.
     */
    @Override
    public Vma.Target bulkTarget(Task t, Vma vma, long addr) {
        Vma sv = desc.shadow.vmas.lookup(addr);
        if (sv == null) return null;
        int gpmd = k.mm.pgtable.table(vma.mm, addr, PMD, false);
        pendingSplice = gpmd < 0 || k.tables.get(gpmd, PgtableAlloc.index(addr, PMD)) == 0;
        int spt = k.mm.pgtable.pteTable(desc.shadow, addr);
        pendingFault = pendingSplice && spt >= 0 && k.tables.used(spt) == PageTableStore.ENTRIES;
        return new Vma.Target(sv, addr);
    }

    /** Chunk by chunk: each may owe a splice. */
    @Override
    public Vma.Target bulkTargetGib(Task t, Vma vma, long addr, boolean write) {
        return null;
    }

    @Override
    public void bulkDone(Task t, Vma vma, long addr) {
        if (pendingFault) {
            t.minFlt++;
            k.mm.faults++;
        }
        if (pendingSplice) splice(vma, addr);
        pendingSplice = pendingFault = false;
    }

    /**
     * PMD splicing (ptshare_handle_mm_fault()): if the process's PMD entry is empty it gets the
     * shadow's, with a reference on the table (ptdesc_get(), set_pmd_at()) and mm_inc_nr_ptes().
     */
    private void splice(Vma vma, long addr) {
        int spmd = k.mm.pgtable.table(desc.shadow, addr, PMD, false);
        int gpmd = k.mm.pgtable.table(vma.mm, addr, PMD, true);
        if (spmd < 0 || gpmd < 0) return;
        int i = PgtableAlloc.index(addr, PMD);
        long se = k.tables.get(spmd, i);
        if (se != 0 && k.tables.get(gpmd, i) == 0) {
            k.tables.set(gpmd, i, se);
            vma.mm.pgtablesBytes += 4096;
        }
    }

    /** ptshare_vma_skip_zap_pte_range(): zaps never walk into the shared tables. */
    @Override
    public boolean zapRange(MmuGather tlb, Vma vma, long start, long end, Zap.Details details) {
        return true;
    }

    /**
     * munmap and exit: no zap (ptshare_vma_skip_zap_pte_range()); free_pgtables() clears each PMD
     * entry that points at a shadow table and ptshare_free_pte_range() drops the reference
     * instead of freeing it (mm_dec_nr_ptes() as for any PTE table).
     */
    @Override
    public void unmapPageRange(MmuGather tlb, Vma vma) {
        for (long a = vma.start; a < vma.end; a += Ptshare.PMD_SIZE) {
            int pmd = k.mm.pgtable.table(vma.mm, a, PMD, false);
            if (pmd < 0) continue;
            int i = PgtableAlloc.index(a, PMD);
            long e = k.tables.get(pmd, i);
            if (e == 0 || k.tables.owner(Pte.table(e)) != desc.shadow.id) continue;
            k.tables.set(pmd, i, 0);
            vma.mm.pgtablesBytes -= 4096;
            tlb.unlinked(a, a + Ptshare.PMD_SIZE);
            tlb.freedTable(a);
        }
    }

    /** remove_vma() → ptshare_put_vma(). */
    @Override
    public void close(Vma vma) {
        if (vma.test(VmFlags.VM_SHARED_PT)) desc.putVma(vma);
    }

    /** dup_mmap(): the child's copy keeps VM_PT_SHARED and the domain (ptshare_get_vma()). */
    @Override
    public void forked(Vma parent, Vma child) {
        desc.getVma(child);
    }

    /** A split (partial munmap, overlapping mmap, partial mprotect or madvise) unshares first. */
    @Override
    public int maySplit(Vma vma, long addr) {
        return unshare(vma);
    }

    @Override
    public int mprotect(Vma vma, long start, long end, long newFlags) {
        if (k.mm.mutant(Mutant.PTSHARE_SKIP_UNSHARE)) return 0;
        return unshare(vma);
    }

    @Override
    public int mremap(Vma vma) {
        return unshare(vma);
    }

    /**
     * MADV_GUARD_INSTALL/REMOVE are refused on a VM_PT_SHARED VMA (EINVAL); MADV_DONTNEED and
     * MADV_REMOVE unshare it first, so they act on this process's own tables.
     */
    @Override
    public int madvise(Vma vma, long start, long end, int advice) {
        return switch (advice) {
            case Madvise.MADV_GUARD_INSTALL, Madvise.MADV_GUARD_REMOVE -> -Errno.EINVAL;
            case Madvise.MADV_DONTNEED, Madvise.MADV_DONTNEED_LOCKED, Madvise.MADV_REMOVE ->
                unshare(vma);
            default -> 0;
        };
    }

    /** ptshare_unshare_vma_on_gup(): __get_user_pages() with FOLL_WRITE. */
    @Override
    public int gupWrite(Vma vma) {
        return unshare(vma);
    }

    /**
     * ptshare_unshare_vma_locked(): each spliced PMD entry gets a private copy of the table, its
     * present pages one more reference and file mapcount; then ptshare_put_vma() and VM_PT_SHARED
     * cleared: from here on an ordinary file VMA. The prototype leaves the process's RSS
     * counters alone (no add_mm_counter()), so a later zap would underflow them; the model
     * counts the pages (docs/designs/ptshare.md).
     */
    int unshare(Vma vma) {
        if (!vma.test(VmFlags.VM_SHARED_PT)) return 0;
        Mm mm = vma.mm;
        for (long a = vma.start; a < vma.end; a += Ptshare.PMD_SIZE) {
            int pmd = k.mm.pgtable.table(mm, a, PMD, false);
            if (pmd < 0) continue;
            int i = PgtableAlloc.index(a, PMD);
            long e = k.tables.get(pmd, i);
            if (e == 0 || !Pte.present(e) || (e & Pte.PSE) != 0) continue;
            int old = Pte.table(e);
            int nt = k.mm.pgtable.allocTable(mm, PageTableStore.PTE); // pte_alloc_one()
            if (nt == PgtableAlloc.OOM) return -Errno.ENOMEM;
            mm.pgtablesBytes -= 4096; // pmd_populate() alone: the splice counted the table
            int counter = vma.inode().fs.shmem() ? Mm.MM_SHMEMPAGES : Mm.MM_FILEPAGES;
            for (int j = 0; j < PageTableStore.ENTRIES; j++) {
                long pte = k.tables.get(old, j);
                if (pte == 0) continue;
                if (Pte.present(pte) && (pte & Pte.SPECIAL) == 0) {
                    int pfn = (int) Pte.pfn(pte);
                    k.phys.get(pfn); // folio_get()
                    k.phys.addMapcount(pfn, 1); // folio_add_file_rmap_pte()
                    mm.rss[counter]++;
                }
                k.tables.set(nt, j, pte); // set_pte_at()
            }
            k.tables.set(pmd, i, Pte.tableEntry(nt)); // pmd_clear() + pmd_populate()
        }
        desc.putVma(vma);
        vma.flags &= ~VmFlags.VM_SHARED_PT;
        vma.privateData = null;
        return 0;
    }
}
