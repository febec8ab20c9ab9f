package dev.ptshare.cli;

import dev.ptshare.hostbench.Bench;
import dev.ptshare.hostbench.BenchReport;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ptshare bench}: the model against the host kernel on the same fixed cases. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Run fixed cases (read-touch of cached shmem, write-touch of fresh anonymous"
                + " memory, fork of written anonymous memory) on the model and, on Linux, on this"
                + " machine's kernel (through FFM) in one run, and print both rates (pages per"
                + " second, wall time) and model/host.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--format", defaultValue = "table", description = "table|json")
    String format;

    @Option(names = "--size", defaultValue = "1GiB",
            description = "bytes per case, a multiple of 2 MiB (default 1GiB)")
    String size;

    @Option(names = "--repeat", defaultValue = "5", description = "timed repetitions per case")
    int repeat;

    @Override
    public Integer call() {
        if (!format.equals("table") && !format.equals("json")) {
            System.err.println("ptshare: --format must be table or json, got '" + format + "'");
            return 2;
        }
        long bytes;
        try {
            bytes = dev.ptshare.compare.Param.parseSize(size);
        } catch (IllegalArgumentException e) {
            System.err.println("ptshare: --size: " + e.getMessage());
            return 2;
        }
        if (bytes <= 0 || bytes % (2L << 20) != 0 || bytes > (64L << 30)) {
            System.err
                    .println("ptshare: --size must be a multiple of 2MiB up to 64GiB, got " + size);
            return 2;
        }
        if (repeat < 1 || repeat > 100) {
            System.err.println("ptshare: --repeat must be 1..100, got " + repeat);
            return 2;
        }
        BenchReport r = Bench.run(bytes, repeat);
        System.out.print(format.equals("json") ? r.json() : r.table());
        return 0;
    }
}
