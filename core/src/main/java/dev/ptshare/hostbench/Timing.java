package dev.ptshare.hostbench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * How long a timed part took: wall time (System.nanoTime) and the measuring thread's own CPU
 * time, user plus system (CLOCK_THREAD_CPUTIME_ID on Linux, so the host's page faults and fork
 * count), which time spent waiting for a CPU on a busy machine does not inflate.
 */
record Timing(long wallNanos, long cpuNanos) {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** This thread's CPU time now, in nanoseconds. */
    static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }
}
