package dev.ptshare.proc;

/** The folio tests smaps_account() and smaps_page_accumulate() branch on. */
public enum PageKind {
    /** folio_test_anon() and folio_test_swapbacked(): ordinary anonymous memory. */
    ANON,
    /** Anonymous but !swapbacked: MADV_FREE'd; counts as LazyFree while clean. */
    ANON_LAZYFREE,
    /** folio_test_ksm() (also anon and swapbacked): counts in KSM and Pss_Anon. */
    KSM,
    /** Neither anon nor swapbacked: page cache of a regular file (Pss_File). */
    FILE,
    /** Swapbacked, not anon: shmem/tmpfs, memfd, shared anonymous (Pss_Shmem). */
    SHMEM;

    boolean anon() {
        return this == ANON || this == ANON_LAZYFREE || this == KSM;
    }
}
