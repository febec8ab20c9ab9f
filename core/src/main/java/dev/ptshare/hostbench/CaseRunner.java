package dev.ptshare.hostbench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs one case on one side: the same calls in the same order on the model and on the host.
 * Warm-up rounds are thrown away: at least {@code warmup}, then more while the JIT compiler is
 * still busy (its total compilation time grew during the last round), up to four times as many.
 * Then {@code repeat} timed rounds ({@link Timing}: wall time, and the thread's CPU time).
 * Counters are read outside the timed part.
 */
final class CaseRunner {
    private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

    private final Side s;
    private final long pages;
    private final int warmup, repeat;

    CaseRunner(Side s, long size, int warmup, int repeat) {
        this.s = s;
        this.pages = size >>> 12;
        this.warmup = warmup;
        this.repeat = repeat;
    }

    Measurement run(BenchCase c) {
        return switch (c) {
            case SHMEM_READ_TOUCH -> {
                s.createCachedShmem();
                yield rounds(() -> {
                    long a = s.mapShmem();
                    try {
                        return timedTouch(c, a, false);
                    } finally {
                        s.unmap(a);
                    }
                });
            }
            case ANON_WRITE_TOUCH -> rounds(() -> {
                long a = s.mapAnon();
                try {
                    s.madvise(a, Libc.MADV_NOHUGEPAGE);
                    return timedTouch(c, a, true);
                } finally {
                    s.unmap(a);
                }
            });
            case FORK_ANON -> rounds(() -> forkRound(c));
        };
    }

    private Measurement rounds(Supplier<Measurement.Round> round) {
        boolean timed = JIT != null && JIT.isCompilationTimeMonitoringSupported();
        int w = 0;
        for (long jit = timed ? JIT.getTotalCompilationTime() : 0; w < 4 * warmup;) {
            var unused = round.get(); // a warm-up round
            w++;
            long now = timed ? JIT.getTotalCompilationTime() : 0;
            if (w >= warmup && now == jit) break;
            jit = now;
        }
        List<Measurement.Round> out = new ArrayList<>();
        for (int i = 0; i < repeat; i++) out.add(round.get());
        return Measurement.of(out, pages, w);
    }

    private Measurement.Round timedTouch(BenchCase c, long a, boolean write) {
        Counters c0 = s.counters(true);
        long u0 = Timing.cpu(), t0 = System.nanoTime();
        s.touch(a, write);
        long t1 = System.nanoTime(), u1 = Timing.cpu();
        Counters c1 = s.counters(false);
        return new Measurement.Round(new Timing(t1 - t0, u1 - u0), null, a,
                c1.minflt() - c0.minflt(), c.rssKiB(c1) - c.rssKiB(c0),
                c1.vmPteKiB() - c0.vmPteKiB());
    }

    /**
     * Fresh anonymous memory, written (exclusive, as written memory is); a fork; a second fork
     * with the memory MADV_DONTFORK (dup_mmap() skips VM_DONTCOPY VMAs); munmap. The difference
     * is what the memory adds to fork, without the rest of the process (on the host, the JVM).
     */
    private Measurement.Round forkRound(BenchCase c) {
        Counters c0 = s.counters(true);
        long a = s.mapAnon();
        try {
            s.madvise(a, Libc.MADV_NOHUGEPAGE);
            s.touch(a, true);
            Counters c1 = s.counters(true);
            Timing with = s.fork();
            long flt = s.counters(false).minflt() - c1.minflt();
            s.madvise(a, Libc.MADV_DONTFORK);
            Timing without = s.fork();
            return new Measurement.Round(with, without, a, flt, c.rssKiB(c1) - c.rssKiB(c0),
                    c1.vmPteKiB() - c0.vmPteKiB());
        } finally {
            s.unmap(a);
        }
    }
}
