package dev.ptshare.hostbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs every case on the model and, where it can, on the host kernel. */
public final class Bench {
    private Bench() {}

    public static BenchReport run(long size, int repeat) throws IOException {
        String skipped = HostBench.unavailable();
        ModelBench model = new ModelBench(size, repeat);
        HostBench host = skipped == null ? new HostBench(size, repeat) : null;
        List<BenchReport.Row> rows = new ArrayList<>();
        for (BenchCase c : BenchCase.values())
            rows.add(new BenchReport.Row(c, model.run(c), host == null ? null : host.run(c)));
        return new BenchReport(machine(), size, repeat, skipped, rows);
    }

    /** The host: kernel release and CPUs. */
    static String machine() {
        String release = System.getProperty("os.name") + " " + System.getProperty("os.version");
        try {
            Path p = Path.of("/proc/sys/kernel/osrelease");
            if (Files.isReadable(p)) release = "Linux " + Files.readString(p).strip();
        } catch (IOException e) {
            // keep os.version
        }
        return release + ", " + Runtime.getRuntime().availableProcessors() + " cpus";
    }
}
