package dev.ptshare.bench;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * fork() of a process with 1 GiB of written anonymous memory: dup_mmap() → copy_page_range()
 * copies 262144 present PTEs, write-protecting each in parent and child (COW) and taking a
 * reference and mapcount on each frame. Score: <b>PTEs copied per second</b> (one op = one
 * page); milliseconds per fork = 262144 / score × 1000.
 *
 * <p>Before every invocation (unmeasured) the parent writes all its memory again, which makes
 * each PTE writable again through a reuse write-protect fault, so every fork starts from the same
 * state: 262144 writable, dirty, exclusive anonymous pages.
 *
 * <ul>
 * <li>{@link #forkThenExit}: fork, then the child's exit (exit_mmap(): zap 262144 PTEs, drop the
 * references, free the child's page tables).
 * <li>{@link #forkOnly}: fork alone; the child exits in the invocation teardown.
 * </ul>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ForkBenchmark {

    /** The parent process with its written 1 GiB, and the child of the last invocation. */
    @State(Scope.Thread)
    public static class Parent {
        Kernel k;
        Task parent;
        Task child;
        long copiedBefore;

        @Setup(Level.Trial)
        public void boot() {
            k = Sim.kernel();
            parent = Sim.process(k, "parent");
            Sim.mapAnon(k, parent, Sim.ANON_ADDR, Sim.GIB);
        }

        @Setup(Level.Invocation)
        public void write() {
            Sim.touch(k, parent, Sim.ANON_ADDR, Sim.GIB, true);
            Sim.expect(Sim.anonRss(parent), Sim.GIB_PAGES, "parent's anonymous pages");
            copiedBefore = k.mm.fork.ptesCopied;
        }

        @TearDown(Level.Invocation)
        public void reap() {
            if (child == null) throw new IllegalStateException("fork failed");
            Sim.expect(k.mm.fork.ptesCopied - copiedBefore, Sim.GIB_PAGES, "PTEs copied by fork");
            if (child.alive) k.processes.exit(child, 0);
            child = null;
            k.enter(parent);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public Task forkThenExit(Parent p, CpuTime cpu) {
        long t0 = CpuTime.now();
        Task c = p.k.processes.fork(p.parent, "child");
        p.child = c;
        p.k.processes.exit(c, 0);
        cpu.add(t0, Sim.GIB_PAGES);
        return c;
    }

    @Benchmark
    @OperationsPerInvocation(Sim.GIB_PAGES)
    public Task forkOnly(Parent p, CpuTime cpu) {
        long t0 = CpuTime.now();
        Task c = p.k.processes.fork(p.parent, "child");
        p.child = c;
        cpu.add(t0, Sim.GIB_PAGES);
        return c;
    }
}
