package dev.ptshare.arch;

/**
 * A CPU's TLB: separate arrays for 4 KiB, 2 MiB and 1 GiB translations, tagged by ASID (PCID).
 * Values pack the frame number with the effective permissions of the walk that filled it, so a
 * hit never looks at the page tables: a missing flush leaves a stale translation that is used.
 */
public final class Tlb {
    /** Value bits (below bit 12; bits 4-5 hold the page size); the frame number sits above. */
    static final long V_WRITE = 1, V_USER = 2, V_EXEC = 4, V_DIRTY = 8;

    private final TlbArray small;
    private final TlbArray large;
    private final TlbArray huge;
    /**
     * False while the 2 MiB and 1 GiB arrays are known to be empty (no huge pages mapped: a
     * lookup that misses the 4 KiB array is then over).
     */
    private boolean big;

    public Tlb(int entries) {
        small = new TlbArray(entries, 8, 12);
        large = new TlbArray(Math.max(32, entries / 48), 4, 21);
        huge = new TlbArray(16, 4, 30);
    }

    /** The 4 KiB array (Cpu keeps it at hand; the MMU probes it first, see Mmu#tlbLookup). */
    TlbArray small() {
        return small;
    }

    /** True when the 2 MiB or 1 GiB array may hold entries. */
    boolean big() {
        return big;
    }

    /** The 2 MiB, then the 1 GiB array, after the 4 KiB one missed. */
    long lookupLarge(int asid, long va) {
        long v = large.lookup(asid, va);
        if (v != TlbArray.EMPTY) return v;
        return huge.lookup(asid, va);
    }

    /** Page shift of a translation value: 12, 21 or 30. */
    static int shiftOf(long value) {
        return 12 + 9 * (int) ((value >>> 4) & 3);
    }

    /** Caches a 2 MiB or 1 GiB translation (4 KiB ones go to {@link #small()} directly). */
    void insertLarge(int asid, long va, int pageShift, long value) {
        long v = value | ((long) ((pageShift - 12) / 9) << 4);
        big = true;
        if (pageShift == 21)
            large.insert(asid, va, v);
        else
            huge.insert(asid, va, v);
    }

    /** INVLPG: drops every translation for va in this ASID, whatever its page size. */
    void invalidatePage(int asid, long va) {
        small.invalidate(asid, va);
        large.invalidate(asid, va);
        huge.invalidate(asid, va);
        forgetBig();
    }

    private void forgetBig() {
        if (big && large.live == 0 && huge.live == 0) big = false;
    }

    void invalidateAsid(int asid) {
        small.invalidateAsid(asid);
        large.invalidateAsid(asid);
        huge.invalidateAsid(asid);
        forgetBig();
    }

    void invalidateAll() {
        small.invalidateAll();
        large.invalidateAll();
        huge.invalidateAll();
        big = false;
    }

    public int entries() {
        return small.count() + large.count() + huge.count();
    }

    void forEach(TlbArray.EntryVisitor v) {
        small.forEach(v);
        large.forEach(v);
        huge.forEach(v);
    }
}
