package dev.ptshare.hostbench;

import java.util.Arrays;
import java.util.List;

/**
 * One case on one side. {@code nanos}: the median over the repetitions of the timed part's wall
 * time, less the baseline where the case has one (fork: the same fork with the memory
 * MADV_DONTFORK, whose median is {@code baselineNanos}; -1 for the other cases); {@code
 * cpuNanos} the same for the thread's CPU time. The counters
 * are from the last repetition: minor faults in the timed part, and how much the case's Rss
 * field and VmPTE grew (fork: between before the memory was mapped and the fork). warmupRounds:
 * the rounds run and thrown away before the timed ones.
 */
public record Measurement(long nanos, long cpuNanos, long baselineNanos, long pages,
        long address, long minorFaults, long mappedKiB, long pageTableKiB, int warmupRounds) {

    /** Pages per second of wall time, or NaN when the time is not above the baseline. */
    public double pagesPerSecond() {
        return nanos > 0 ? pages * 1e9 / nanos : Double.NaN;
    }

    /** Pages per second of the thread's CPU time, or NaN as above. */
    public double pagesPerCpuSecond() {
        return cpuNanos > 0 ? pages * 1e9 / cpuNanos : Double.NaN;
    }

    /** One repetition: its time, its baseline's (or null), and its counters. */
    record Round(Timing time, Timing baseline, long address, long minorFaults, long mappedKiB,
            long pageTableKiB) {}

    static Measurement of(List<Round> rounds, long pages, int warmupRounds) {
        int n = rounds.size();
        long[] wall = new long[n], cpu = new long[n], base = new long[n];
        for (int i = 0; i < n; i++) {
            Round r = rounds.get(i);
            Timing b = r.baseline() != null ? r.baseline() : new Timing(0, 0);
            wall[i] = r.time().wallNanos() - b.wallNanos();
            cpu[i] = r.time().cpuNanos() - b.cpuNanos();
            base[i] = b.wallNanos();
        }
        Round last = rounds.getLast();
        return new Measurement(median(wall), median(cpu),
                last.baseline() == null ? -1 : median(base), pages, last.address(),
                last.minorFaults(), last.mappedKiB(), last.pageTableKiB(), warmupRounds);
    }

    static long median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
