package dev.ptshare.bench;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * JMH state: one simulated machine per benchmark trial, with one process ({@link #task}) and a 1
 * GiB /dev/shm file whose pages are all in the page cache ({@link #shmFd}, fallocate'd).
 */
@State(Scope.Thread)
public class Machine {
    public Kernel k;
    public Task task;
    public int shmFd;

    @Setup(Level.Trial)
    public void boot() {
        k = Sim.kernel();
        task = Sim.process(k, "bench");
        shmFd = Sim.cachedShmemFile(k, task, "/dev/shm/bench", Sim.GIB);
    }
}
