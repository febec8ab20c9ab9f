package dev.ptshare.bench;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.MapFlags;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Java heap retained per populated PTE (and per page-cache page). Not a JMH benchmark: it
 * measures live heap after full GCs, before and after each step, on one simulated machine.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.ptshare.bench.PteFootprint [MiB, default 1024]
 * </pre>
 *
 * Steps, each on top of the previous one (so frame metadata arrays that grew in an earlier step
 * are already paid for):
 *
 * <ol>
 * <li>anon write: a private anonymous mapping written page by page (PTE + new frame);
 * <li>fork: a child of that process (PTEs only: the frames are shared, COW);
 * <li>shmem cache: a /dev/shm file of the same size fallocate'd (frames + page-cache slots, no
 * PTE);
 * <li>shmem map read, bulk: that file mapped MAP_SHARED and read with one {@code touch} (PTEs
 * only; whole 2 MiB chunks go through BulkAccess, whose PTE tables are stored compact);
 * <li>shmem map read, per page: a second MAP_SHARED mapping of the file read one page per
 * {@code touch} (PTEs only, ordinary tables filled by fault-around);
 * <li>anon read: another anonymous mapping read (zero-page PTEs only).
 * </ol>
 *
 * The kernel spends 8 bytes per PTE (a 4 KiB table page holds 512) plus a 64-byte struct page
 * per frame; compare rows 2, 4 and 5 with the former and rows 1 and 3 with their sum.
 */
public final class PteFootprint {
    private PteFootprint() {}

    /**
     * One measured step: {@code units} PTEs or pages that cost {@code bytes} of heap; {@code
     * tables} page-table pages were added, which would cost {@code expectedTableBytes} as ordinary
     * {@code long[512]} tables (compact tables cost far less).
     */
    public record Step(String name, long units, long bytes, long tables, long expectedTableBytes) {
        public double bytesPerUnit() {
            return (double) bytes / units;
        }
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    /** Live heap after full GCs, repeated until two readings agree within 4 KiB. */
    static long liveHeap() {
        long prev = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            long used = MEMORY.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - prev) < 4096) return used;
            prev = used;
        }
        return prev;
    }

    /** A second mapping of the shmem file, 1 TiB below the first. */
    private static final long SHMEM2_ADDR = 0x7c00_0000_0000L;

    /** Heap bytes per table page: a long[512] (16-byte array header). */
    static final long TABLE_BYTES = 16 + 512 * 8;

    public static List<Step> measure(long bytes) {
        long pages = bytes >>> 12;
        List<Step> out = new ArrayList<>();
        Kernel k = Sim.kernel();
        Task t = Sim.process(k, "footprint");
        long zeroAddr = 0x7d00_0000_0000L;

        long heap = liveHeap();
        long tables = k.tables.live();

        Sim.mapAnon(k, t, Sim.ANON_ADDR, bytes);
        Sim.touch(k, t, Sim.ANON_ADDR, bytes, true);
        Sim.expect(Sim.anonRss(t), pages, "anonymous pages");
        heap = record(out, "anon write (PTE + frame)", pages, k, heap, tables);
        tables = k.tables.live();

        Task child = k.processes.fork(t, "child");
        Sim.expect(Sim.anonRss(child), pages, "child's anonymous pages");
        heap = record(out, "fork child (PTE only)", pages, k, heap, tables);
        tables = k.tables.live();

        k.enter(t);
        int fd = Sim.cachedShmemFile(k, t, "/dev/shm/footprint", bytes);
        heap = record(out, "shmem fallocate (frame + cache slot)", pages, k, heap, tables);
        tables = k.tables.live();

        Sim.mapShared(k, t, fd, Sim.SHMEM_ADDR, bytes, MapFlags.PROT_READ);
        Sim.touch(k, t, Sim.SHMEM_ADDR, bytes, false);
        Sim.expect(Sim.rss(t) - Sim.anonRss(t), pages, "shmem pages mapped");
        heap = record(out, "shmem MAP_SHARED read, bulk (PTE only)", pages, k, heap, tables);
        tables = k.tables.live();

        Sim.mapShared(k, t, fd, SHMEM2_ADDR, bytes, MapFlags.PROT_READ);
        for (long a = SHMEM2_ADDR; a < SHMEM2_ADDR + bytes; a += 4096) Sim.touch(k, t, a, 1, false);
        Sim.expect(Sim.rss(t) - Sim.anonRss(t), 2 * pages, "shmem pages mapped twice");
        heap = record(out, "shmem MAP_SHARED read, per page (PTE only)", pages, k, heap, tables);
        tables = k.tables.live();

        Sim.mapAnon(k, t, zeroAddr, bytes);
        Sim.touch(k, t, zeroAddr, bytes, false);
        record(out, "anon read, zero page (PTE only)", pages, k, heap, tables);

        Reference.reachabilityFence(k);
        Reference.reachabilityFence(child);
        return out;
    }

    /**
     * Adds the step since heapBefore and returns the heap to measure the next one from. Entry
     * arrays of freed tables that the PageTableStore keeps for reuse are not counted as live: a
     * step that frees tables does not pay for them, and one that reuses them does.
     */
    private static long record(List<Step> out, String name, long units, Kernel k, long heapBefore,
            long tablesBefore) {
        long heap = liveHeap() - (long) k.tables.spareArrays() * TABLE_BYTES;
        long tables = k.tables.live() - tablesBefore;
        out.add(new Step(name, units, heap - heapBefore, tables, tables * TABLE_BYTES));
        return heap;
    }

    public static void main(String[] args) {
        long mib = args.length > 0 ? Long.parseLong(args[0]) : 1024;
        List<Step> steps = measure(mib << 20);
        System.out.printf(Locale.ROOT, "%-44s %10s %14s %10s %8s %14s%n", "step", "PTEs/pages",
                "heap delta B", "B/unit", "tables", "tables B/unit");
        for (Step s : steps) {
            System.out.printf(Locale.ROOT, "%-44s %10d %14d %10.2f %8d %14.2f%n", s.name(),
                    s.units(), s.bytes(), s.bytesPerUnit(), s.tables(),
                    (double) s.expectedTableBytes() / s.units());
        }
    }
}
