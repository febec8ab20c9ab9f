package dev.ptshare.cost;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.mm.CowPte;

/**
 * Reads the model's counters of every {@link CostOp}: machine-wide totals since the machine
 * started, exact integers. Where each comes from:
 *
 * <table>
 * <caption>counter sources</caption>
 * <tr><td>FORK</td><td>{@code Processes.forks}</td></tr>
 * <tr><td>PTE_COPIED</td><td>{@code CopyPageRange.ptesCopied} (fork) + {@code
 * CowPte.ptesCopied} (copies made when COW is broken)</td></tr>
 * <tr><td>PAGE_ACCOUNTED</td><td>{@code CopyPageRange.pagesAccounted} (fork, also
 * cow_pte=accounting)
 * + {@code CowPte.pagesAccounted} (cow_pte=on copies)</td></tr>
 * <tr><td>TABLE_ALLOCATED, TABLE_FREED</td><td>{@code PageTableStore.allocs()}, {@code
 * frees()}</td></tr>
 * <tr><td>TABLE_SHARED</td><td>{@code CowPte.tablesShared}</td></tr>
 * <tr><td>PTE_ZAPPED</td><td>{@code Zap.ptesZapped} + {@code CowPte.pagesUnaccounted}</td></tr>
 * <tr><td>PAGE_FREED, PAGE_ZEROED, PAGE_COPIED</td><td>{@code PhysMem.pagesFreed()}, {@code
 * pagesZeroed()}, {@code pagesCopied()}</td></tr>
 * <tr><td>FAULT</td><td>{@code MmCore.faults}</td></tr>
 * <tr><td>TLB_FLUSH, IPI</td><td>{@code TlbStats.flushes}, {@code TlbStats.ipis}</td></tr>
 * </table>
 */
public final class OpCounts {
    private OpCounts() {}

    /** Fills {@code into} (length {@link CostOp#COUNT}, indexed by ordinal) with the counts now. */
    public static void read(Kernel k, long[] into) {
        CowPte c = k.mm.cowPte;
        into[CostOp.FORK.ordinal()] = k.processes.forks;
        into[CostOp.PTE_COPIED.ordinal()] = k.mm.fork.ptesCopied + c.ptesCopied;
        into[CostOp.PAGE_ACCOUNTED.ordinal()] = k.mm.fork.pagesAccounted + c.pagesAccounted;
        into[CostOp.TABLE_ALLOCATED.ordinal()] = k.tables.allocs();
        into[CostOp.TABLE_FREED.ordinal()] = k.tables.frees();
        into[CostOp.TABLE_SHARED.ordinal()] = c.tablesShared;
        into[CostOp.PTE_ZAPPED.ordinal()] = k.mm.zap.ptesZapped + c.pagesUnaccounted;
        into[CostOp.PAGE_FREED.ordinal()] = k.phys.pagesFreed();
        into[CostOp.FAULT.ordinal()] = k.mm.faults;
        into[CostOp.PAGE_ZEROED.ordinal()] = k.phys.pagesZeroed();
        into[CostOp.PAGE_COPIED.ordinal()] = k.phys.pagesCopied();
        into[CostOp.TLB_FLUSH.ordinal()] = k.tlb.stats.flushes;
        into[CostOp.IPI.ordinal()] = k.tlb.stats.ipis;
    }

    /** The counts now, as a new array. */
    public static long[] of(Kernel k) {
        long[] v = new long[CostOp.COUNT];
        read(k, v);
        return v;
    }
}
