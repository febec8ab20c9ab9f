package dev.ptshare.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * Secondary JMH result {@code cpuOpsPerSec}: the benchmark's operations per second of the
 * benchmark thread's own CPU time (ThreadMXBean, CLOCK_THREAD_CPUTIME_ID), measured around each
 * invocation's work. JMH's primary score divides by wall-clock time, which on a shared machine
 * includes the time the thread waited for a core; this one does not, so it is the figure to compare
 * across runs when other processes compete for the CPUs. On an idle machine the two agree within a
 * few percent. Reading the clock costs about a microsecond; invocations take 0.15 ms or more.
 *
 * <p>JMH sums EVENTS counters over all measurement iterations of all forks (and reports no error
 * bound for them); each iteration therefore reports its rate divided by that number of
 * iterations, so the sum JMH prints is the mean over iterations.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private long ops;
    private long nanos;
    private int iterations = 1;

    @Setup(Level.Iteration)
    public void reset(BenchmarkParams params) {
        ops = 0;
        nanos = 0;
        iterations = Math.max(1, params.getForks()) * params.getMeasurement().getCount();
    }

    static long now() {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Records {@code n} operations that took the CPU time since {@code start} (from {@link #now}).
     */
    void add(long start, long n) {
        nanos += now() - start;
        ops += n;
    }

    /** Operations per CPU-second in this iteration, divided by the number of iterations. */
    public double cpuOpsPerSec() {
        return nanos == 0 ? 0 : ops * 1e9 / nanos / iterations;
    }
}
