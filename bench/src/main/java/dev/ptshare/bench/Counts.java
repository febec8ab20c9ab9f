package dev.ptshare.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Secondary JMH results, reported as rates next to the primary score: {@code faults} (page faults
 * the simulated task took, its min_flt) and {@code ptes} (PTEs those faults populated) per
 * second. For read faults on cached file pages one fault maps up to 16 PTEs (fault-around), so
 * the two differ there.
 */
@AuxCounters(AuxCounters.Type.OPERATIONS)
@State(Scope.Thread)
public class Counts {
    public long faults;
    public long ptes;

    @Setup(Level.Iteration)
    public void reset() {
        faults = 0;
        ptes = 0;
    }
}
