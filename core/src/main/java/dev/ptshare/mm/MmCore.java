package dev.ptshare.mm;

import dev.ptshare.arch.Cpu;
import dev.ptshare.arch.MmContext;
import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.TlbFlush;
import dev.ptshare.fs.Inode;
import dev.ptshare.phys.PhysMem;
import java.util.EnumSet;

/**
 * The memory-management subsystem of one machine: the shared state every mm/ path needs
 * (physical memory, page tables, TLB shootdown) and the paths themselves, one class each,
 * named after the kernel file or function they model.
 */
public final class MmCore {
    public final PhysMem phys;
    public final PageTableStore tables;
    public final TlbFlush tlb;
    public final int pagingLevels;
    public final EnumSet<Mutant> mutants;
    /** The CPU the calling task runs on ({@code current}'s CPU); set by the syscall layer. */
    public Cpu current;

    public final PgtableAlloc pgtable;
    public final Memory memory;
    public final Hugetlb hugetlb;
    public final BulkAccess bulk;
    /** f_op mmap hooks by filesystem (hugetlbfs, msharefs). */
    public final java.util.Map<dev.ptshare.fs.FsType,
            FileMmapOps> fileOps = new java.util.EnumMap<>(dev.ptshare.fs.FsType.class);
    /** The MAP_SHARED_PT handler of do_mmap(), or null (dev.ptshare.sharedpt registers one). */
    public SharedPtHook sharedPt;
    public final Zap zap;
    public final FreePgtables freePgtables;
    public final CopyPageRange fork;
    public final VmaOps vmaOps;
    public final Mmap mmap;
    public final Munmap munmap;
    public final Gup gup;
    public final Mprotect mprotect;
    public final Madvise madvise;
    public final Mremap mremap;
    /** Copy-on-write PTE tables at fork ({@code machine cow_pte=}). */
    public final CowPte cowPte;
    /** userfaultfd write-protection: registration, UFFDIO_WRITEPROTECT, release. */
    public final Userfaultfd userfaultfd;

    /**
     * Faults mm_account_fault() counted, machine-wide (every task's min_flt + maj_flt, bulk
     * touches included; for the cost model).
     */
    public long faults;

    private int nextMmId = 1;
    /** mms that no task runs but that own page tables (mshare hosts), for audits and /proc. */
    public final java.util.List<Mm> extraMms = new java.util.ArrayList<>();

    public MmCore(PhysMem phys, PageTableStore tables, TlbFlush tlb, int pagingLevels,
            EnumSet<Mutant> mutants, long hugepages2m, long hugepages1g) {
        this.phys = phys;
        this.tables = tables;
        this.tlb = tlb;
        this.pagingLevels = pagingLevels;
        this.mutants = mutants;
        for (Mutant m : mutants) mutantBits |= 1L << m.ordinal();
        this.pgtable = new PgtableAlloc(this);
        this.cowPte = new CowPte(this);
        this.memory = new Memory(this);
        this.hugetlb = new Hugetlb(this, hugepages2m, hugepages1g);
        this.bulk = new BulkAccess(this);
        tables.expandHook = phys::unchunk;
        fileOps.put(dev.ptshare.fs.FsType.HUGETLBFS, new HugetlbfsOps(this));
        phys.reserve(hugepages2m * 512 + hugepages1g * 262144);
        memory.filemap.hugeRelease = this::releaseHugeCachePage;
        this.zap = new Zap(this);
        this.freePgtables = new FreePgtables(this);
        this.fork = new CopyPageRange(this);
        this.vmaOps = new VmaOps(this);
        this.mmap = new Mmap(this);
        this.munmap = new Munmap(this);
        this.gup = new Gup(this);
        this.mprotect = new Mprotect(this);
        this.madvise = new Madvise(this);
        this.mremap = new Mremap(this);
        this.userfaultfd = new Userfaultfd(this);
        tlb.skipRemote = mutants.contains(Mutant.SKIP_REMOTE_TLB_FLUSH);
    }

    /** The enabled mutants as bits: tested on fault and fork paths, once per PTE. */
    private long mutantBits;

    public boolean mutant(Mutant m) {
        return (mutantBits & (1L << m.ordinal())) != 0;
    }

    /** mm_alloc() + mm_init() + pgd_alloc(): a new mm with an empty top-level table. */
    public Mm mmAlloc() {
        int id = nextMmId++;
        Mm mm = new Mm(id, new MmContext(id, pagingLevels));
        int pgd = pgtable.allocTable(mm, PageTableStore.PGD);
        if (pgd < 0) return null;
        mm.ctx.pgd = pgd;
        return mm;
    }

    /**
     * unmap_mapping_range(): zap the file pages [from, to) from every VMA that maps them
     * (truncation, hole punching), one flush per VMA. {@code evenCows}: private COW copies go too
     * (truncation), not only page-cache pages (hole punching).
     */
    public void unmapMappingRange(Inode inode, long from, long to, boolean evenCows) {
        for (Vma v : inode.iMmap.toArray(new Vma[0])) {
            long vs = v.pgoff, ve = v.pgoff + v.pages();
            long s = Math.max(from, vs), e = Math.min(to, ve);
            if (s >= e) continue;
            MmuGather tlb = new MmuGather(v.mm, false);
            zap.unmapSingleVma(tlb, v, v.start + ((s - vs) << 12), v.start + ((e - vs) << 12),
                    evenCows ? Zap.Details.TRUNCATE : Zap.Details.KEEP_PRIVATE);
            tlb.finish(this);
        }
    }

    /** A hugetlbfs page leaves the page cache (truncate, hole punch, eviction). */
    private void releaseHugeCachePage(long pfn) {
        Hstate h = hugetlb.owner(pfn);
        if (h != null) hugetlb.release(h, h.index(pfn));
    }

    /** flush_tlb_range(vma, start, end) for 4 KiB pages. */
    public void flushTlbRange(Mm mm, long start, long end) {
        tlb.flushTlbMmRange(current, mm.ctx, start, end, 12, false);
    }
}
