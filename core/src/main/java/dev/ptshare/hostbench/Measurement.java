package dev.ptshare.hostbench;

/**
 * One case on one side: the median wall time over the repetitions, the pages each repetition
 * handled, and the minor faults one repetition took (as /proc/self/stat or the model counts
 * them), so that a rate is never reported for work that did not happen.
 */
public record Measurement(long medianNanos, long pages, long minorFaults) {
    public double pagesPerSecond() {
        return medianNanos == 0 ? 0 : pages * 1e9 / medianNanos;
    }

    static long median(long[] v) {
        long[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }
}
