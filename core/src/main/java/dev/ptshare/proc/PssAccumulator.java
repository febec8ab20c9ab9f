package dev.ptshare.proc;

/**
 * A mem_size_stats being filled, one mapped page at a time, with the arithmetic of
 * smaps_account() and smaps_page_accumulate() (fs/proc/task_mmu.c, 6.18, CONFIG_PAGE_MAPCOUNT).
 *
 * <p>PSS is kept in fixed point, bytes << 12. For a present page: if folio_ref_count() == 1 or
 * the page's precise mapcount is below 2, the whole size is added (size << 12) and the page counts
 * as private; otherwise each 4 KiB subpage adds (4096 << 12) / mapcount, truncated, and counts as
 * shared. Those two tests agree for every page the model can describe by a mapcount, so the
 * mapcount alone decides. KSM plays no part in exclusivity: a KSM page only adds to "KSM:". Dirty
 * (pte or folio) moves the page to Private_/Shared_Dirty and adds its pss to Pss_Dirty. Locked
 * (VM_LOCKED on the VMA) adds its pss to Locked. The printed lines shift the sums right by 12,
 * then by 10.
 *
 * <p>Not an accounting object of the kernel; not thread-safe.
 */
public final class PssAccumulator {
    /** PSS_SHIFT: pss fields are bytes << 12. */
    public static final int PSS_SHIFT = 12;

    public static final long PAGE_SIZE = 4096;

    private long resident;
    private long sharedClean;
    private long sharedDirty;
    private long privateClean;
    private long privateDirty;
    private long referenced;
    private long anonymous;
    private long lazyfree;
    private long anonymousThp;
    private long shmemThp;
    private long fileThp;
    private long swap;
    private long sharedHugetlb;
    private long privateHugetlb;
    private long ksm;
    private long pss;
    private long pssAnon;
    private long pssFile;
    private long pssShmem;
    private long pssDirty;
    private long pssLocked;
    private long swapPss;

    /**
     * smaps_pte_entry() / smaps_pmd_entry() for one present mapping of a page.
     *
     * @param pageSizeBytes 4096 for a PTE; a multiple (2 MiB) for a PMD-mapped THP, which also adds
     *                      AnonHugePages, ShmemPmdMapped or FilePmdMapped by kind
     * @param mapcount      the page's mapcount (for a PMD-mapped THP, each subpage's: all equal)
     * @param dirty         pte_dirty() || folio_test_dirty()
     * @param young         pte_young() || folio_test_young() || folio_test_referenced()
     * @param kind          anon / lazyfree anon / KSM / file / shmem
     * @param locked        the VMA has VM_LOCKED
     */
    public PssAccumulator accountPage(
            long pageSizeBytes, int mapcount, boolean dirty, boolean young, PageKind kind,
            boolean locked) {
        return accountPages(1, pageSizeBytes, mapcount, dirty, young, kind, locked);
    }

    /** {@link #accountPage} n times over: every sum gets n times the single page's increment. */
    public PssAccumulator accountPages(
            long n, long pageSizeBytes, int mapcount, boolean dirty, boolean young, PageKind kind,
            boolean locked) {
        if (n < 0 || pageSizeBytes <= 0 || pageSizeBytes % PAGE_SIZE != 0 || mapcount < 0) {
            throw new IllegalArgumentException("bad page: n=" + n + " size=" + pageSizeBytes
                    + " mapcount=" + mapcount);
        }
        long size = pageSizeBytes;
        if (size > PAGE_SIZE) { // smaps_pmd_entry()
            switch (kind) {
                case ANON, ANON_LAZYFREE, KSM -> anonymousThp += n * size;
                case SHMEM -> shmemThp += n * size;
                case FILE -> fileThp += n * size;
            }
        }
        if (kind.anon()) {
            anonymous += n * size;
            if (kind == PageKind.ANON_LAZYFREE && !dirty) {
                lazyfree += n * size;
            }
        }
        if (kind == PageKind.KSM) {
            ksm += n * size;
        }
        resident += n * size;
        if (young) {
            referenced += n * size;
        }
        if (mapcount < 2) {
            accumulate(kind, n * size, n * (size << PSS_SHIFT), dirty, locked, true);
        } else {
            long perPage = (PAGE_SIZE << PSS_SHIFT) / mapcount;
            accumulate(kind, n * size, n * (size / PAGE_SIZE) * perPage, dirty, locked, false);
        }
        return this;
    }

    /** smaps_page_accumulate(). */
    private void accumulate(
            PageKind kind, long size, long p, boolean dirty, boolean locked, boolean priv) {
        pss += p;
        if (kind.anon()) {
            pssAnon += p;
        } else if (kind == PageKind.SHMEM) {
            pssShmem += p;
        } else {
            pssFile += p;
        }
        if (locked) {
            pssLocked += p;
        }
        if (dirty) {
            pssDirty += p;
            if (priv) {
                privateDirty += size;
            } else {
                sharedDirty += size;
            }
        } else if (priv) {
            privateClean += size;
        } else {
            sharedClean += size;
        }
    }

    /** smaps_pte_entry() for a swap pte: Swap += 4 KiB, SwapPss += 4 KiB / swp_swapcount(). */
    public PssAccumulator accountSwapEntry(int swapcount) {
        return accountSwapEntries(1, swapcount);
    }

    /** {@link #accountSwapEntry} n times. */
    public PssAccumulator accountSwapEntries(long n, int swapcount) {
        swap += n * PAGE_SIZE;
        long p = PAGE_SIZE << PSS_SHIFT;
        swapPss += n * (swapcount >= 2 ? p / swapcount : p);
        return this;
    }

    /** smap_gather_stats(): swapped-out shmem pages found by shmem_swap_usage() (no SwapPss). */
    public PssAccumulator addShmemSwap(long bytes) {
        swap += bytes;
        return this;
    }

    /** smaps_hugetlb_range() for one hugetlb entry; shared if maybe mapped shared or PMD-shared. */
    public PssAccumulator accountHugetlb(long hugePageSizeBytes, boolean shared) {
        if (shared) {
            sharedHugetlb += hugePageSizeBytes;
        } else {
            privateHugetlb += hugePageSizeBytes;
        }
        return this;
    }

    /** Adds another accumulator's sums (the same pages walked again through another mm). */
    public PssAccumulator add(PssAccumulator o) {
        return add(o, 1);
    }

    /** Adds {@code times} × another accumulator's sums (sums are linear in the pages walked). */
    public PssAccumulator add(PssAccumulator o, long times) {
        resident += o.resident * times;
        sharedClean += o.sharedClean * times;
        sharedDirty += o.sharedDirty * times;
        privateClean += o.privateClean * times;
        privateDirty += o.privateDirty * times;
        referenced += o.referenced * times;
        anonymous += o.anonymous * times;
        lazyfree += o.lazyfree * times;
        anonymousThp += o.anonymousThp * times;
        shmemThp += o.shmemThp * times;
        fileThp += o.fileThp * times;
        swap += o.swap * times;
        sharedHugetlb += o.sharedHugetlb * times;
        privateHugetlb += o.privateHugetlb * times;
        ksm += o.ksm * times;
        pss += o.pss * times;
        pssAnon += o.pssAnon * times;
        pssFile += o.pssFile * times;
        pssShmem += o.pssShmem * times;
        pssDirty += o.pssDirty * times;
        pssLocked += o.pssLocked * times;
        swapPss += o.swapPss * times;
        return this;
    }

    /** Whether o holds the same sums (a table walked twice gives equal accumulators). */
    public boolean sameSums(PssAccumulator o) {
        return resident == o.resident
                && sharedClean == o.sharedClean
                && sharedDirty == o.sharedDirty
                && privateClean == o.privateClean
                && privateDirty == o.privateDirty
                && referenced == o.referenced
                && anonymous == o.anonymous
                && lazyfree == o.lazyfree
                && anonymousThp == o.anonymousThp
                && shmemThp == o.shmemThp
                && fileThp == o.fileThp
                && swap == o.swap
                && sharedHugetlb == o.sharedHugetlb
                && privateHugetlb == o.privateHugetlb
                && ksm == o.ksm
                && pss == o.pss
                && pssAnon == o.pssAnon
                && pssFile == o.pssFile
                && pssShmem == o.pssShmem
                && pssDirty == o.pssDirty
                && pssLocked == o.pssLocked
                && swapPss == o.swapPss;
    }

    /** The current sums. */
    public SmapsStats snapshot() {
        return new SmapsStats(resident, sharedClean, sharedDirty, privateClean, privateDirty,
                referenced, anonymous, lazyfree, anonymousThp, shmemThp, fileThp, swap,
                sharedHugetlb,
                privateHugetlb, ksm, pss, pssAnon, pssFile, pssShmem, pssDirty, pssLocked, swapPss);
    }
}
