package dev.ptshare.arch;

/**
 * The architecture's part of an mm_struct: the top-level table, the paging depth, the flush
 * generation ({@code mm->context.tlb_gen}, arch/x86/include/asm/mmu.h) and mm_cpumask.
 */
public final class MmContext {
    public final long ctxId;
    public int pgd = -1;
    public final int levels;
    public long tlbGen = 1;
    /** mm_cpumask: CPUs that may hold translations of this mm (bit per CPU). */
    public long cpumask;

    public MmContext(long ctxId, int levels) {
        this.ctxId = ctxId;
        this.levels = levels;
    }

    /** Shift of the top-level index: PGD covers 512 GiB per entry with 4 levels, 256 TiB with 5. */
    public int topShift() {
        return levels == 5 ? 48 : 39;
    }
}
