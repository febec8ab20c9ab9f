package dev.ptshare.bench;

import dev.ptshare.fs.Inode;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.kernel.FileCalls;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.MachineConfig;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.Mutant;
import dev.ptshare.mm.Vma;
import java.util.EnumSet;

/**
 * Shared set-up for the benchmarks: a default machine (4 CPUs, 64 GiB, 4-level paging, no
 * mutants), processes, a fully cached /dev/shm file, and 1 GiB mappings at fixed, 1 GiB-aligned
 * addresses (so fault-around windows and PTE tables line up with the mapping; a top-down
 * mmap would start at 0x7fffb7fff000, which is not even 64 KiB-aligned). Every call checks its
 * result: a benchmark that silently measures an error path is worse than one that fails.
 */
final class Sim {
    private Sim() {}

    static final long GIB = 1L << 30;
    /** Base pages in 1 GiB. */
    static final int GIB_PAGES = (int) (GIB >>> 12);
    /** Pages one read fault maps on a fully cached file (Memory.FAULT_AROUND_PAGES). */
    static final int FAULT_AROUND = 16;

    /** Fixed mapping addresses, 1 GiB apart and 1 GiB-aligned. */
    static final long SHMEM_ADDR = 0x7e00_0000_0000L;
    static final long ANON_ADDR = 0x7f00_0000_0000L;

    static final int RW = MapFlags.PROT_READ | MapFlags.PROT_WRITE;

    static Kernel kernel() {
        return new Kernel(MachineConfig.defaults(), EnumSet.noneOf(Mutant.class));
    }

    /** A new process, running on its CPU. */
    static Task process(Kernel k, String name) {
        Task t = k.processes.create(name);
        if (t == null) throw new IllegalStateException("process creation failed");
        k.enter(t);
        return t;
    }

    /**
     * A /dev/shm file of {@code size} bytes, every page in the page cache and up to date: written
     * once through a scratch mapping (fallocate()d pages stay !uptodate until their first fault,
     * and fault-around skips them).
     */
    static int cachedShmemFile(Kernel k, Task t, String path, long size) {
        long fd = check(k.files.open(t, path, FileCalls.O_CREAT | OpenFile.O_RDWR, 0600), "open");
        check(k.files.ftruncate(t, fd, size), "ftruncate");
        long scratch = 1L << 45;
        mapShared(k, t, (int) fd, scratch, size, RW);
        check(k.access.touch(t, scratch, size, true), "touch");
        unmap(k, t, scratch, size);
        Inode inode = k.vfs.lookup(path);
        if (inode.cache.nrPages() != size >>> 12) {
            throw new IllegalStateException("page cache holds " + inode.cache.nrPages() + " pages");
        }
        return (int) fd;
    }

    /** mmap(MAP_SHARED|MAP_FIXED) of {@code fd} at {@code addr}. */
    static long mapShared(Kernel k, Task t, int fd, long addr, long len, int prot) {
        return checkAddr(k.mem.mmap(t, addr, len, prot, MapFlags.MAP_SHARED | MapFlags.MAP_FIXED,
                fd, 0), addr);
    }

    /** mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED) read-write at {@code addr}. */
    static long mapAnon(Kernel k, Task t, long addr, long len) {
        return checkAddr(k.mem.mmap(t, addr, len, RW,
                MapFlags.MAP_PRIVATE | MapFlags.MAP_ANONYMOUS | MapFlags.MAP_FIXED, -1, 0), addr);
    }

    static void unmap(Kernel k, Task t, long addr, long len) {
        check(k.mem.munmap(t, addr, len), "munmap");
    }

    static Vma vma(Task t, long addr) {
        return t.mm.vmas.lookup(addr);
    }

    /** Touches [addr, addr+len) and fails on a signal. */
    static void touch(Kernel k, Task t, long addr, long len, boolean write) {
        k.enter(t);
        int sig = k.access.touch(t, addr, len, write);
        if (sig != 0) {
            throw new IllegalStateException("touch raised signal " + sig + " at 0x"
                    + Long.toHexString(k.access.touchFailedAt));
        }
    }

    /** Resident pages of the mm (anon + file + shmem), i.e. populated PTEs of normal pages. */
    static long rss(Task t) {
        return t.mm.rssPages();
    }

    static long anonRss(Task t) {
        return t.mm.rss[Mm.MM_ANONPAGES];
    }

    static long check(long r, String what) {
        if (r < 0) throw new IllegalStateException(what + " failed: " + r);
        return r;
    }

    private static long checkAddr(long r, long want) {
        if (r != want) throw new IllegalStateException("mmap returned " + r);
        return r;
    }

    /** Fails when a counter is not what the benchmark assumes it measured. */
    static void expect(long actual, long expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
        }
    }
}
