package dev.ptshare.phys;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.Arrays;

/**
 * Physical memory: {@code totalFrames} 4 KiB frames. Data frames have struct-of-arrays metadata
 * (the parts of struct page / struct folio the model needs: refcount, mapcount, flags) and
 * sparse contents: a frame that was never stored to with non-zero bytes reads as zeros and
 * costs no memory. Page-table pages are counted here ({@link #allocTableFrame}) but live in the
 * PageTableStore. Frame 0 is the shared zero page (mm/memory.c ZERO_PAGE).
 */
public final class PhysMem {
    public static final int PAGE_SIZE = 4096;
    public static final int ZERO_PFN = 0;

    // Page flags (include/linux/page-flags.h, the ones the model uses).
    public static final byte F_ANON = 1; // folio_test_anon
    public static final byte F_DIRTY = 2; // PG_dirty
    public static final byte F_ANON_EXCLUSIVE = 4; // PageAnonExclusive
    public static final byte F_SWAPBACKED = 8; // PG_swapbacked (shmem, anon)
    public static final byte F_HUGE_HEAD = 16; // head of a hugetlb folio
    public static final byte F_REFERENCED = 32; // PG_referenced

    private final long totalFrames;
    private long usedFrames;
    private long dataFrames;
    private long tableFrames;
    private long reservedFrames;

    private int[] refcount = new int[1024];
    private int[] mapcount = new int[1024];
    private byte[] flags = new byte[1024];
    private int[] freeList = new int[256];
    private int freeTop;
    private int nextPfn = 1;
    private final Int2ObjectOpenHashMap<byte[]> contents = new Int2ObjectOpenHashMap<>();

    public PhysMem(long totalBytes) {
        this.totalFrames = totalBytes / PAGE_SIZE;
        refcount[ZERO_PFN] = 1;
    }

    public long totalFrames() {
        return totalFrames;
    }

    public long freeFrames() {
        return totalFrames - usedFrames;
    }

    public long dataFrames() {
        return dataFrames;
    }

    public long tableFrames() {
        return tableFrames;
    }

    /** A fresh zeroed data frame with refcount 1, or -1 when memory is exhausted. */
    public int alloc(byte pageFlags) {
        if (usedFrames >= totalFrames) return -1;
        int pfn;
        if (freeTop > 0) {
            pfn = freeList[--freeTop];
        } else {
            pfn = nextPfn++;
            if (pfn == refcount.length) grow();
        }
        usedFrames++;
        dataFrames++;
        refcount[pfn] = 1;
        mapcount[pfn] = 0;
        flags[pfn] = pageFlags;
        return pfn;
    }

    private void grow() {
        int n = refcount.length * 2;
        refcount = Arrays.copyOf(refcount, n);
        mapcount = Arrays.copyOf(mapcount, n);
        flags = Arrays.copyOf(flags, n);
    }

    /** Frames taken out of the general pool (the hugetlb pool); false when not enough free. */
    public boolean reserve(long frames) {
        if (usedFrames + frames > totalFrames) return false;
        usedFrames += frames;
        reservedFrames += frames;
        return true;
    }

    public long reservedFrames() {
        return reservedFrames;
    }

    /** Accounts one page-table page; false when memory is exhausted. */
    public boolean allocTableFrame() {
        if (usedFrames >= totalFrames) return false;
        usedFrames++;
        tableFrames++;
        return true;
    }

    public void freeTableFrame() {
        usedFrames--;
        tableFrames--;
    }

    /** put_page(): drops a reference; the frame is freed when the last one goes. */
    public void put(int pfn) {
        if (pfn == ZERO_PFN) return;
        if (--refcount[pfn] > 0) return;
        if (refcount[pfn] < 0) throw new IllegalStateException("refcount underflow on pfn " + pfn);
        contents.remove(pfn);
        flags[pfn] = 0;
        mapcount[pfn] = 0;
        usedFrames--;
        dataFrames--;
        if (freeTop == freeList.length) freeList = Arrays.copyOf(freeList, freeTop * 2);
        freeList[freeTop++] = pfn;
    }

    public void get(int pfn) {
        if (pfn != ZERO_PFN) refcount[pfn]++;
    }

    public int refcount(int pfn) {
        return refcount[pfn];
    }

    public int mapcount(int pfn) {
        return mapcount[pfn];
    }

    public void addMapcount(int pfn, int delta) {
        if (pfn != ZERO_PFN) mapcount[pfn] += delta;
    }

    public boolean test(int pfn, byte flag) {
        return (flags[pfn] & flag) != 0;
    }

    public void set(int pfn, byte flag) {
        flags[pfn] |= flag;
    }

    public void clear(int pfn, byte flag) {
        flags[pfn] &= (byte) ~flag;
    }

    /** Whether {@code pfn} is a live data frame (for audits). */
    public boolean live(int pfn) {
        return pfn > 0 && pfn < nextPfn && refcount[pfn] > 0;
    }

    public int pfnLimit() {
        return nextPfn;
    }

    // Contents.

    public int readByte(int pfn, int offset) {
        byte[] c = contents.get(pfn);
        return c == null ? 0 : c[offset] & 0xff;
    }

    public void writeByte(int pfn, int offset, int value) {
        if (pfn == ZERO_PFN) throw new IllegalStateException("write to the zero page");
        byte[] c = contents.get(pfn);
        if (c == null) {
            if (value == 0) return;
            c = new byte[PAGE_SIZE];
            contents.put(pfn, c);
        }
        c[offset] = (byte) value;
    }

    /** copy_user_highpage(): contents of {@code from} into {@code to}. */
    public void copy(int from, int to) {
        byte[] c = contents.get(from);
        if (c == null)
            contents.remove(to);
        else
            contents.put(to, c.clone());
    }

    /** clear_highpage(). */
    public void zero(int pfn) {
        contents.remove(pfn);
    }
}
