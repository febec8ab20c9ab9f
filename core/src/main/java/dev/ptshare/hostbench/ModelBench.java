package dev.ptshare.hostbench;

import dev.ptshare.fs.OpenFile;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.FileCalls;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.MachineConfig;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mutant;
import java.util.EnumSet;

/**
 * The cases on the model: the same system calls and touches on a default machine (4 CPUs,
 * 64 GiB), mappings at a fixed 1 GiB-aligned address. Each call's result is checked, so a
 * failure never passes for a fast run.
 */
final class ModelBench {
    private static final long ADDR = 0x7e00_0000_0000L, SCRATCH = 0x7d00_0000_0000L;
    private static final int RW = MapFlags.PROT_READ | MapFlags.PROT_WRITE;

    private final long size;
    private final int repeat;

    ModelBench(long size, int repeat) {
        this.size = size;
        this.repeat = repeat;
    }

    Measurement run(BenchCase c) {
        Kernel k = new Kernel(MachineConfig.defaults(), EnumSet.noneOf(Mutant.class));
        Task t = k.processes.create("bench");
        k.enter(t);
        return switch (c) {
            case SHMEM_READ_TOUCH -> shmemReadTouch(k, t);
            case ANON_WRITE_TOUCH -> anonWriteTouch(k, t);
            case FORK_ANON -> forkAnon(k, t);
        };
    }

    private Measurement shmemReadTouch(Kernel k, Task t) {
        int fd = (int) check(k.files.open(t, "/dev/shm/bench", FileCalls.O_CREAT | OpenFile.O_RDWR,
                0600));
        check(k.files.ftruncate(t, fd, size));
        // Written once through a scratch mapping: every page cached and up to date.
        check(k.mem.mmap(t, SCRATCH, size, RW, MapFlags.MAP_SHARED | MapFlags.MAP_FIXED, fd, 0));
        touch(k, t, SCRATCH, true);
        check(k.mem.munmap(t, SCRATCH, size));
        long[] ns = new long[repeat + 1];
        long faults = 0;
        for (int i = 0; i <= repeat; i++) {
            check(k.mem.mmap(t, ADDR, size, MapFlags.PROT_READ,
                    MapFlags.MAP_SHARED | MapFlags.MAP_FIXED, fd, 0));
            long f0 = t.minFlt, t0 = System.nanoTime();
            touch(k, t, ADDR, false);
            ns[i] = System.nanoTime() - t0;
            faults = t.minFlt - f0;
            check(k.mem.munmap(t, ADDR, size));
        }
        return new Measurement(Measurement.median(tail(ns)), size >>> 12, faults);
    }

    private Measurement anonWriteTouch(Kernel k, Task t) {
        long[] ns = new long[repeat + 1];
        long faults = 0;
        for (int i = 0; i <= repeat; i++) {
            mapAnon(k, t);
            long f0 = t.minFlt, t0 = System.nanoTime();
            touch(k, t, ADDR, true);
            ns[i] = System.nanoTime() - t0;
            faults = t.minFlt - f0;
            check(k.mem.munmap(t, ADDR, size));
        }
        return new Measurement(Measurement.median(tail(ns)), size >>> 12, faults);
    }

    private Measurement forkAnon(Kernel k, Task t) {
        mapAnon(k, t);
        long[] ns = new long[repeat + 1];
        for (int i = 0; i <= repeat; i++) {
            touch(k, t, ADDR, true); // writable and exclusive again after the last child
            long t0 = System.nanoTime();
            Task child = k.processes.fork(t, "child" + i);
            ns[i] = System.nanoTime() - t0;
            if (child == null) throw new IllegalStateException("model fork failed");
            k.processes.exit(child, 0);
            k.enter(t);
        }
        return new Measurement(Measurement.median(tail(ns)), size >>> 12, 0);
    }

    private void mapAnon(Kernel k, Task t) {
        check(k.mem.mmap(t, ADDR, size, RW,
                MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_FIXED, -1, 0));
    }

    private void touch(Kernel k, Task t, long addr, boolean write) {
        int sig = k.access.touch(t, addr, size, write);
        if (sig != 0) throw new IllegalStateException("model touch raised signal " + sig);
    }

    private static long[] tail(long[] ns) {
        return java.util.Arrays.copyOfRange(ns, 1, ns.length);
    }

    private static long check(long r) {
        if (Errno.isError(r)) throw new IllegalStateException("model call failed: " + r);
        return r;
    }
}
