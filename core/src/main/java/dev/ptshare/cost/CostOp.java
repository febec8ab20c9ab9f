package dev.ptshare.cost;

/**
 * The operations the cost model prices. Each is counted exactly by the model (see {@link
 * OpCounts} for where) and priced by a {@link Calibration}; a modelled time is the sum of count
 * times price over these operations, nothing else.
 */
public enum CostOp {
    /** copy_process() and dup_mm() for one fork(), without the page-table work below. */
    FORK("fork", "fork() calls (copy_process, dup_mm; kernel/fork.c)"),
    /** An entry written into a child's PTE table by copy_pte_range() (mm/memory.c). */
    PTE_COPIED("pte_copied", "PTEs written into a child's tables at fork (copy_pte_range)"),
    /**
     * One page's refcount, mapcount and RSS raised for a new mapping made in bulk:
     * copy_present_pte()
     * at fork (folio_try_dup_anon_rmap_pte, folio_get, rss[]), or a COW-PTE table copy or per-page
     * accounting at fork.
     */
    PAGE_ACCOUNTED("page_accounted",
            "pages whose refcount, mapcount and RSS fork raised (copy_present_pte)"),
    /** A page-table page allocated: pte_alloc_one(), __pmd_alloc(), pgd_alloc(), ... */
    TABLE_ALLOCATED("table_allocated", "page-table pages allocated (pte_alloc_one, ...)"),
    /** A page-table page freed: free_pte_range(), pte_free_tlb(), pgd_free(), ... */
    TABLE_FREED("table_freed", "page-table pages freed (free_pgtables, pgd_free)"),
    /** A PTE table shared at fork instead of copied (COW-PTE: PMD entry write-protected). */
    TABLE_SHARED("table_shared", "PTE tables shared at fork instead of copied (COW-PTE)"),
    /** A present entry cleared by zap_pte_range(), with its page's rmap, refcount and RSS. */
    PTE_ZAPPED("pte_zapped", "present PTEs cleared by zap_pte_range (munmap, exit, madvise)"),
    /** A data page whose last reference went back to the page allocator. */
    PAGE_FREED("page_freed", "data pages freed (last reference dropped)"),
    /** A page fault: exception entry, handle_mm_fault() and return (min_flt + maj_flt). */
    FAULT("fault", "page faults counted by mm_account_fault (min_flt + maj_flt)"),
    /** A page allocated and cleared for a fault (clear_page; 512 per 2 MiB hugetlb page). */
    PAGE_ZEROED("page_zeroed", "pages allocated and cleared (anon, shmem, hugetlb faults)"),
    /** A page allocated and copied for copy-on-write (copy_user_highpage). */
    PAGE_COPIED("page_copied", "pages allocated and copied on COW (wp_page_copy, do_cow_fault)"),
    /** A TLB flush request on the calling CPU: flush_tlb_mm_range(), flush_tlb_all(). */
    TLB_FLUSH("tlb_flush", "TLB flush requests (flush_tlb_mm_range, flush_tlb_all)"),
    /** A shootdown IPI: one remote CPU interrupted to flush (native_flush_tlb_multi). */
    IPI("ipi", "TLB shootdown IPIs (flush_tlb_multi), one per remote CPU");

    /** The name in JSON, CSV and docs. */
    public final String key;
    public final String description;

    CostOp(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** Number of operations (the length of every count and price array). */
    public static final int COUNT = values().length;
}
