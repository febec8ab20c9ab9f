package dev.ptshare.hostbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bench.run: both sides get the same calls, warm-up rounds are dropped, fork is measured less
 * its MADV_DONTFORK baseline (with fake sides, so the arithmetic is exact); and a tiny smoke run
 * of the real model and, on Linux, the real host. No timing is asserted.
 */
class BenchRunTest {
    /** A side that records its calls and behaves like a process that does the work. */
    static class FakeSide implements Side {
        final List<String> calls = new ArrayList<>();
        private final long size;
        private final long forkNanos, baselineNanos;
        private long minflt, anonKiB, shmemKiB, pteKiB, next = 0x1000_0000L;
        private boolean dontfork;

        FakeSide(long size, long forkNanos, long baselineNanos) {
            this.size = size;
            this.forkNanos = forkNanos;
            this.baselineNanos = baselineNanos;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Counters counters(boolean beforeTimedPart) {
            return new Counters(minflt, anonKiB, shmemKiB, pteKiB);
        }

        @Override
        public void createCachedShmem() {
            calls.add("createCachedShmem");
        }

        @Override
        public long mapShmem() {
            calls.add("mapShmem");
            return next += size;
        }

        @Override
        public long mapAnon() {
            calls.add("mapAnon");
            dontfork = false;
            return next += size;
        }

        @Override
        public void madvise(long addr, int advice) {
            calls.add("madvise " + advice);
            if (advice == Libc.MADV_DONTFORK) dontfork = true;
        }

        @Override
        public void touch(long addr, boolean write) {
            calls.add(write ? "write" : "read");
            long pages = size >>> 12;
            minflt += write ? pages : pages / 16;
            if (write)
                anonKiB += pages * 4;
            else
                shmemKiB += pages * 4;
            pteKiB += pages / 512 * 4;
        }

        @Override
        public void unmap(long addr) {
            calls.add("unmap");
        }

        @Override
        public Timing fork() {
            calls.add("fork");
            return dontfork ? new Timing(baselineNanos, baselineNanos / 2)
                    : new Timing(forkNanos, forkNanos / 2);
        }

        @Override
        public void close() {
            calls.add("close");
        }
    }

    @Test
    void bothSidesGetTheSameCallsAndForkIsLessItsBaseline() {
        long size = 64L << 20, pages = size >>> 12;
        List<FakeSide> made = new ArrayList<>();
        BenchReport r = Bench.run(size, 3, s -> {
            FakeSide f = new FakeSide(s, 7_000_000, 1_000_000);
            made.add(f);
            return f;
        }, s -> {
            FakeSide f = new FakeSide(s, 50_000_000, 12_000_000);
            made.add(f);
            return f;
        }, null);
        assertThat(made).hasSize(6); // model and host for each case
        int mw = Bench.modelWarmup(pages), hw = Bench.hostWarmup(pages);
        for (int i = 0; i < 6; i += 2) {
            List<String> model = made.get(i).calls, host = made.get(i + 1).calls;
            // The same calls; only the number of warm-up rounds differs.
            assertThat(model.stream().distinct()).containsExactlyElementsOf(
                    host.stream().distinct().toList());
            assertThat(model.getLast()).isEqualTo("close");
        }
        // shmem: the file once, then mmap, touch, munmap per round.
        assertThat(made.get(0).calls).startsWith("createCachedShmem", "mapShmem", "read", "unmap")
                .filteredOn("read"::equals).hasSize(r.rows().get(0).model().warmupRounds() + 3);
        assertThat(made.get(3).calls).startsWith("mapAnon", "madvise 15", "write", "unmap")
                .filteredOn("write"::equals).hasSize(r.rows().get(1).host().warmupRounds() + 3);
        assertThat(made.get(5).calls).startsWith("mapAnon", "madvise 15", "write", "fork",
                "madvise 10", "fork", "unmap", "mapAnon").filteredOn("fork"::equals)
                .hasSize(2 * (r.rows().get(2).host().warmupRounds() + 3));

        BenchReport.Row fork = r.rows().get(2);
        assertThat(fork.model().nanos()).isEqualTo(6_000_000);
        assertThat(fork.host().nanos()).isEqualTo(38_000_000);
        assertThat(fork.host().baselineNanos()).isEqualTo(12_000_000);
        assertThat(fork.ratio()).isEqualTo(38.0 / 6.0);
        // CPU time: half of each wall time in the fake, so (3.5 - 0.5) and (25 - 6) ms.
        assertThat(fork.model().cpuNanos()).isEqualTo(3_000_000);
        assertThat(fork.host().cpuNanos()).isEqualTo(19_000_000);
        assertThat(fork.cpuRatio()).isEqualTo(19.0 / 3.0);
        for (BenchReport.Row row : r.rows()) {
            // At least the minimum, more while the JIT compiles, at most four times as many.
            assertThat(row.model().warmupRounds()).isBetween(mw, 4 * mw);
            assertThat(row.host().warmupRounds()).isBetween(hw, 4 * hw);
            assertThat(row.why()).isNull();
            assertThat(row.notes()).isEmpty();
            assertThat(row.model().pages()).isEqualTo(pages);
        }
    }

    @Test
    void aFailingSideGivesAReasonAndTheOtherSideStillRuns() {
        BenchReport r = Bench.run(4L << 20, 1, s -> new FakeSide(s, 2, 1), s -> new FakeSide(s, 2,
                1) {
            @Override
            public long mapAnon() {
                throw new Libc.HostFailure("mmap: Cannot allocate memory");
            }
        }, null);
        assertThat(r.rows().get(0).why()).isNull();
        assertThat(r.rows().get(1).host()).isNull();
        assertThat(r.rows().get(1).model()).isNotNull();
        assertThat(r.rows().get(1).why()).isEqualTo("host: mmap: Cannot allocate memory");
        BenchReport skipped = Bench.run(4L << 20, 1, s -> new FakeSide(s, 2, 1), null,
                "not Linux");
        assertThat(skipped.rows()).allSatisfy(row -> {
            assertThat(row.host()).isNull();
            assertThat(row.why()).isEqualTo("host: not Linux");
        });
    }

    /** 4 MiB on the real model (exact counters) and, where it can run, the real host kernel. */
    @Test
    void smokeRunOfTheRealSides() {
        BenchReport r = Bench.run(4L << 20, 1);
        assertThat(r.rows()).extracting(BenchReport.Row::c).containsExactly(BenchCase.values());
        for (BenchReport.Row row : r.rows()) {
            assertThat(row.model()).isNotNull();
            assertThat(Expect.notes(row.c(), "model", row.model())).isEmpty();
            // The host either ran the case or says why not.
            assertThat(row.host() != null || row.why() != null).isTrue();
        }
        // The model's faults: 64 KiB fault-around (+1 for a mapping not 64 KiB-aligned), then
        // one per anonymous page.
        assertThat(r.rows().get(0).model().minorFaults()).isBetween(64L, 65L);
        assertThat(r.rows().get(1).model().minorFaults()).isEqualTo(1024);
        assertThat(r.rows().get(1).model().mappedKiB()).isEqualTo(4096);
        assertThat(r.json()).contains("\"cases\"");
    }
}
