package dev.ptshare.bench;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.VmFlags;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH states holding one 1 GiB mapping of the {@link Machine}'s process. The {@code Fresh*}
 * states map it anew before every invocation and unmap it after (both outside the measured
 * time), so every invocation starts with no PTEs and every first touch is a page fault. The
 * {@code Warm*} states populate the mapping once per trial. Teardowns check the fault and RSS
 * counters, so a benchmark that stops measuring what it claims fails instead of reporting.
 */
public final class Mappings {
    private Mappings() {}

    /** Holds the fault count at the start of an invocation. */
    abstract static class Fresh {
        long minFltBefore;
        long rssBefore;

        void start(Task t) {
            minFltBefore = t.minFlt;
            rssBefore = Sim.rss(t);
        }

        long faults(Task t) {
            return t.minFlt - minFltBefore;
        }

        long ptes(Task t) {
            return Sim.rss(t) - rssBefore;
        }
    }

    /**
     * MAP_SHARED, PROT_READ mapping of the cached 1 GiB shmem file at {@link Sim#SHMEM_ADDR}:
     * read faults take the fault-around path (16 PTEs per fault).
     */
    @State(Scope.Thread)
    public static class FreshShmem extends Fresh {
        Machine m;

        @Setup(Level.Invocation)
        public void map(Machine machine) {
            m = machine;
            Sim.mapShared(m.k, m.task, m.shmFd, Sim.SHMEM_ADDR, Sim.GIB, MapFlags.PROT_READ);
            customize(m.k, m.task);
            start(m.task);
        }

        void customize(Kernel k, Task t) {}

        @TearDown(Level.Invocation)
        public void unmap() {
            Sim.expect(ptes(m.task), Sim.GIB_PAGES, "PTEs mapped by one invocation");
            Sim.unmap(m.k, m.task, Sim.SHMEM_ADDR, Sim.GIB);
        }
    }

    /**
     * {@link FreshShmem} with fault-around disabled the way Linux disables it for a VMA:
     * {@code uffd_disable_fault_around()} is true for VM_UFFD_WP (a userfaultfd write-protect
     * registration, which has no effect on read faults otherwise). The flag is set directly on the
     * VMA because the model has no userfaultfd(2) call. Every read fault then maps exactly the
     * faulting page: do_read_fault() → filemap fault → finish_fault().
     */
    @State(Scope.Thread)
    public static class FreshShmemNoFaultAround extends FreshShmem {
        @Override
        void customize(Kernel k, Task t) {
            Sim.vma(t, Sim.SHMEM_ADDR).flags |= VmFlags.VM_UFFD_WP;
        }
    }

    /** MAP_PRIVATE|MAP_ANONYMOUS read-write 1 GiB at {@link Sim#ANON_ADDR}. */
    @State(Scope.Thread)
    public static class FreshAnon extends Fresh {
        Machine m;

        @Setup(Level.Invocation)
        public void map(Machine machine) {
            m = machine;
            Sim.mapAnon(m.k, m.task, Sim.ANON_ADDR, Sim.GIB);
            start(m.task);
        }

        @TearDown(Level.Invocation)
        public void unmap() {
            Sim.expect(faults(m.task), Sim.GIB_PAGES, "faults of one invocation (one per page)");
            Sim.unmap(m.k, m.task, Sim.ANON_ADDR, Sim.GIB);
        }
    }

    /** The cached shmem file mapped and fully read-touched once per trial. */
    @State(Scope.Thread)
    public static class WarmShmem {
        Machine m;
        long minFlt;

        @Setup(Level.Trial)
        public void populate(Machine machine) {
            m = machine;
            Sim.mapShared(m.k, m.task, m.shmFd, Sim.SHMEM_ADDR, Sim.GIB, MapFlags.PROT_READ);
            Sim.touch(m.k, m.task, Sim.SHMEM_ADDR, Sim.GIB, false);
            Sim.expect(Sim.rss(m.task), Sim.GIB_PAGES, "populated shmem PTEs");
            minFlt = m.task.minFlt;
        }

        @TearDown(Level.Trial)
        public void check() {
            Sim.expect(m.task.minFlt, minFlt, "faults while touching a populated mapping");
        }
    }

    /** 1 GiB of anonymous memory, written once per trial (every PTE present, RW and dirty). */
    @State(Scope.Thread)
    public static class WarmAnon {
        Machine m;
        long minFlt;

        @Setup(Level.Trial)
        public void populate(Machine machine) {
            m = machine;
            Sim.mapAnon(m.k, m.task, Sim.ANON_ADDR, Sim.GIB);
            Sim.touch(m.k, m.task, Sim.ANON_ADDR, Sim.GIB, true);
            Sim.expect(Sim.anonRss(m.task), Sim.GIB_PAGES, "populated anonymous PTEs");
            minFlt = m.task.minFlt;
        }

        @TearDown(Level.Trial)
        public void check() {
            Sim.expect(m.task.minFlt, minFlt, "faults while touching a populated mapping");
        }
    }
}
