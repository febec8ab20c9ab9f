package dev.ptshare.cost;

import static dev.ptshare.cost.CostOp.FAULT;
import static dev.ptshare.cost.CostOp.FORK;
import static dev.ptshare.cost.CostOp.IPI;
import static dev.ptshare.cost.CostOp.PAGE_ACCOUNTED;
import static dev.ptshare.cost.CostOp.PAGE_COPIED;
import static dev.ptshare.cost.CostOp.PAGE_FREED;
import static dev.ptshare.cost.CostOp.PAGE_ZEROED;
import static dev.ptshare.cost.CostOp.PTE_COPIED;
import static dev.ptshare.cost.CostOp.PTE_ZAPPED;
import static dev.ptshare.cost.CostOp.TABLE_ALLOCATED;
import static dev.ptshare.cost.CostOp.TABLE_FREED;
import static dev.ptshare.cost.CostOp.TABLE_SHARED;
import static dev.ptshare.cost.CostOp.TLB_FLUSH;

/**
 * Per-operation costs in picoseconds, from a documented measurement of a real kernel. How each
 * number was derived is in docs/cost-model.md; the raw measurement of {@link #FC_VM} is
 * scripts/calibrate/fc-vm-measured.txt, made by scripts/calibrate/measure.sh.
 */
public enum Calibration {
    /**
     * Bare-metal x86_64, from published measurements: fork of 4 KiB anonymous memory 3.94 ms/GiB
     * (Tatashin, AMD EPYC 7B12, v4 review of COW PTE), its split between PTE and page work from
     * COW PTE v3..v5 (keeping per-page accounting removed the speedup), On-demand-fork's fork
     * of 1 GB and 50 GB (fixed cost and cost per shared table), COW PTE RFC v2's 0.742 us write
     * fault after fork, and this machine's ratios where the papers give nothing.
     */
    BARE_METAL("bare-metal",
            "published bare-metal figures (Tatashin 3.94 ms/GiB fork, ODF, COW PTE RFC v2/v5)",
            prices(FORK, 83_000_000, PTE_COPIED, 1_500, PAGE_ACCOUNTED, 13_100, TABLE_ALLOCATED,
                    219_000, TABLE_FREED, 65_000, TABLE_SHARED, 33_500, PTE_ZAPPED, 10_100,
                    PAGE_FREED, 21_400, FAULT, 307_000, PAGE_ZEROED, 261_000, PAGE_COPIED, 335_000,
                    TLB_FLUSH, 100_000, IPI, 2_000_000)),
    /**
     * Measured on the machine ptshare was developed on: Linux 6.18.44 in a Firecracker VM (AMD
     * EPYC, 2 vCPUs, nested paging), where faults and page-table writes are several times dearer
     * than on bare metal, as in the virtualized fork figures of published-numbers.md section 4.
     */
    FC_VM("fc-vm", "measured on Linux 6.18.44 in a Firecracker VM (scripts/calibrate/measure.sh)",
            prices(FORK, 39_350_000, PTE_COPIED, 47_570, PAGE_ACCOUNTED, 77_670, TABLE_ALLOCATED,
                    1_875_600, TABLE_FREED, 558_600, TABLE_SHARED, 95_140, PTE_ZAPPED, 86_530,
                    PAGE_FREED, 183_230, FAULT, 1_220_300, PAGE_ZEROED, 1_034_800, PAGE_COPIED,
                    1_726_700, TLB_FLUSH, 0, IPI, 0));

    /** The calibration compare uses unless told otherwise. */
    public static final Calibration DEFAULT = BARE_METAL;

    public final String id;
    public final String source;
    /** Picoseconds per operation, indexed by {@link CostOp} ordinal. */
    final long[] picos;

    Calibration(String id, String source, long[] picos) {
        this.id = id;
        this.source = source;
        this.picos = picos;
    }

    /** Picoseconds one {@code op} costs. */
    public long picos(CostOp op) {
        return picos[op.ordinal()];
    }

    /** Sum over operations of count times cost: the modelled time of {@code counts}, in ps. */
    public long picos(long[] counts) {
        long t = 0;
        for (int i = 0; i < CostOp.COUNT; i++)
            t = Math.addExact(t, Math.multiplyExact(counts[i], picos[i]));
        return t;
    }

    /** (op, picoseconds) pairs for every operation, in any order. */
    private static long[] prices(Object... pairs) {
        long[] p = new long[CostOp.COUNT];
        boolean[] seen = new boolean[CostOp.COUNT];
        for (int i = 0; i < pairs.length; i += 2) {
            int op = ((CostOp) pairs[i]).ordinal();
            p[op] = ((Number) pairs[i + 1]).longValue();
            seen[op] = true;
        }
        for (CostOp op : CostOp.values())
            if (!seen[op.ordinal()]) throw new IllegalStateException("no price for " + op);
        return p;
    }

    public static Calibration byId(String id) {
        for (Calibration c : values()) if (c.id.equals(id)) return c;
        return null;
    }
}
