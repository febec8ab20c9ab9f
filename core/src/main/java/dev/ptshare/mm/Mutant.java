package dev.ptshare.mm;

/**
 * Known-bad variants of the model. Each breaks one rule the kernel relies on; the reference
 * checker must catch every one of them (see the mutant tests).
 */
public enum Mutant {
    SKIP_REMOTE_TLB_FLUSH(
            "skip-remote-tlb-flush",
            "flush_tlb_mm_range() sends no IPIs: remote CPUs keep stale entries"),
    SKIP_FORK_WRPROTECT(
            "skip-fork-wrprotect",
            "copy_present_pte() leaves private anon PTEs writable in parent and child (no COW)"),
    LEAK_PAGE_TABLE("leak-page-table",
            "free_pte_range() clears the PMD entry but never frees the table"),
    SKIP_ACCESS_ERROR(
            "skip-access-error",
            "do_user_addr_fault() skips access_error() and faults write access in on read-only VMAs"),
    MSHARE_LOCAL_FLUSH(
            "mshare-local-flush",
            "mshare host page-table changes flush only the current CPU instead of flush_tlb_all()"),
    HUGETLB_SHARE_IGNORES_FLAGS(
            "hugetlb-share-ignores-flags",
            "page_table_shareable() shares PMD tables between VMAs whose flags differ (e.g. read-only and read-write)"),
    SKIP_MPROTECT_FLUSH(
            "skip-mprotect-flush", "change_protection() downgrades PTEs without a TLB flush"),
    SHAREDPT_SKIP_GUEST_FLUSH(
            "sharedpt-skip-guest-flush",
            "MAP_SHARED_PT host page-table changes flush only the acting process's mm (as RFC v2's"
                    + " flush_tlb_range() on the caller's VMA does), not every sharer"),
    COW_PTE_SKIP_UNSHARE(
            "cow-pte-skip-unshare",
            "COW PTE: a zap of part of a shared PTE table (munmap, MADV_DONTNEED) clears the entries"
                    + " in place instead of breaking COW first, unmapping them for every sharer"),
    FORK_IGNORES_UFFD_WP(
            "fork-ignores-uffd-wp",
            "vma_needs_copy() ignores VM_UFFD_WP: a child that keeps uffd-wp (UFFD_FEATURE_EVENT_FORK)"
                    + " gets no page tables for a file VMA, so its write-protection markers are lost"),
    ZAP_DROPS_UFFD_WP(
            "zap-drops-uffd-wp",
            "zap_pte_range() drops the uffd-wp state of a file VMA (no zap_install_uffd_wp_if_needed()):"
                    + " after MADV_DONTNEED a write-protected shmem page can be written"),
    PTSHARE_SKIP_SHADOW_FLUSH(
            "ptshare-skip-shadow-flush",
            "ptshare: the shadow mm's MMU notifier flushes no TLB, so a zap of the shared PTE tables"
                    + " (truncation, hole punch) leaves every process's translations stale"),
    PTSHARE_SKIP_UNSHARE(
            "ptshare-skip-unshare",
            "ptshare: mprotect() of a VM_PT_SHARED VMA does not unshare it first, so"
                    + " change_protection() rewrites the shared PTE tables of every process in the domain");

    public final String cliName;
    public final String description;

    Mutant(String cliName, String description) {
        this.cliName = cliName;
        this.description = description;
    }

    public static Mutant byName(String name) {
        for (Mutant m : values()) if (m.cliName.equals(name)) return m;
        return null;
    }
}
