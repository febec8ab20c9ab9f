package dev.ptshare.arch;

import java.util.Arrays;

/**
 * One set-associative array of TLB entries for one page size. A tag is (asid, virtual page
 * number); a value is the leaf's frame number plus the effective access bits. Replacement is
 * round-robin per set, so runs are deterministic.
 */
final class TlbArray {
    static final long EMPTY = -1L;

    private final int ways;
    private final int wayShift;
    private final int setMask;
    private final int pageShift;
    private final long[] tags;
    private final long[] values;
    private final byte[] victim;
    int live;
    /**
     * The last lookup that missed: its tag and the slot an insert of it would fill (the first
     * empty way of its set, or -1 - slot for the set's round-robin victim). The walk that follows
     * a miss changes no TLB state, so the insert skips a second scan of the set; any other change
     * forgets it.
     */
    private long missTag = EMPTY;
    private int missSlot;

    TlbArray(int entries, int ways, int pageShift) {
        if (Integer.bitCount(ways) != 1) throw new IllegalArgumentException("ways: " + ways);
        int sets = Integer.highestOneBit(Math.max(1, entries / ways));
        this.ways = ways;
        this.wayShift = Integer.numberOfTrailingZeros(ways);
        this.setMask = sets - 1;
        this.pageShift = pageShift;
        this.tags = new long[sets * ways];
        this.values = new long[sets * ways];
        this.victim = new byte[sets];
        Arrays.fill(tags, EMPTY);
    }

    int pageShift() {
        return pageShift;
    }

    private static long tag(int asid, long vpn) {
        return ((long) asid << 52) | vpn;
    }

    private int set(long vpn) {
        return (int) (vpn ^ (vpn >>> 11)) & setMask;
    }

    /** The value cached for {@code va}, or {@link #EMPTY}. */
    long lookup(int asid, long va) {
        if (live == 0) return EMPTY; // an insert after this miss scans the (empty) set itself
        long vpn = va >>> pageShift;
        long t = tag(asid, vpn);
        int base = set(vpn) * ways;
        long[] tg = tags;
        if (ways == 8) {
            // The common 8-way array: the ways that match as a bit mask, one branch.
            int m = (tg[base] == t ? 1 : 0) | (tg[base + 1] == t ? 2 : 0)
                    | (tg[base + 2] == t ? 4 : 0) | (tg[base + 3] == t ? 8 : 0)
                    | (tg[base + 4] == t ? 16 : 0) | (tg[base + 5] == t ? 32 : 0)
                    | (tg[base + 6] == t ? 64 : 0) | (tg[base + 7] == t ? 128 : 0);
            if (m != 0) return values[base + Integer.numberOfTrailingZeros(m)];
        } else {
            for (int i = base, e = base + ways; i < e; i++) if (tg[i] == t) return values[i];
        }
        missTag = t;
        // A warm TLB is full: no free way to look for.
        int empty = live < tg.length ? way(tg, base, EMPTY) : -1;
        missSlot = empty >= 0 ? empty : -1 - (base + victim[base >>> wayShift]);
        return EMPTY;
    }

    /** The first way of the set at base holding tag t, or -1. */
    private int way(long[] tg, int base, long t) {
        for (int i = base, e = base + ways; i < e; i++) if (tg[i] == t) return i;
        return -1;
    }

    void insert(int asid, long va, long value) {
        long vpn = va >>> pageShift;
        long t = tag(asid, vpn);
        if (t == missTag) {
            missTag = EMPTY;
            int slot = missSlot;
            if (slot >= 0) {
                live++;
            } else {
                slot = -1 - slot; // the victim: the next one in its set comes after it
                victim[slot >>> wayShift] = (byte) ((slot + 1) & (ways - 1));
            }
            tags[slot] = t;
            values[slot] = value;
            return;
        }
        missTag = EMPTY;
        int s = set(vpn);
        int base = s * ways;
        int i = way(tags, base, t); // a refill (a write through a clean entry) replaces it
        if (i < 0) i = way(tags, base, EMPTY);
        if (i >= 0) {
            if (tags[i] == EMPTY) live++;
            tags[i] = t;
            values[i] = value;
            return;
        }
        replace(s, base, t, value);
    }

    /** A full set: the round-robin victim makes room. */
    private void replace(int s, int base, long t, long value) {
        int v = base + victim[s];
        victim[s] = (byte) ((victim[s] + 1) & (ways - 1)); // ways is a power of two
        tags[v] = t;
        values[v] = value;
    }

    /** INVLPG for one address: drops the entry covering it in this array. */
    boolean invalidate(int asid, long va) {
        missTag = EMPTY;
        if (live == 0) return false;
        long vpn = va >>> pageShift;
        long t = tag(asid, vpn);
        int base = set(vpn) * ways;
        for (int i = base, e = base + ways; i < e; i++) {
            if (tags[i] == t) {
                tags[i] = EMPTY;
                live--;
                return true;
            }
        }
        return false;
    }

    void invalidateAsid(int asid) {
        missTag = EMPTY;
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] != EMPTY && (int) (tags[i] >>> 52) == asid) {
                tags[i] = EMPTY;
                live--;
            }
        }
    }

    void invalidateAll() {
        missTag = EMPTY;
        Arrays.fill(tags, EMPTY);
        live = 0;
    }

    int count() {
        int n = 0;
        for (long t : tags) if (t != EMPTY) n++;
        return n;
    }

    /** Calls {@code visitor} for each valid entry (asid, virtual address, value). */
    void forEach(EntryVisitor visitor) {
        for (int i = 0; i < tags.length; i++) {
            if (tags[i] == EMPTY) continue;
            int asid = (int) (tags[i] >>> 52);
            long va = (tags[i] & ((1L << 52) - 1)) << pageShift;
            visitor.visit(asid, va, values[i]);
        }
    }

    interface EntryVisitor {
        void visit(int asid, long va, long value);
    }
}
