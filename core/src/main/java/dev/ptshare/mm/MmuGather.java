package dev.ptshare.mm;

import dev.ptshare.arch.TlbFlush;

/**
 * struct mmu_gather (include/asm-generic/tlb.h): collects the range of cleared PTEs and freed
 * page tables of one operation so that {@link #finish} issues one flush, as tlb_finish_mmu()
 * does through x86's tlb_flush().
 */
public final class MmuGather {
    final Mm mm;
    final boolean fullmm;
    long start = Long.MAX_VALUE;
    long end;
    boolean freedTables;
    boolean clearedPtes;
    /**
     * COW PTE: the operation unmaps everything of this mm in [dropFloor, dropCeiling) (a
     * ceiling of 0 is the top), so a COW-ed PTE table inside it is dropped whole, not broken.
     */
    private boolean mayDrop;
    private long dropFloor, dropCeiling;

    public MmuGather(Mm mm, boolean fullmm) {
        this.mm = mm;
        this.fullmm = fullmm;
    }

    /** tlb_remove_tlb_entry(): a present PTE at addr was cleared. */
    void clearedPte(long addr) {
        clearedPtes = true;
        adjust(addr, addr + 4096);
    }

    /** Everything of the mm in [floor, ceiling) goes (ceiling 0: up to the top). */
    void unmapsAll(long floor, long ceiling) {
        mayDrop = true;
        dropFloor = floor;
        dropCeiling = ceiling;
    }

    /** Whether [s, e) lies inside the range {@link #unmapsAll} named. */
    boolean dropsWhole(long s, long e) {
        return mayDrop && Long.compareUnsigned(s, dropFloor) >= 0
                && (dropCeiling == 0 || Long.compareUnsigned(e, dropCeiling) <= 0);
    }

    /** A COW-ed PTE table of [s, e) left this mm: a PMD entry cleared, flush like a freed table. */
    void droppedTable(long s, long e) {
        freedTables = true;
        adjust(s, e);
    }

    /** mshare unlink: a whole slot of the guest was cleared (flush_tlb_range of the slot). */
    public void unlinked(long s, long e) {
        clearedPtes = true;
        adjust(s, e);
    }

    /** pte_free_tlb() and friends: a page table covering addr was freed. */
    public void freedTable(long addr) {
        freedTables = true;
        adjust(addr, addr + 4096);
    }

    private void adjust(long s, long e) {
        if (s < start) start = s;
        if (e > end) end = e;
    }

    /** tlb_finish_mmu() → tlb_flush_mmu_tlbonly() → tlb_flush(). */
    public void finish(MmCore core) {
        if (!(freedTables || clearedPtes)) return;
        long s = start, e = end;
        if (fullmm) {
            s = 0;
            e = TlbFlush.FLUSH_ALL;
        }
        core.tlb.flushTlbMmRange(core.current, mm.ctx, s, e, 12, freedTables);
        if (mm.invalidateHook != null) mm.invalidateHook.run();
    }
}
