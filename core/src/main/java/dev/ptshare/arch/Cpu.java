package dev.ptshare.arch;

import java.util.Arrays;

/**
 * One CPU: its TLB and the per-CPU TLB state of arch/x86/mm/tlb.c ({@code cpu_tlbstate}): the
 * loaded mm, whether it is lazy (idle, still on the old page tables), and the
 * TLB_NR_DYN_ASIDS dynamic ASID slots with the tlb_gen each slot has caught up to.
 */
public final class Cpu {
    /** TLB_NR_DYN_ASIDS in arch/x86/include/asm/tlbflush.h. */
    public static final int NR_DYN_ASIDS = 6;

    public final int id;
    public final Tlb tlb;
    /** The TLB's 4 KiB array, held here too: the MMU reaches it with one load less. */
    final TlbArray tlb4k;
    final long[] slotCtx = new long[NR_DYN_ASIDS];
    final long[] slotGen = new long[NR_DYN_ASIDS];
    int nextAsid;
    MmContext loadedMm;
    int loadedAsid;
    boolean lazy = true;
    /** The task now running here, or null when idle. Owned by the scheduler. */
    public Object current;

    public Cpu(int id, int tlbEntries) {
        this.id = id;
        this.tlb = new Tlb(tlbEntries);
        this.tlb4k = tlb.small();
        Arrays.fill(slotCtx, -1);
    }

    public MmContext loadedMm() {
        return loadedMm;
    }

    public boolean lazy() {
        return lazy;
    }

    public int asid() {
        return loadedAsid;
    }
}
