package dev.ptshare.hostbench;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The cases on the host kernel: real mmap, page touches and fork through FFM, with the minor
 * faults read from /proc/self/stat around each repetition.
 */
final class HostBench {
    private static final long PAGE = 4096;

    private final long size;
    private final int repeat;

    HostBench(long size, int repeat) {
        this.size = size;
        this.repeat = repeat;
    }

    /** Why the host side cannot run here, or null. */
    static String unavailable() {
        if (!System.getProperty("os.name", "").equals("Linux")) return "not Linux";
        if (!Files.isDirectory(Path.of("/dev/shm"))) return "no /dev/shm";
        if (!Files.isReadable(Path.of("/proc/self/stat"))) return "no /proc/self/stat";
        return null;
    }

    Measurement run(BenchCase c) throws IOException {
        return switch (c) {
            case SHMEM_READ_TOUCH -> shmemReadTouch();
            case ANON_WRITE_TOUCH -> anonWriteTouch();
            case FORK_ANON -> forkAnon();
        };
    }

    private Measurement shmemReadTouch() throws IOException {
        Path file = Path.of("/dev/shm", "ptshare-bench-" + ProcessHandle.current().pid());
        try {
            // Written once, so every page is in the page cache and up to date.
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
                for (long off = 0; off < size;) {
                    buf.clear().limit((int) Math.min(buf.capacity(), size - off));
                    while (buf.hasRemaining()) off += ch.write(buf, off);
                }
            }
            int fd = Libc.open(file.toString(), Libc.O_RDWR);
            try {
                long[] t = new long[repeat + 1];
                long faults = 0;
                for (int i = 0; i <= repeat; i++) { // the first round warms the JIT
                    MemorySegment m = Libc.mmap(size, Libc.PROT_READ, Libc.MAP_SHARED, fd);
                    long f0 = minflt();
                    long t0 = System.nanoTime();
                    long sum = 0;
                    for (long off = 0; off < size; off += PAGE)
                        sum += m.get(ValueLayout.JAVA_BYTE, off);
                    t[i] = System.nanoTime() - t0;
                    faults = minflt() - f0;
                    Libc.munmap(m);
                    if (sum != 0) throw new IllegalStateException("read non-zero data");
                }
                return new Measurement(Measurement.median(drop(t)), size / PAGE, faults);
            } finally {
                Libc.close(fd);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private Measurement anonWriteTouch() throws IOException {
        long[] t = new long[repeat + 1];
        long faults = 0;
        for (int i = 0; i <= repeat; i++) {
            MemorySegment m = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE,
                    Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1);
            long f0 = minflt();
            long t0 = System.nanoTime();
            for (long off = 0; off < size; off += PAGE) m.set(ValueLayout.JAVA_BYTE, off, (byte) 1);
            t[i] = System.nanoTime() - t0;
            faults = minflt() - f0;
            Libc.munmap(m);
        }
        return new Measurement(Measurement.median(drop(t)), size / PAGE, faults);
    }

    private Measurement forkAnon() throws IOException {
        MemorySegment m = Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1);
        try {
            long[] t = new long[repeat + 1];
            for (int i = 0; i <= repeat; i++) {
                // Written before every fork: the previous child's COW left the pages read-only.
                for (long off = 0; off < size; off += PAGE)
                    m.set(ValueLayout.JAVA_BYTE, off, (byte) i);
                long[] r = Libc.forkAndExitChild();
                t[i] = r[1];
                Libc.reap((int) r[0]);
            }
            return new Measurement(Measurement.median(drop(t)), size / PAGE, 0);
        } finally {
            Libc.munmap(m);
        }
    }

    /** The repetitions after the warm-up round. */
    private static long[] drop(long[] t) {
        return java.util.Arrays.copyOfRange(t, 1, t.length);
    }

    /** minflt, field 10 of /proc/self/stat (after the ") " that ends comm). */
    static long minflt() throws IOException {
        String s = Files.readString(Path.of("/proc/self/stat"));
        String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }
}
