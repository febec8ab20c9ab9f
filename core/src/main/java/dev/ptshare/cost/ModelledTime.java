package dev.ptshare.cost;

import java.math.BigDecimal;

/**
 * Modelled time of one run, in picoseconds, by {@link Phase}: the setup before the first fork,
 * each fork's latency, the memory accesses after the first fork (fault time), exit and execve,
 * and everything else; with the operation counts they were priced from ({@code ops}, indexed by
 * {@link CostOp} ordinal, exact). Modelled, not measured: counts times the per-operation costs
 * of {@code calibration}.
 */
public record ModelledTime(Calibration calibration, long setupPicos, long[] forkPicos,
        long faultPicos, long exitPicos, long otherPicos, long[] ops) {

    /** A run that did nothing. */
    public static ModelledTime none(Calibration c) {
        return new ModelledTime(c, 0, new long[0], 0, 0, 0, new long[CostOp.COUNT]);
    }

    public long forkSumPicos() {
        long s = 0;
        for (long f : forkPicos) s += f;
        return s;
    }

    /** Everything the run did: setup, forks, accesses, exits and the rest. */
    public long totalPicos() {
        return setupPicos + forkSumPicos() + faultPicos + exitPicos + otherPicos;
    }

    public long count(CostOp op) {
        return ops[op.ordinal()];
    }

    /** Exact microseconds (picoseconds with the decimal point moved). */
    public static BigDecimal micros(long picos) {
        return BigDecimal.valueOf(picos, 6);
    }

    /** A short human reading of a modelled time: 812 ns, 6.51 ms, 1.23 s. */
    public static String human(long picos) {
        double ns = picos / 1000.0;
        if (ns < 1000) return String.format(java.util.Locale.ROOT, "%.0f ns", ns);
        if (ns < 1e6) return String.format(java.util.Locale.ROOT, "%.2f us", ns / 1e3);
        if (ns < 1e9) return String.format(java.util.Locale.ROOT, "%.2f ms", ns / 1e6);
        return String.format(java.util.Locale.ROOT, "%.2f s", ns / 1e9);
    }
}
