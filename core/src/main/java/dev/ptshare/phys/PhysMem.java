package dev.ptshare.phys;

import it.unimi.dsi.fastutil.ints.Int2ObjectOpenHashMap;
import java.util.Arrays;

/**
 * Physical memory: {@code totalFrames} 4 KiB frames. Data frames have struct-of-arrays metadata
 * (the parts of struct page the model needs: refcount, mapcount, flags) and sparse contents: a
 * frame never stored to with non-zero bytes reads as zeros and costs nothing. Page-table pages
 * are counted here ({@link #allocTableFrame}) but live in the PageTableStore. Frame 0 is the
 * shared zero page.
 *
 * <p>Page-cache pages live in <em>chunks</em>: 512 aligned frames reserved for one 2 MiB-aligned
 * range of one file, so that a fully cached range is physically contiguous. A page-table page
 * mapping a whole chunk can then be stored compactly, and it holds one chunk-level reference
 * and mapcount instead of 512 ({@link #chunkMap}); a page's refcount and mapcount are its own
 * plus its chunk's. Reserving a chunk costs no memory: only frames actually allocated count.
 */
public final class PhysMem {
    public static final int PAGE_SIZE = 4096;
    public static final int ZERO_PFN = 0;
    public static final int CHUNK_SHIFT = 9;
    public static final int CHUNK = 1 << CHUNK_SHIFT;

    // Page flags (include/linux/page-flags.h, the ones the model uses).
    public static final byte F_ANON = 1; // folio_test_anon
    public static final byte F_DIRTY = 2; // PG_dirty
    public static final byte F_ANON_EXCLUSIVE = 4; // PageAnonExclusive
    public static final byte F_SWAPBACKED = 8; // PG_swapbacked (shmem, anon)
    public static final byte F_HUGE_HEAD = 16; // head of a hugetlb folio
    public static final byte F_REFERENCED = 32; // PG_referenced
    /** !PG_uptodate: a shmem_fallocate() page, until its first fault clears and marks it. */
    public static final byte F_NOT_UPTODATE = 64;
    /** Model-internal: the frame is allocated. */
    private static final byte F_LIVE = (byte) 0x80;

    private final long totalFrames;
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

    // Chunk-level state, indexed by pfn >> CHUNK_SHIFT.
    private boolean[] reservedChunk = new boolean[16];
    private int[] chunkRef = new int[16];
    private int[] chunkMap = new int[16];
    private short[] chunkUsed = new short[16];
    private short[] chunkDirty = new short[16];
    /** Frames of the chunk whose own (per-frame) mapcount is not zero. */
    private short[] chunkFrameMapped = new short[16];
    private int[] freeChunks = new int[16];
    private int freeChunkTop;

    public PhysMem(long totalBytes) {
        this.totalFrames = totalBytes / PAGE_SIZE;
        refcount[ZERO_PFN] = 1;
    }

    /** Frames in use: data frames, page-table frames and the hugetlb pools (kept as their sum). */
    private long usedFrames() {
        return dataFrames + tableFrames + reservedFrames;
    }

    public long totalFrames() {
        return totalFrames;
    }

    public long freeFrames() {
        return totalFrames - usedFrames();
    }

    public long dataFrames() {
        return dataFrames;
    }

    public long tableFrames() {
        return tableFrames;
    }

    /** Ordinary frame numbers stay below this (the hugetlb pools live above it). */
    private long pfnCeiling = Integer.MAX_VALUE;

    /** Caps ordinary frame numbers: memory=unbounded ends where the hugetlb pools begin. */
    public void limitPfns(long ceiling) {
        pfnCeiling = ceiling;
    }

    /** Pages cleared for a fault (clear_page; for the cost model, dev.ptshare.cost). */
    private long pagesZeroed;
    /** Pages copied (copy_user_highpage). */
    private long pagesCopied;
    /** Data frames freed (their last reference dropped). */
    private long pagesFreed;

    public long pagesZeroed() {
        return pagesZeroed;
    }

    public long pagesCopied() {
        return pagesCopied;
    }

    public long pagesFreed() {
        return pagesFreed;
    }

    /** {@code pages} pages were cleared outside {@link #alloc} (hugetlb folio_zero_user()). */
    public void zeroed(long pages) {
        pagesZeroed += pages;
    }

    /**
     * A fresh zeroed data frame outside any chunk, refcount 1, or -1 when memory is exhausted.
     * Anonymous and shmem frames ({@link #F_SWAPBACKED}) count as cleared unless they stay
     * !uptodate ({@link #F_NOT_UPTODATE}, cleared at their first fault); page-cache frames of
     * disk files are read, not cleared.
     */
    public int alloc(byte pageFlags) {
        int pfn = allocFrame(pageFlags);
        if (pfn >= 0) countZeroed(pageFlags, 1);
        return pfn;
    }

    /**
     * {@link #alloc} of a frame that one PTE maps at once: folio_add_new_anon_rmap() starts a new
     * folio with one mapping. Frames from alloc() are never in a reserved chunk, so no chunk-level
     * count moves.
     */
    public int allocMapped(byte pageFlags) {
        int pfn = alloc(pageFlags);
        if (pfn >= 0) mapcount[pfn] = 1;
        return pfn;
    }

    /**
     * A fresh data frame holding a copy of {@code from} (wp_page_copy(), do_cow_fault():
     * copy_user_highpage() instead of clearing), or -1 when memory is exhausted.
     */
    public int allocCopy(int from, byte pageFlags) {
        int pfn = allocFrame(pageFlags);
        if (pfn >= 0) copy(from, pfn);
        return pfn;
    }

    private void countZeroed(byte pageFlags, int n) {
        if ((pageFlags & (F_SWAPBACKED | F_NOT_UPTODATE)) == F_SWAPBACKED) pagesZeroed += n;
    }

    private int allocFrame(byte pageFlags) {
        if (usedFrames() >= totalFrames || freeTop == 0 && nextPfn >= pfnCeiling) return -1;
        int pfn;
        if (freeTop > 0) {
            pfn = freeList[--freeTop];
        } else {
            pfn = nextPfn++;
            ensure(pfn);
        }
        take(pfn, pageFlags);
        return pfn;
    }

    private void take(int pfn, byte pageFlags) {
        if ((pageFlags & F_NOT_UPTODATE) != 0) staleFrames++;
        dataFrames++;
        refcount[pfn] = 1;
        mapcount[pfn] = 0;
        flags[pfn] = (byte) (pageFlags | F_LIVE);
        if ((pageFlags & F_DIRTY) != 0 && reservedChunk[pfn >>> CHUNK_SHIFT])
            chunkDirty[pfn >>> CHUNK_SHIFT]++;
    }

    private void ensure(int pfn) {
        if (pfn >= refcount.length) {
            int n = Math.max(refcount.length * 2, (pfn | (CHUNK - 1)) + 1);
            refcount = Arrays.copyOf(refcount, n);
            mapcount = Arrays.copyOf(mapcount, n);
            flags = Arrays.copyOf(flags, n);
        }
        int c = pfn >>> CHUNK_SHIFT;
        if (c >= chunkRef.length) {
            int n = Math.max(chunkRef.length * 2, c + 1);
            reservedChunk = Arrays.copyOf(reservedChunk, n);
            chunkRef = Arrays.copyOf(chunkRef, n);
            chunkMap = Arrays.copyOf(chunkMap, n);
            chunkUsed = Arrays.copyOf(chunkUsed, n);
            chunkDirty = Arrays.copyOf(chunkDirty, n);
            chunkFrameMapped = Arrays.copyOf(chunkFrameMapped, n);
        }
    }

    /**
     * Reserves 512 aligned frames for one 2 MiB range of a file; returns the first frame, or -1
     * when frame numbers run out.
     */
    public int reserveChunk() {
        if (freeChunkTop > 0) return freeChunks[--freeChunkTop] << CHUNK_SHIFT;
        int base = (nextPfn + CHUNK - 1) & -CHUNK;
        if (base + CHUNK > pfnCeiling) return -1;
        ensure(base + CHUNK - 1);
        for (int p = nextPfn; p < base; p++) {
            if (freeTop == freeList.length) freeList = Arrays.copyOf(freeList, freeTop * 2);
            freeList[freeTop++] = p;
        }
        nextPfn = base + CHUNK;
        reservedChunk[base >>> CHUNK_SHIFT] = true;
        return base;
    }

    /** Gives back a chunk none of whose frames is in use (the file range went away). */
    public void releaseChunk(int base) {
        int c = base >>> CHUNK_SHIFT;
        if (chunkUsed[c] != 0)
            throw new IllegalStateException("chunk " + c + " still has frames in use");
        if (freeChunkTop == freeChunks.length)
            freeChunks = Arrays.copyOf(freeChunks, freeChunkTop * 2);
        freeChunks[freeChunkTop++] = c;
    }

    /** Allocates the frame {@code pfn} of a reserved chunk; false when memory is exhausted. */
    public boolean allocAt(int pfn, byte pageFlags) {
        if (usedFrames() >= totalFrames) return false;
        chunkUsed[pfn >>> CHUNK_SHIFT]++;
        take(pfn, pageFlags);
        countZeroed(pageFlags, 1);
        return true;
    }

    /** Allocates all 512 frames of an unused reserved chunk; false when memory is exhausted. */
    public boolean allocChunk(int base, byte pageFlags) {
        if (usedFrames() + CHUNK > totalFrames || chunkUsed[base >>> CHUNK_SHIFT] != 0)
            return false;
        chunkUsed[base >>> CHUNK_SHIFT] = CHUNK;
        for (int p = base; p < base + CHUNK; p++) take(p, pageFlags);
        countZeroed(pageFlags, CHUNK);
        return true;
    }

    /** Frames of the chunk starting at base now in use. */
    public int chunkUsed(int base) {
        return chunkUsed[base >>> CHUNK_SHIFT];
    }

    /** Frames that can still be allocated. */
    public boolean canAlloc(long n) {
        return usedFrames() + n <= totalFrames && nextPfn + n + CHUNK <= pfnCeiling;
    }

    /** Frames taken out of the general pool (the hugetlb pool); false when not enough free. */
    public boolean reserve(long frames) {
        if (usedFrames() + frames > totalFrames) return false;
        reservedFrames += frames;
        return true;
    }

    public long reservedFrames() {
        return reservedFrames;
    }

    /** Accounts one page-table page; false when memory is exhausted. */
    public boolean allocTableFrame() {
        if (usedFrames() >= totalFrames) return false;
        tableFrames++;
        return true;
    }

    /** A page-table frame that must be had (__GFP_NOFAIL): taken even past the total. */
    public void allocTableFrameNoFail() {
        tableFrames++;
    }

    public void freeTableFrame() {
        tableFrames--;
    }

    /** put_page(): drops a reference; the frame is freed when its last one goes. */
    public void put(int pfn) {
        if (pfn == ZERO_PFN) return;
        if (--refcount[pfn] < 0)
            throw new IllegalStateException("refcount underflow on pfn " + pfn);
        if (refcount[pfn] == 0
                && (!reservedChunk[pfn >>> CHUNK_SHIFT] || chunkRef[pfn >>> CHUNK_SHIFT] == 0))
            free(pfn);
    }

    private void free(int pfn) {
        pagesFreed++;
        contents.remove(pfn);
        if ((flags[pfn] & F_NOT_UPTODATE) != 0) staleFrames--;
        int c = pfn >>> CHUNK_SHIFT;
        if (reservedChunk[c]) {
            if ((flags[pfn] & F_DIRTY) != 0) chunkDirty[c]--;
            chunkUsed[c]--;
        } else {
            if (freeTop == freeList.length) freeList = Arrays.copyOf(freeList, freeTop * 2);
            freeList[freeTop++] = pfn;
        }
        flags[pfn] = 0;
        if (mapcount[pfn] != 0) addMapcount(pfn, -mapcount[pfn]);
        dataFrames--;
    }

    public void get(int pfn) {
        if (pfn != ZERO_PFN) refcount[pfn]++;
    }

    public int refcount(int pfn) {
        return refcount[pfn]
                + (reservedChunk[pfn >>> CHUNK_SHIFT] ? chunkRef[pfn >>> CHUNK_SHIFT] : 0);
    }

    public int mapcount(int pfn) {
        return mapcount[pfn]
                + (reservedChunk[pfn >>> CHUNK_SHIFT] ? chunkMap[pfn >>> CHUNK_SHIFT] : 0);
    }

    /** One more mapping of a page-cache frame: {@link #get} and {@link #addMapcount} by one. */
    public void mapFilePage(int pfn) {
        refcount[pfn]++;
        addMapcount(pfn, 1);
    }

    public void addMapcount(int pfn, int delta) {
        if (pfn == ZERO_PFN) return;
        int old = mapcount[pfn];
        mapcount[pfn] = old + delta;
        int c = pfn >>> CHUNK_SHIFT;
        if (c < reservedChunk.length && reservedChunk[c]) {
            if (old == 0 && old + delta != 0)
                chunkFrameMapped[c]++;
            else if (old != 0 && old + delta == 0) chunkFrameMapped[c]--;
        }
    }

    /** A compact page table now maps all 512 frames of the chunk: one reference and mapcount. */
    public void chunkMap(int base) {
        int c = base >>> CHUNK_SHIFT;
        chunkRef[c]++;
        chunkMap[c]++;
    }

    /** A compact mapping of the chunk went away; frames nobody else holds are freed. */
    public void chunkUnmap(int base) {
        int c = base >>> CHUNK_SHIFT;
        chunkMap[c]--;
        if (--chunkRef[c] == 0) {
            for (int p = base; p < base + CHUNK; p++) if (refcount[p] == 0 && live(p)) free(p);
        }
    }

    /** A compact table became ordinary: its chunk-level counts move to the 512 frames. */
    public void unchunk(int base) {
        int c = base >>> CHUNK_SHIFT;
        for (int p = base; p < base + CHUNK; p++) {
            refcount[p]++;
            addMapcount(p, 1);
        }
        chunkRef[c]--;
        chunkMap[c]--;
    }

    /**
     * Whether every frame of the chunk has the same mapcount, flags and dirtiness (so one smaps
     * account call can stand for all 512).
     */
    public boolean chunkUniform(int base) {
        int c = base >>> CHUNK_SHIFT;
        return chunkUsed[c] == CHUNK && chunkFrameMapped[c] == 0
                && (chunkDirty[c] == 0 || chunkDirty[c] == CHUNK);
    }

    public boolean test(int pfn, byte flag) {
        return (flags[pfn] & flag) != 0;
    }

    public void set(int pfn, byte flag) {
        if (flag == F_NOT_UPTODATE && (flags[pfn] & flag) == 0) staleFrames++;
        if (flag == F_DIRTY && (flags[pfn] & F_DIRTY) == 0 && reservedChunk[pfn >>> CHUNK_SHIFT])
            chunkDirty[pfn >>> CHUNK_SHIFT]++;
        flags[pfn] |= flag;
    }

    public void clear(int pfn, byte flag) {
        if (flag == F_LIVE) throw new IllegalArgumentException("F_LIVE is internal");
        if (flag == F_NOT_UPTODATE && (flags[pfn] & flag) != 0) {
            staleFrames--;
            pagesZeroed++; // shmem_get_folio_gfp() clears a fallocated folio at its first fault
        }
        if (flag == F_DIRTY && (flags[pfn] & F_DIRTY) != 0 && reservedChunk[pfn >>> CHUNK_SHIFT])
            chunkDirty[pfn >>> CHUNK_SHIFT]--;
        flags[pfn] &= (byte) ~flag;
    }

    /** Frames that are not up to date (F_NOT_UPTODATE) anywhere: bulk paths check only if any. */
    private long staleFrames;

    /** Whether every frame of the chunk at base is up to date. */
    public boolean chunkUptodate(int base) {
        if (staleFrames == 0) return true;
        for (int p = base; p < base + CHUNK; p++)
            if ((flags[p] & F_NOT_UPTODATE) != 0) return false;
        return true;
    }

    /** Marks every frame of a full chunk dirty (a bulk write fault). */
    public void setChunkDirty(int base) {
        int c = base >>> CHUNK_SHIFT;
        if (chunkDirty[c] == CHUNK) return;
        for (int p = base; p < base + CHUNK; p++) set(p, F_DIRTY);
    }

    /** Whether {@code pfn} is a live data frame (for audits). */
    public boolean live(int pfn) {
        return pfn > 0 && pfn < nextPfn && (flags[pfn] & F_LIVE) != 0;
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
        pagesCopied++;
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
