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
 *
 * <p>A PTE table whose 512 entries map 512 consecutive frames with the same bits is stored
 * <em>compact</em>: no entry array, just the first frame and the bits. It is still one 4 KiB
 * page-table page everywhere the kernel counts one. Any write of an entry expands it first, and
 * {@link #expandHook} is told so the owner of the frames can move its chunk-level counts.
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
    private int[] compactBase = new int[256];
    private long[] compactBits = new long[256];
    /** Told the first frame of a compact table that is being expanded. */
    public java.util.function.IntConsumer expandHook = base -> {};
    private int[] freeIds = new int[64];
    private int freeTop;
    private int nextId;
    private long live;
    /**
     * Bumped on every change of a non-PTE entry, every table free and every new entry array of a
     * table (walk memo validity).
     */
    public long upperGen;

    public int alloc(int lvl) {
        int id = allocId(lvl);
        forget(id);
        entries[id] = entryArray();
        return id;
    }

    /**
     * Entry arrays of freed tables, kept for the next allocations (at most {@link #SPARE_MAX}):
     * a table allocated per 512 faults would otherwise be a new 4 KiB object each time.
     */
    private final long[][] spare = new long[SPARE_MAX][];
    private int spareTop;
    private static final int SPARE_MAX = 1024;

    /** Entry arrays held for reuse: heap that no table uses (a heap footprint leaves it out). */
    public int spareArrays() {
        return spareTop;
    }

    /** A zeroed entry array (pte_alloc_one() allocates with __GFP_ZERO). */
    private long[] entryArray() {
        if (spareTop == 0) return new long[ENTRIES];
        long[] t = spare[--spareTop];
        spare[spareTop] = null;
        Arrays.fill(t, 0);
        return t;
    }

    private int allocId(int lvl) {
        int id;
        if (freeTop > 0) {
            id = freeIds[--freeTop];
        } else {
            id = nextId++;
            if (id == entries.length) grow();
        }
        level[id] = (byte) lvl;
        used[id] = 0;
        compactBase[id] = 0;
        shareCount[id] = 0;
        owner[id] = 0;
        live++;
        allocs++;
        return id;
    }

    private void grow() {
        int n = entries.length * 2;
        entries = Arrays.copyOf(entries, n);
        level = Arrays.copyOf(level, n);
        used = Arrays.copyOf(used, n);
        shareCount = Arrays.copyOf(shareCount, n);
        owner = Arrays.copyOf(owner, n);
        compactBase = Arrays.copyOf(compactBase, n);
        compactBits = Arrays.copyOf(compactBits, n);
    }

    /** A full PTE table mapping frames base..base+511 with {@code bits}, stored compact. */
    public int allocCompact(int base, long bits) {
        int id = allocId(PTE);
        forget(id);
        entries[id] = null;
        compactBase[id] = base;
        compactBits[id] = bits;
        used[id] = ENTRIES;
        return id;
    }

    /** Turns an empty ordinary PTE table into a compact one (a bulk fault filled it). */
    public void fillCompact(int id, int base, long bits) {
        if (used[id] != 0) throw new IllegalStateException("table " + id + " is not empty");
        forget(id);
        entries[id] = null;
        compactBase[id] = base;
        compactBits[id] = bits;
        used[id] = ENTRIES;
    }

    public boolean isCompact(int id) {
        return entries[id] == null && compactBase[id] != 0;
    }

    public int compactBase(int id) {
        return compactBase[id];
    }

    public long compactBits(int id) {
        return compactBits[id];
    }

    /** Changes the bits of every entry of a compact table (A/D set by the walker, ...). */
    public void setCompactBits(int id, long bits) {
        compactBits[id] = bits;
    }

    /** A compact table whose mappings were all zapped in bulk becomes an empty ordinary one. */
    public void clearCompact(int id) {
        forget(id);
        entries[id] = new long[ENTRIES];
        compactBase[id] = 0;
        used[id] = 0;
    }

    private long[] expand(int id) {
        long[] t = entries[id];
        if (t != null) return t;
        int base = compactBase[id];
        long bits = compactBits[id];
        t = new long[ENTRIES];
        for (int i = 0; i < ENTRIES; i++) t[i] = ((long) (base + i) << Pte.PFN_SHIFT) | bits;
        forget(id);
        entries[id] = t;
        compactBase[id] = 0;
        expandHook.accept(base);
        return t;
    }

    private long allocs;

    /** Page-table pages allocated so far (for the cost model). */
    public long allocs() {
        return allocs;
    }

    /** Tables freed so far: a cached table id is still valid while this has not changed. */
    public long frees() {
        return frees;
    }

    private long frees;

    public void free(int id) {
        if (level[id] == 0) throw new IllegalStateException("double free of page table " + id);
        frees++;
        upperGen++;
        if (entries[id] != null && spareTop < SPARE_MAX) spare[spareTop++] = entries[id];
        forget(id);
        entries[id] = null;
        compactBase[id] = 0;
        level[id] = 0;
        live--;
        if (freeTop == freeIds.length) freeIds = Arrays.copyOf(freeIds, freeTop * 2);
        freeIds[freeTop++] = id;
    }

    /** Table id gets another entry array: a walk memo or {@link #get} may hold the old one. */
    private void forget(int id) {
        upperGen++;
        if (id == lastId) lastId = -1;
    }

    /**
     * The entry array of table id, null while the table is compact; for a walk memo, which may
     * keep it while {@link #upperGen} is unchanged.
     */
    public long[] entriesOf(int id) {
        return entries[id];
    }

    public boolean allocated(int id) {
        return id >= 0 && id < nextId && level[id] != 0;
    }

    /**
     * The entry array {@link #get} found last, for table {@code lastId} (-1: none): faults read
     * one table many times in a row. Forgotten whenever that table's array changes.
     */
    private int lastId = -1;

    private long[] lastEntries;

    public long get(int id, int index) {
        if (id == lastId) return lastEntries[index];
        long[] t = entries[id];
        if (t == null) return ((long) (compactBase[id] + index) << Pte.PFN_SHIFT) | compactBits[id];
        lastId = id;
        lastEntries = t;
        return t[index];
    }

    /** Writes one entry and keeps the non-none count. */
    public void set(int id, int index, long e) {
        if (level[id] != PTE) upperGen++;
        setPte(id, index, e);
    }

    /** {@link #set} of an entry of a table the caller knows is a PTE table (set_pte_at()). */
    public void setPte(int id, int index, long e) {
        long[] t = entries[id];
        if (t == null) t = expand(id);
        long old = t[index];
        if (old == 0 && e != 0)
            used[id]++;
        else if (old != 0 && e == 0) used[id]--;
        t[index] = e;
    }

    /** Direct access for bulk loops; callers that change none-ness must call {@link #recount}. */
    public long[] raw(int id) {
        long[] t = entries[id];
        return t != null ? t : expand(id);
    }

    /** {@code n} none entries of table id's {@link #entriesOf} array were made present. */
    public void addUsed(int id, int n) {
        used[id] += (short) n;
    }

    public void recount(int id) {
        int n = 0;
        for (long e : raw(id)) if (e != 0) n++;
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
