package dev.ptshare.hostbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine both sides ran on: kernel release, CPUs, CPU model and the load averages at the end
 * of the run, which show what else the CPUs were doing (from /proc; null where unknown).
 */
public record Machine(String os, String kernelRelease, int cpus, String cpuModel,
        String loadAverage) {

    static Machine current() {
        String release = read("/proc/sys/kernel/osrelease");
        String model = null;
        String cpuinfo = read("/proc/cpuinfo");
        if (cpuinfo != null) {
            for (String line : cpuinfo.split("\n")) {
                if (line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                    break;
                }
            }
        }
        String load = read("/proc/loadavg");
        return new Machine(System.getProperty("os.name"),
                release != null ? release : System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors(), model,
                load == null ? null : String.join(" ", List.of(load.split(" ")).subList(0, 3)));
    }

    String describe() {
        return os + " " + kernelRelease + ", " + cpus + " cpus"
                + (cpuModel == null ? "" : ", " + cpuModel)
                + (loadAverage == null ? "" : ", load " + loadAverage);
    }

    private static String read(String path) {
        try {
            Path p = Path.of(path);
            return Files.isReadable(p) ? Files.readString(p).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }
}
