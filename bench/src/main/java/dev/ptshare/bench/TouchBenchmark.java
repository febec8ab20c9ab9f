package dev.ptshare.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * {@code UserAccess.touch} over 1 GiB (262144 base pages), the script-level {@code touch}
 * operation. Score: <b>pages per second</b> (one op = one page).
 *
 * <p>Since 071f8ef, touch works a PTE table at a time on 2 MiB-aligned runs where BulkAccess
 * applies (every page mapped and allowed; or an empty table of a shared file mapping whose 2 MiB
 * file range is fully cached or, for shmem, fully absent), then replays the last 8 MiB through
 * the TLB. Everything else goes page by page through the TLB, walk and fault path.
 *
 * <ul>
 * <li>{@code shmemReadCold}: a fresh MAP_SHARED mapping of the cached file per invocation; bulk
 * fault, 32 fault-around faults per PTE table (aux counter {@code faults}), compact tables.
 * <li>{@code shmemReadWarm}: that mapping populated once; bulk, no fault.
 * <li>{@code anonWriteCold}: a fresh private anonymous mapping per invocation; page by page, one
 * do_anonymous_page() fault per page (BulkAccess does not handle anonymous faults).
 * <li>{@code anonWriteWarm}: anonymous memory written once; bulk, no fault.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TouchBenchmark {
    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int shmemReadCold(Mappings.FreshShmem s, Counts c, CpuTime cpu) {
        long t0 = CpuTime.now();
        int sig = s.m.k.access.touch(s.m.task, Sim.SHMEM_ADDR, Sim.GIB, false);
        cpu.add(t0, Sim.GIB_PAGES);
        c.faults += s.faults(s.m.task);
        c.ptes += s.ptes(s.m.task);
        return sig;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int shmemReadWarm(Mappings.WarmShmem s, CpuTime cpu) {
        long t0 = CpuTime.now();
        int sig = s.m.k.access.touch(s.m.task, Sim.SHMEM_ADDR, Sim.GIB, false);
        cpu.add(t0, Sim.GIB_PAGES);
        return sig;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int anonWriteCold(Mappings.FreshAnon s, Counts c, CpuTime cpu) {
        long t0 = CpuTime.now();
        int sig = s.m.k.access.touch(s.m.task, Sim.ANON_ADDR, Sim.GIB, true);
        cpu.add(t0, Sim.GIB_PAGES);
        c.faults += s.faults(s.m.task);
        c.ptes += s.ptes(s.m.task);
        return sig;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public int anonWriteWarm(Mappings.WarmAnon s, CpuTime cpu) {
        long t0 = CpuTime.now();
        int sig = s.m.k.access.touch(s.m.task, Sim.ANON_ADDR, Sim.GIB, true);
        cpu.add(t0, Sim.GIB_PAGES);
        return sig;
    }
}
