package dev.ptshare.hostbench;

import dev.ptshare.fs.OpenFile;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.FileCalls;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.MachineConfig;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.Mutant;
import java.util.EnumSet;
import java.util.Map;

/**
 * The model: one task on a default machine (4 CPUs, 64 GiB or four times the case size if that
 * is more), making the same calls through the model's public entry points as a script would.
 * Every result is checked, so a failure never passes for a fast run.
 */
final class ModelSide implements Side {
    private static final String FILE = "/dev/shm/ptshare-bench";

    private final long size;
    private final Kernel k;
    private final Task t;
    private int fd = -1;
    private int children;

    ModelSide(long size) {
        this.size = size;
        long memory = Math.max(MachineConfig.defaults().memoryBytes(), 4 * size);
        this.k = new Kernel(MachineConfig.parse(Map.of("memory", Long.toString(memory))),
                EnumSet.noneOf(Mutant.class));
        this.t = k.processes.create("bench");
        k.enter(t);
    }

    @Override
    public String name() {
        return "model";
    }

    @Override
    public Counters counters(boolean beforeTimedPart) {
        Mm mm = t.mm;
        return new Counters(t.minFlt, mm.rss[Mm.MM_ANONPAGES] << 2, mm.rss[Mm.MM_SHMEMPAGES] << 2,
                mm.pgtablesBytes >> 10);
    }

    @Override
    public void createCachedShmem() {
        fd = (int) check("open", k.files.open(t, FILE, FileCalls.O_CREAT | OpenFile.O_RDWR, 0600));
        check("ftruncate", k.files.ftruncate(t, fd, size));
        // Written once through a scratch mapping, as write(2) would: every page cached, uptodate.
        long a = check("mmap", k.mem.mmap(t, 0, size, MapFlags.PROT_READ | MapFlags.PROT_WRITE,
                MapFlags.MAP_SHARED, fd, 0));
        touch(a, true);
        unmap(a);
    }

    @Override
    public long mapShmem() {
        return check("mmap",
                k.mem.mmap(t, 0, size, MapFlags.PROT_READ, MapFlags.MAP_SHARED, fd, 0));
    }

    @Override
    public long mapAnon() {
        return check("mmap", k.mem.mmap(t, 0, size, MapFlags.PROT_READ | MapFlags.PROT_WRITE,
                MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS, -1, 0));
    }

    @Override
    public void madvise(long addr, int advice) {
        check("madvise", k.mem.madvise(t, addr, size, advice));
    }

    @Override
    public void touch(long addr, boolean write) {
        int sig = k.access.touch(t, addr, size, write);
        if (sig != 0) throw new IllegalStateException("touch raised signal " + sig);
    }

    @Override
    public void unmap(long addr) {
        check("munmap", k.mem.munmap(t, addr, size));
    }

    @Override
    public Timing fork() {
        long c0 = Timing.cpu(), t0 = System.nanoTime();
        Task child = k.processes.fork(t, "child" + children++);
        long t1 = System.nanoTime(), c1 = Timing.cpu();
        if (child == null) throw new IllegalStateException("fork failed (ENOMEM)");
        k.processes.exit(child, 0);
        k.enter(t);
        return new Timing(t1 - t0, c1 - c0);
    }

    @Override
    public void close() {
        if (fd >= 0) check("close", k.files.close(t, fd));
        fd = -1;
    }

    private static long check(String call, long r) {
        if (Errno.isError(r)) throw new IllegalStateException(call + " failed: errno " + -r);
        return r;
    }
}
