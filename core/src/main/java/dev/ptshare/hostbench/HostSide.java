package dev.ptshare.hostbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The host kernel: real mmap, madvise, page touches and fork through FFM ({@link Libc}). */
final class HostSide implements Side {
    private static final long PAGE = 4096;

    private final long size;
    private final Path file = Path.of("/dev/shm", "ptshare-bench-" + ProcessHandle.current().pid());
    private int fd = -1;
    /** Keeps the JIT from dropping the reads. */
    private long sum;

    HostSide(long size) {
        this.size = size;
    }

    /** Why the host side cannot run here at all, or null. */
    static String unavailable() {
        if (!System.getProperty("os.name", "").equals("Linux")) return "not Linux";
        if (!Files.isDirectory(Path.of("/dev/shm"))) return "no /dev/shm";
        if (!Files.isReadable(Path.of("/proc/self/stat"))) return "no /proc/self/stat";
        return null;
    }

    /** Refuses a case the host's free memory cannot hold with room to spare. */
    void checkMemory() {
        long needKiB = (size + size / 4 + (256L << 20)) >> 10;
        long availKiB = ProcSelf.memAvailableKiB();
        if (availKiB < needKiB) throw new Libc.HostFailure("needs " + (needKiB >> 10)
                + " MiB of memory, MemAvailable is " + (availKiB >> 10) + " MiB");
    }

    @Override
    public String name() {
        return "host";
    }

    @Override
    public Counters counters(boolean beforeTimedPart) {
        return ProcSelf.read(beforeTimedPart);
    }

    @Override
    public void createCachedShmem() {
        checkMemory();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            for (long off = 0; off < size;) {
                buf.clear().limit((int) Math.min(buf.capacity(), size - off));
                while (buf.hasRemaining()) off += ch.write(buf, off);
            }
        } catch (IOException e) {
            throw new Libc.HostFailure("writing " + file + ": " + e.getMessage());
        }
        fd = Libc.open(file.toString(), Libc.O_RDWR);
    }

    @Override
    public long mapShmem() {
        return Libc.mmap(size, Libc.PROT_READ, Libc.MAP_SHARED, fd).address();
    }

    @Override
    public long mapAnon() {
        checkMemory();
        return Libc.mmap(size, Libc.PROT_READ | Libc.PROT_WRITE,
                Libc.MAP_PRIVATE | Libc.MAP_ANONYMOUS, -1).address();
    }

    @Override
    public void madvise(long addr, int advice) {
        Libc.madvise(segment(addr), advice);
    }

    @Override
    public void touch(long addr, boolean write) {
        MemorySegment m = segment(addr);
        if (write) {
            for (long off = 0; off < size; off += PAGE) m.set(ValueLayout.JAVA_BYTE, off, (byte) 1);
        } else {
            long s = 0;
            for (long off = 0; off < size; off += PAGE) s += m.get(ValueLayout.JAVA_BYTE, off);
            sum += s;
        }
    }

    @Override
    public void unmap(long addr) {
        Libc.munmap(segment(addr));
    }

    @Override
    public Timing fork() {
        long[] r = Libc.forkAndExitChild();
        Libc.reap((int) r[0]);
        return new Timing(r[1], r[2]);
    }

    @Override
    public void close() {
        if (fd >= 0) Libc.close(fd);
        fd = -1;
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sum != 0) throw new IllegalStateException("read non-zero data from " + file);
    }

    private MemorySegment segment(long addr) {
        return MemorySegment.ofAddress(addr).reinterpret(size);
    }
}
