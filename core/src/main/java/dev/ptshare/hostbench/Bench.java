package dev.ptshare.hostbench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Runs every case on the model and, where it can, on the host kernel, in one process: for each
 * case the model first, then the host. A side that fails leaves its measurement null and the
 * row says why.
 */
public final class Bench {
    private static final long GIB_PAGES = 1L << 18;

    private Bench() {}

    public static BenchReport run(long size, int repeat) {
        String skipped = HostSide.unavailable();
        return run(size, repeat, ModelSide::new, skipped == null ? HostSide::new : null, skipped);
    }

    /**
     * Minimum warm-up rounds of the model: 32 GiB of touches (C2 finishes the touch and fork
     * paths after about 20 GiB on a busy 2-CPU machine), at least 16 rounds.
     */
    static int modelWarmup(long pages) {
        return (int) Math.clamp((32 * GIB_PAGES + pages - 1) / pages, 16, 256);
    }

    /** The host side only JIT-compiles its touch loop: 1 GiB of warm-up, at least two rounds. */
    static int hostWarmup(long pages) {
        return (int) Math.clamp((GIB_PAGES + pages - 1) / pages, 2, 16);
    }

    /** With host null, the host side is skipped for hostSkipped. */
    static BenchReport run(long size, int repeat, LongFunction<Side> model,
            LongFunction<Side> host, String hostSkipped) {
        long pages = size >>> 12;
        int mw = modelWarmup(pages), hw = hostWarmup(pages);
        List<BenchReport.Row> rows = new ArrayList<>();
        for (BenchCase c : BenchCase.values()) {
            List<String> why = new ArrayList<>();
            Measurement m = null, h = null;
            try {
                m = measure(model.apply(size), c, size, mw, repeat);
            } catch (RuntimeException e) {
                why.add("model: " + e.getMessage());
            }
            if (host == null) {
                why.add("host: " + hostSkipped);
            } else {
                try {
                    h = measure(host.apply(size), c, size, hw, repeat);
                } catch (RuntimeException e) {
                    why.add("host: " + e.getMessage());
                }
            }
            rows.add(new BenchReport.Row(c, pages, m, h, why.isEmpty() ? null
                    : String.join("; ", why)));
        }
        return new BenchReport(Machine.current(), size, repeat, mw, host == null ? 0 : hw, rows);
    }

    private static Measurement measure(Side s, BenchCase c, long size, int warmup, int repeat) {
        System.gc(); // the other side's and the last case's garbage, collected outside the timing
        try (s) {
            return new CaseRunner(s, size, warmup, repeat).run(c);
        }
    }
}
