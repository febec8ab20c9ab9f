package dev.ptshare.proc;

import java.util.List;

/**
 * The global counters meminfo_proc_show() (fs/proc/meminfo.c) prints. Every memory amount is in
 * 4 KiB pages, as the kernel's counters are, except where the name ends in Kb or Bytes (those
 * counters are kept in that unit by the kernel). The formatter derives Cached, Active, Inactive,
 * KReclaimable, Slab and Hugetlb as the kernel does.
 *
 * @param memTotal              totalram_pages()
 * @param memFree               NR_FREE_PAGES
 * @param memAvailable          si_mem_available()
 * @param buffers               nr_blockdev_pages()
 * @param filePages             NR_FILE_PAGES (Cached = this - SwapCached - Buffers, floored at 0)
 * @param swapCached            total_swapcache_pages()
 * @param activeAnon            NR_ACTIVE_ANON
 * @param inactiveAnon          NR_INACTIVE_ANON
 * @param activeFile            NR_ACTIVE_FILE
 * @param inactiveFile          NR_INACTIVE_FILE
 * @param unevictable           NR_UNEVICTABLE
 * @param mlocked               NR_MLOCK
 * @param swapTotal             total swap
 * @param swapFree              free swap
 * @param zswap                 zswap_total_pages() (compressed pool)
 * @param zswapped              zswap_stored_pages (uncompressed)
 * @param dirty                 NR_FILE_DIRTY
 * @param writeback             NR_WRITEBACK
 * @param anonPages             NR_ANON_MAPPED
 * @param mapped                NR_FILE_MAPPED
 * @param shmem                 NR_SHMEM (sharedram)
 * @param sReclaimable          NR_SLAB_RECLAIMABLE_B in pages
 * @param sUnreclaim            NR_SLAB_UNRECLAIMABLE_B in pages
 * @param kernelMiscReclaimable NR_KERNEL_MISC_RECLAIMABLE
 * @param kernelStackKb         NR_KERNEL_STACK_KB (kB)
 * @param pageTables            NR_PAGETABLE
 * @param secPageTables         NR_SECONDARY_PAGETABLE
 * @param commitLimit           vm_commit_limit()
 * @param committedAs           vm_memory_committed()
 * @param vmallocTotalBytes     VMALLOC_TOTAL (bytes): 32 TiB - 1 with 4-level paging
 * @param vmallocUsed           vmalloc_nr_pages()
 * @param percpu                pcpu_nr_pages()
 * @param hardwareCorrupted     num_poisoned_pages
 * @param anonHugePages         NR_ANON_THPS
 * @param shmemHugePages        NR_SHMEM_THPS
 * @param shmemPmdMapped        NR_SHMEM_PMDMAPPED
 * @param fileHugePages         NR_FILE_THPS
 * @param filePmdMapped         NR_FILE_PMDMAPPED
 * @param cmaTotal              totalcma_pages
 * @param cmaFree               NR_FREE_CMA_PAGES
 * @param unaccepted            NR_UNACCEPTED
 * @param balloon               NR_BALLOON_PAGES (since 6.15)
 * @param hugetlbPools          every hstate; the first is default_hstate
 * @param directMap4k           direct_pages_count[PG_LEVEL_4K] (number of 4 KiB mappings)
 * @param directMap2M           direct_pages_count[PG_LEVEL_2M] (number of 2 MiB mappings)
 * @param directMap1G           direct_pages_count[PG_LEVEL_1G] (number of 1 GiB mappings)
 */
public record Meminfo(
        long memTotal,
        long memFree,
        long memAvailable,
        long buffers,
        long filePages,
        long swapCached,
        long activeAnon,
        long inactiveAnon,
        long activeFile,
        long inactiveFile,
        long unevictable,
        long mlocked,
        long swapTotal,
        long swapFree,
        long zswap,
        long zswapped,
        long dirty,
        long writeback,
        long anonPages,
        long mapped,
        long shmem,
        long sReclaimable,
        long sUnreclaim,
        long kernelMiscReclaimable,
        long kernelStackKb,
        long pageTables,
        long secPageTables,
        long commitLimit,
        long committedAs,
        long vmallocTotalBytes,
        long vmallocUsed,
        long percpu,
        long hardwareCorrupted,
        long anonHugePages,
        long shmemHugePages,
        long shmemPmdMapped,
        long fileHugePages,
        long filePmdMapped,
        long cmaTotal,
        long cmaFree,
        long unaccepted,
        long balloon,
        List<HugetlbPool> hugetlbPools,
        long directMap4k,
        long directMap2M,
        long directMap1G) {

    /** VMALLOC_END - VMALLOC_START for x86_64 4-level paging (VMALLOC_SIZE_TB = 32). */
    public static final long VMALLOC_TOTAL_4LEVEL = (32L << 40) - 1;

    public Meminfo {
        hugetlbPools = List.copyOf(hugetlbPools);
    }

    /** The Cached value: NR_FILE_PAGES - swapcache - buffers, never below 0. */
    public long cached() {
        return Math.max(0, filePages - swapCached - buffers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a Meminfo; all counters start at 0, VmallocTotal at 4-level, one empty 2 MiB pool. */
    public static final class Builder {
        private long memTotal, memFree, memAvailable, buffers, filePages, swapCached;
        private long activeAnon, inactiveAnon, activeFile, inactiveFile, unevictable, mlocked;
        private long swapTotal, swapFree, zswap, zswapped, dirty, writeback, anonPages, mapped,
                shmem;
        private long sReclaimable, sUnreclaim, kernelMiscReclaimable, kernelStackKb;
        private long pageTables, secPageTables, commitLimit, committedAs;
        private long vmallocTotalBytes = VMALLOC_TOTAL_4LEVEL, vmallocUsed, percpu,
                hardwareCorrupted;
        private long anonHugePages, shmemHugePages, shmemPmdMapped, fileHugePages, filePmdMapped;
        private long cmaTotal, cmaFree, unaccepted, balloon;
        private List<HugetlbPool> hugetlbPools = List.of(HugetlbPool.EMPTY_2M);
        private long directMap4k, directMap2M, directMap1G;

        public Builder memTotal(long v) {
            memTotal = v;
            return this;
        }

        public Builder memFree(long v) {
            memFree = v;
            return this;
        }

        public Builder memAvailable(long v) {
            memAvailable = v;
            return this;
        }

        public Builder buffers(long v) {
            buffers = v;
            return this;
        }

        public Builder filePages(long v) {
            filePages = v;
            return this;
        }

        public Builder swapCached(long v) {
            swapCached = v;
            return this;
        }

        public Builder activeAnon(long v) {
            activeAnon = v;
            return this;
        }

        public Builder inactiveAnon(long v) {
            inactiveAnon = v;
            return this;
        }

        public Builder activeFile(long v) {
            activeFile = v;
            return this;
        }

        public Builder inactiveFile(long v) {
            inactiveFile = v;
            return this;
        }

        public Builder unevictable(long v) {
            unevictable = v;
            return this;
        }

        public Builder mlocked(long v) {
            mlocked = v;
            return this;
        }

        public Builder swapTotal(long v) {
            swapTotal = v;
            return this;
        }

        public Builder swapFree(long v) {
            swapFree = v;
            return this;
        }

        public Builder zswap(long v) {
            zswap = v;
            return this;
        }

        public Builder zswapped(long v) {
            zswapped = v;
            return this;
        }

        public Builder dirty(long v) {
            dirty = v;
            return this;
        }

        public Builder writeback(long v) {
            writeback = v;
            return this;
        }

        public Builder anonPages(long v) {
            anonPages = v;
            return this;
        }

        public Builder mapped(long v) {
            mapped = v;
            return this;
        }

        public Builder shmem(long v) {
            shmem = v;
            return this;
        }

        public Builder sReclaimable(long v) {
            sReclaimable = v;
            return this;
        }

        public Builder sUnreclaim(long v) {
            sUnreclaim = v;
            return this;
        }

        public Builder kernelMiscReclaimable(long v) {
            kernelMiscReclaimable = v;
            return this;
        }

        public Builder kernelStackKb(long v) {
            kernelStackKb = v;
            return this;
        }

        public Builder pageTables(long v) {
            pageTables = v;
            return this;
        }

        public Builder secPageTables(long v) {
            secPageTables = v;
            return this;
        }

        public Builder commitLimit(long v) {
            commitLimit = v;
            return this;
        }

        public Builder committedAs(long v) {
            committedAs = v;
            return this;
        }

        public Builder vmallocTotalBytes(long v) {
            vmallocTotalBytes = v;
            return this;
        }

        public Builder vmallocUsed(long v) {
            vmallocUsed = v;
            return this;
        }

        public Builder percpu(long v) {
            percpu = v;
            return this;
        }

        public Builder hardwareCorrupted(long v) {
            hardwareCorrupted = v;
            return this;
        }

        public Builder anonHugePages(long v) {
            anonHugePages = v;
            return this;
        }

        public Builder shmemHugePages(long v) {
            shmemHugePages = v;
            return this;
        }

        public Builder shmemPmdMapped(long v) {
            shmemPmdMapped = v;
            return this;
        }

        public Builder fileHugePages(long v) {
            fileHugePages = v;
            return this;
        }

        public Builder filePmdMapped(long v) {
            filePmdMapped = v;
            return this;
        }

        public Builder cmaTotal(long v) {
            cmaTotal = v;
            return this;
        }

        public Builder cmaFree(long v) {
            cmaFree = v;
            return this;
        }

        public Builder unaccepted(long v) {
            unaccepted = v;
            return this;
        }

        public Builder balloon(long v) {
            balloon = v;
            return this;
        }

        public Builder hugetlbPools(List<HugetlbPool> v) {
            hugetlbPools = v;
            return this;
        }

        public Builder directMap(long n4k, long n2m, long n1g) {
            directMap4k = n4k;
            directMap2M = n2m;
            directMap1G = n1g;
            return this;
        }

        public Meminfo build() {
            return new Meminfo(memTotal, memFree, memAvailable, buffers, filePages, swapCached,
                    activeAnon, inactiveAnon, activeFile, inactiveFile, unevictable, mlocked,
                    swapTotal,
                    swapFree, zswap, zswapped, dirty, writeback, anonPages, mapped, shmem,
                    sReclaimable,
                    sUnreclaim, kernelMiscReclaimable, kernelStackKb, pageTables, secPageTables,
                    commitLimit, committedAs, vmallocTotalBytes, vmallocUsed, percpu,
                    hardwareCorrupted,
                    anonHugePages, shmemHugePages, shmemPmdMapped, fileHugePages, filePmdMapped,
                    cmaTotal,
                    cmaFree, unaccepted, balloon, hugetlbPools, directMap4k, directMap2M,
                    directMap1G);
        }
    }
}
