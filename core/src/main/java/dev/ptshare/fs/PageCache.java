package dev.ptshare.fs;

import java.util.Arrays;

/**
 * An inode's page cache (struct address_space i_pages): frame numbers by page index, stored in
 * chunks of 512 (one PTE table's worth), 0 meaning absent. Frame 0 is the zero page and never
 * cached, so 0 is free to mean "hole".
 */
public final class PageCache {
    public static final int CHUNK_SHIFT = 9;
    public static final int CHUNK = 1 << CHUNK_SHIFT;

    private int[][] chunks = new int[4][];
    private long nrPages;

    /** Reserved physical chunk of each 2 MiB range of the file (0: none yet). */
    private int[] chunkBase = new int[4];

    public int chunkBase(long chunk) {
        return chunk < chunkBase.length ? chunkBase[(int) chunk] : 0;
    }

    public void setChunkBase(long chunk, int base) {
        if (chunk >= chunkBase.length) chunkBase = java.util.Arrays.copyOf(chunkBase,
                (int) Math.max(chunk + 1, chunkBase.length * 2L));
        chunkBase[(int) chunk] = base;
    }

    private short[] perChunk = new short[4];

    /** Number of cached pages in the 2 MiB range {@code chunk}. */
    public int cachedInChunk(long chunk) {
        return chunk < perChunk.length ? perChunk[(int) chunk] : 0;
    }

    /** Caches frames base..base+511 as the pages of the whole 2 MiB range {@code chunk}. */
    public void putChunk(long chunk, int base) {
        int c = (int) chunk;
        if (c >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        if (c >= perChunk.length)
            perChunk = Arrays.copyOf(perChunk, Math.max(c + 1, perChunk.length * 2));
        int[] a = chunks[c] == null ? (chunks[c] = new int[CHUNK]) : chunks[c];
        for (int i = 0; i < CHUNK; i++) a[i] = base + i;
        nrPages += CHUNK - perChunk[c];
        perChunk[c] = CHUNK;
    }

    /** The chunk the last get() read (chunk arrays, once made, are never replaced). */
    private int lastChunk = -1;

    private int[] lastPfns;

    public int get(long index) {
        int c = (int) (index >>> CHUNK_SHIFT);
        if (c != lastChunk) {
            if (c >= chunks.length || chunks[c] == null) return 0;
            lastChunk = c;
            lastPfns = chunks[c];
        }
        return lastPfns[(int) index & (CHUNK - 1)];
    }

    /**
     * The frames of chunk {@code c} (indices c*512..), null when none was ever cached; read only.
     */
    public int[] chunk(long c) {
        return c < chunks.length ? chunks[(int) c] : null;
    }

    public void put(long index, int pfn) {
        int c = (int) (index >>> CHUNK_SHIFT);
        if (c >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        if (chunks[c] == null) chunks[c] = new int[CHUNK];
        int i = (int) index & (CHUNK - 1);
        if (c >= perChunk.length)
            perChunk = Arrays.copyOf(perChunk, Math.max(c + 1, perChunk.length * 2));
        if (chunks[c][i] == 0 && pfn != 0) {
            nrPages++;
            perChunk[c]++;
        } else if (chunks[c][i] != 0 && pfn == 0) {
            nrPages--;
            perChunk[c]--;
        }
        chunks[c][i] = pfn;
    }

    public long nrPages() {
        return nrPages;
    }

    /** Indices whose folio carries PG_readahead (few: one per readahead window in flight). */
    private final it.unimi.dsi.fastutil.longs.LongOpenHashSet readahead = new it.unimi.dsi.fastutil.longs.LongOpenHashSet();

    /** Whether any cached folio carries PG_readahead. */
    public boolean anyReadahead() {
        return !readahead.isEmpty();
    }

    public boolean readahead(long index) {
        return !readahead.isEmpty() && readahead.contains(index);
    }

    public void setReadahead(long index, boolean on) {
        if (on)
            readahead.add(index);
        else
            readahead.remove(index);
    }

    /** Whether any folio in [from, to) carries PG_readahead. */
    public boolean readaheadIn(long from, long to) {
        if (readahead.isEmpty()) return false;
        for (long i : readahead) if (i >= from && i < to) return true;
        return false;
    }

    /** Highest possibly-populated index + 1 (for iteration). */
    public long limit() {
        return (long) chunks.length << CHUNK_SHIFT;
    }

    /** Index of the first cached page at or after {@code from}, or -1. */
    public long next(long from) {
        long lim = limit();
        for (long i = from; i < lim;) {
            int c = (int) (i >>> CHUNK_SHIFT);
            if (chunks[c] == null) {
                i = (long) (c + 1) << CHUNK_SHIFT;
                continue;
            }
            if (chunks[c][(int) i & (CHUNK - 1)] != 0) return i;
            i++;
        }
        return -1;
    }
}
