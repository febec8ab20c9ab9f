package dev.ptshare.fs;

import java.util.Arrays;

/**
 * An inode's page cache (struct address_space i_pages): frame numbers by page index, stored in
 * chunks of 512 (one PTE table's worth), 0 meaning absent. Frame 0 is the zero page and never
 * cached, so 0 is free to mean "hole".
 */
public final class PageCache {
    private static final int CHUNK_SHIFT = 9;
    private static final int CHUNK = 1 << CHUNK_SHIFT;

    private int[][] chunks = new int[4][];
    private long nrPages;

    public int get(long index) {
        int c = (int) (index >>> CHUNK_SHIFT);
        if (c >= chunks.length || chunks[c] == null) return 0;
        return chunks[c][(int) index & (CHUNK - 1)];
    }

    public void put(long index, int pfn) {
        int c = (int) (index >>> CHUNK_SHIFT);
        if (c >= chunks.length) chunks = Arrays.copyOf(chunks, Math.max(c + 1, chunks.length * 2));
        if (chunks[c] == null) chunks[c] = new int[CHUNK];
        int i = (int) index & (CHUNK - 1);
        if (chunks[c][i] == 0 && pfn != 0)
            nrPages++;
        else if (chunks[c][i] != 0 && pfn == 0) nrPages--;
        chunks[c][i] = pfn;
    }

    public long nrPages() {
        return nrPages;
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
