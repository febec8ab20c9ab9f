package dev.ptshare.bench;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The page-fault path, one simulated user access per fault: TLB miss, page walk, #PF,
 * do_user_addr_fault() (VMA lookup, access_error), handle_mm_fault(), mm_account_fault(), and the
 * retried access that walks again and fills the TLB. The primary score is <b>faults per
 * second</b> ({@code ops/s}, one op = one fault, {@link OperationsPerInvocation}); the aux
 * counters {@code faults} and {@code ptes} (see {@link Counts}) give faults/s as counted by the
 * task's min_flt and PTEs populated/s.
 *
 * <p>Every access is a separate 1-byte {@code touch}, so the table-at-a-time BulkAccess path
 * (2 MiB-aligned runs only) never applies: this is the per-access path that loads, stores and
 * partial touches take.
 *
 * <p>Each invocation faults through a freshly mapped 1 GiB range (mmap before, munmap after,
 * both unmeasured; see {@link Mappings}), so every access is a fault on a not-yet-mapped page.
 * Invocations take milliseconds, so JMH's per-invocation timestamps are noise.
 *
 * <p>What "one fault" means for cached file pages: Linux's do_read_fault() first runs
 * do_fault_around(), which maps every cached page of the 16-page (fault_around_bytes = 64 KiB)
 * aligned window around the address. MADV_RANDOM does not change that (it only turns off
 * read-around I/O). So:
 *
 * <ul>
 * <li>{@link #shmemReadFault} is the default behaviour: the access touches the first page of
 * each 64 KiB window, each fault maps 16 PTEs (ptes/s = 16 × faults/s).
 * <li>{@link #shmemReadFaultSinglePte} is the single-PTE file fault: fault-around is off for the
 * VMA (VM_UFFD_WP, as a userfaultfd-WP registration does in Linux) and every page is accessed,
 * so one fault = one PTE.
 * <li>{@link #anonWriteFault} is do_anonymous_page() with a new zeroed frame, one PTE per fault.
 * <li>{@link #anonReadFault} is do_anonymous_page() mapping the shared zero page: the cheapest
 * complete fault, a floor for the fixed per-fault cost.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FaultPathBenchmark {
    private static final long PAGE = 4096;
    private static final long WINDOW = Sim.FAULT_AROUND * PAGE;

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES / Sim.FAULT_AROUND)
    public int shmemReadFault(Mappings.FreshShmem s, Counts c, CpuTime cpu) {
        Kernel k = s.m.k;
        Task t = s.m.task;
        long t0 = CpuTime.now();
        int sig = 0;
        for (long a = Sim.SHMEM_ADDR, end = a + Sim.GIB; a < end; a += WINDOW) {
            sig |= k.access.touch(t, a, 1, false);
        }
        long faults = s.faults(t);
        cpu.add(t0, faults);
        Sim.expect(faults, Sim.GIB_PAGES / Sim.FAULT_AROUND, "shmem read faults");
        c.faults += faults;
        c.ptes += s.ptes(t);
        return sig;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int shmemReadFaultSinglePte(Mappings.FreshShmemNoFaultAround s, Counts c, CpuTime cpu) {
        Kernel k = s.m.k;
        Task t = s.m.task;
        long t0 = CpuTime.now();
        int sig = 0;
        for (long a = Sim.SHMEM_ADDR, end = a + Sim.GIB; a < end; a += PAGE) {
            sig |= k.access.touch(t, a, 1, false);
        }
        long faults = s.faults(t);
        cpu.add(t0, faults);
        Sim.expect(faults, Sim.GIB_PAGES, "shmem read faults without fault-around");
        c.faults += faults;
        c.ptes += s.ptes(t);
        return sig;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int anonWriteFault(Mappings.FreshAnon s, Counts c, CpuTime cpu) {
        Kernel k = s.m.k;
        Task t = s.m.task;
        long t0 = CpuTime.now();
        int sig = 0;
        for (long a = Sim.ANON_ADDR, end = a + Sim.GIB; a < end; a += PAGE) {
            sig |= k.access.touch(t, a, 1, true);
        }
        long faults = s.faults(t);
        cpu.add(t0, faults);
        c.faults += faults;
        c.ptes += s.ptes(t);
        return sig;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int anonReadFault(Mappings.FreshAnon s, Counts c, CpuTime cpu) {
        Kernel k = s.m.k;
        Task t = s.m.task;
        long t0 = CpuTime.now();
        int sig = 0;
        for (long a = Sim.ANON_ADDR, end = a + Sim.GIB; a < end; a += PAGE) {
            sig |= k.access.touch(t, a, 1, false);
        }
        long faults = s.faults(t);
        cpu.add(t0, faults);
        c.faults += faults;
        c.ptes += faults; // zero-page PTEs are not in RSS; each fault maps exactly one
        return sig;
    }
}
