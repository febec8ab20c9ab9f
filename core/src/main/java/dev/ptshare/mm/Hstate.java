package dev.ptshare.mm;

import java.util.Arrays;

/**
 * A huge page pool of one size (struct hstate, mm/hugetlb.c): nr_huge_pages, free_huge_pages,
 * resv_huge_pages, and per-page refcount and mapcount. Huge pages are physically contiguous
 * frames in a range of frame numbers of their own, so the page walk and the TLB can address
 * every 4 KiB inside them; their contents live in PhysMem's sparse content map like any frame.
 */
public final class Hstate {
    public final long pageSize;
    public final int order;
    private final long basePfn;
    private final int[] refcount;
    private final int[] mapcount;
    private final int[] freeList;
    /** Private (anonymous) copies, as opposed to page-cache pages of a hugetlbfs file. */
    private final boolean[] anon;
    private int freeTop;
    public long reserved;

    Hstate(long pageSize, long count, long basePfn) {
        this.pageSize = pageSize;
        this.order = Long.numberOfTrailingZeros(pageSize) - 12;
        this.basePfn = basePfn;
        this.refcount = new int[(int) count];
        this.mapcount = new int[(int) count];
        this.freeList = new int[(int) count];
        this.anon = new boolean[(int) count];
        for (int i = 0; i < count; i++) freeList[i] = (int) count - 1 - i;
        this.freeTop = (int) count;
    }

    public long nrPages() {
        return refcount.length;
    }

    public long freePages() {
        return freeTop;
    }

    public int pagesPerHuge() {
        return 1 << order;
    }

    /** Head frame number of huge page {@code idx}. */
    public long pfn(int idx) {
        return basePfn + ((long) idx << order);
    }

    /** The huge page whose head is {@code pfn}, or -1 if it is not one of ours. */
    public int index(long pfn) {
        long d = pfn - basePfn;
        if (d < 0 || (d >>> order) >= refcount.length) return -1;
        return (int) (d >>> order);
    }

    public boolean owns(long pfn) {
        return index(pfn) >= 0;
    }

    /** alloc_hugetlb_folio(): a free huge page, refcount 1, or -1. */
    int alloc() {
        if (freeTop == 0) return -1;
        int idx = freeList[--freeTop];
        refcount[idx] = 1;
        mapcount[idx] = 0;
        anon[idx] = false;
        return idx;
    }

    void get(int idx) {
        refcount[idx]++;
    }

    /** Drops a reference; returns true when the page went back to the pool. */
    boolean put(int idx) {
        if (--refcount[idx] > 0) return false;
        freeList[freeTop++] = idx;
        return true;
    }

    public int mapcount(int idx) {
        return mapcount[idx];
    }

    void addMapcount(int idx, int d) {
        mapcount[idx] += d;
    }

    public boolean anon(int idx) {
        return anon[idx];
    }

    void setAnon(int idx) {
        anon[idx] = true;
    }

    public int refcount(int idx) {
        return refcount[idx];
    }

    @Override
    public String toString() {
        return (pageSize >> 20) + "M pool "
                + Arrays.toString(new long[] { nrPages(), freePages(), reserved });
    }
}
