package dev.ptshare.compare;

import dev.ptshare.cost.Calibration;
import dev.ptshare.cost.ModelledTime;
import java.util.List;

/**
 * One design's outcome on a workload. Sizes are exact bytes; {@code series} is meminfo
 * PageTables after each process attached (for charts). {@code elapsedMillis} is the simulator's
 * own wall time (0 unless timing was asked for, so output stays byte-identical across runs).
 * {@code modelled} is the cost model's time for the run (dev.ptshare.cost), never measured.
 */
public record Result(
        String design,
        boolean applicable,
        long processes,
        Oom oom,
        long pageTablesBytes,
        Stats vmPteBytes,
        Stats rssBytes,
        Stats pssBytes,
        long minorFaults,
        long majorFaults,
        long tlbFlushes,
        long tlbIpis,
        long elapsedMillis,
        List<long[]> series,
        ModelledTime modelled) {

    /** The first process whose attach ran the machine out of memory. */
    public record Oom(long process) {}

    /** min, median, max and sum over the processes that attached. */
    public record Stats(long min, long median, long max, long sum) {
        static Stats of(long[] v) {
            if (v.length == 0) return new Stats(0, 0, 0, 0);
            long[] s = v.clone();
            java.util.Arrays.sort(s);
            long sum = 0;
            for (long x : s) sum += x;
            return new Stats(s[0], s[(s.length - 1) / 2], s[s.length - 1], sum);
        }
    }

    static Result notApplicable(Design d, Calibration costs) {
        return new Result(d.id, false, 0, null, 0, Stats.of(new long[0]), Stats.of(new long[0]),
                Stats.of(new long[0]), 0, 0, 0, 0, 0, List.of(), ModelledTime.none(costs));
    }

    /** min, median, max and sum of the modelled latency of each fork, in picoseconds. */
    public Stats modelledForkPicos() {
        return Stats.of(modelled.forkPicos());
    }
}
