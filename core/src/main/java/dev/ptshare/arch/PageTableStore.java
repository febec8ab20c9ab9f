package dev.ptshare.arch;

import java.util.Arrays;

/**
 * Every page-table page of the machine, struct-of-arrays: 512 entries, its level, the number of
 * non-none entries (what free_pgtables and PT_RECLAIM look at) and {@code pt_share_count}
 * (include/linux/mm_types.h struct ptdesc), the count of <em>additional</em> sharers.
 *
 * <p>Ids are dense ints reused after free; a table's "frame number" is {@link
 * Pte#TABLE_PFN_BASE} + id. Memory accounting (the frame each table occupies) is the caller's
 * job, see {@code PhysMem}.
 */
public final class PageTableStore {
    public static final int ENTRIES = 512;

    /** Levels, named as Linux names them. */
    public static final int PTE = 1, PMD = 2, PUD = 3, P4D = 4, PGD = 5;

    private long[][] entries = new long[256][];
    private byte[] level = new byte[256];
    private short[] used = new short[256];
    private int[] shareCount = new int[256];
    /** The mm each table was allocated for (the sharer that owns it). */
    private int[] owner = new int[256];
    private int[] freeIds = new int[64];
    private int freeTop;
    private int nextId;
    private long live;

    public int alloc(int lvl) {
        int id;
        if (freeTop > 0) {
            id = freeIds[--freeTop];
        } else {
            id = nextId++;
            if (id == entries.length) grow();
        }
        entries[id] = new long[ENTRIES];
        level[id] = (byte) lvl;
        used[id] = 0;
        shareCount[id] = 0;
        owner[id] = 0;
        live++;
        return id;
    }

    private void grow() {
        int n = entries.length * 2;
        entries = Arrays.copyOf(entries, n);
        level = Arrays.copyOf(level, n);
        used = Arrays.copyOf(used, n);
        shareCount = Arrays.copyOf(shareCount, n);
        owner = Arrays.copyOf(owner, n);
    }

    public void free(int id) {
        if (entries[id] == null) throw new IllegalStateException("double free of page table " + id);
        entries[id] = null;
        live--;
        if (freeTop == freeIds.length) freeIds = Arrays.copyOf(freeIds, freeTop * 2);
        freeIds[freeTop++] = id;
    }

    public boolean allocated(int id) {
        return id >= 0 && id < nextId && entries[id] != null;
    }

    public long get(int id, int index) {
        return entries[id][index];
    }

    /** Writes one entry and keeps the non-none count. */
    public void set(int id, int index, long e) {
        long[] t = entries[id];
        long old = t[index];
        if (old == 0 && e != 0)
            used[id]++;
        else if (old != 0 && e == 0) used[id]--;
        t[index] = e;
    }

    /** Direct access for bulk loops; callers that change none-ness must call {@link #recount}. */
    public long[] raw(int id) {
        return entries[id];
    }

    public void recount(int id) {
        int n = 0;
        for (long e : entries[id]) if (e != 0) n++;
        used[id] = (short) n;
    }

    public int used(int id) {
        return used[id];
    }

    /** The id of the mm the table was allocated for (0: none). */
    public int owner(int id) {
        return owner[id];
    }

    public void setOwner(int id, int mmId) {
        owner[id] = mmId;
    }

    public int level(int id) {
        return level[id];
    }

    public int shareCount(int id) {
        return shareCount[id];
    }

    public void setShareCount(int id, int n) {
        shareCount[id] = n;
    }

    /** Number of page-table pages allocated now. */
    public long live() {
        return live;
    }

    /** Highest id ever handed out + 1, for audits. */
    public int capacity() {
        return nextId;
    }
}
