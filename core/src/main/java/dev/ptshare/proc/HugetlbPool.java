package dev.ptshare.proc;

/**
 * One struct hstate as hugetlb_report_meminfo() (mm/hugetlb.c) reads it. Counts are huge pages.
 *
 * @param pageSizeBytes huge_page_size() (2 MiB or 1 GiB on x86_64)
 * @param total         nr_huge_pages
 * @param free          free_huge_pages
 * @param reserved      resv_huge_pages
 * @param surplus       surplus_huge_pages
 */
public record HugetlbPool(long pageSizeBytes, long total, long free, long reserved, long surplus) {
    /** An empty 2 MiB pool, the x86_64 default_hstate. */
    public static final HugetlbPool EMPTY_2M = new HugetlbPool(2L << 20, 0, 0, 0, 0);
}
