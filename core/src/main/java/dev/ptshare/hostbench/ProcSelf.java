package dev.ptshare.hostbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This JVM's own counters as the host kernel reports them: minflt from /proc/self/stat
 * (fs/proc/array.c do_task_stat()) and the kB fields of /proc/self/status (task_mem()).
 */
final class ProcSelf {
    private ProcSelf() {}

    /**
     * The counters now. Before a timed part minflt is read last and after it first, so that the
     * parsing in between (which may fault on fresh heap pages) stays outside the count.
     */
    static Counters read(boolean beforeTimedPart) {
        long flt = beforeTimedPart ? 0 : minflt();
        String status = readString("/proc/self/status");
        long anon = kib(status, "RssAnon"), shmem = kib(status, "RssShmem");
        long pte = kib(status, "VmPTE");
        return new Counters(beforeTimedPart ? minflt() : flt, anon, shmem, pte);
    }

    /** minflt, field 10 of /proc/self/stat (the eighth after the ") " that ends comm). */
    static long minflt() {
        String s = readString("/proc/self/stat");
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }

    /** A "Name:\t 123 kB" field of /proc/PID/status text, in kB. */
    static long kib(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name + ":")) {
                String v = line.substring(name.length() + 1).strip();
                return Long.parseLong(v.endsWith(" kB") ? v.substring(0, v.length() - 3) : v);
            }
        }
        throw new IllegalStateException("no " + name + " in /proc/self/status");
    }

    /** MemAvailable from /proc/meminfo (mm/show_mem.c si_mem_available()), in kB. */
    static long memAvailableKiB() {
        for (String line : readString("/proc/meminfo").split("\n")) {
            if (line.startsWith("MemAvailable:"))
                return Long.parseLong(line.substring(13).replace("kB", "").strip());
        }
        throw new IllegalStateException("no MemAvailable in /proc/meminfo");
    }

    private static String readString(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
