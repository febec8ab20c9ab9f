package dev.ptshare.cost;

import dev.ptshare.kernel.Kernel;
import java.util.Arrays;

/**
 * Charges each statement of a run the operations it caused, priced by a {@link Calibration}:
 * after every call, the counters' growth since the previous call is that call's work, and goes
 * to the call's {@link Phase}. Each fork is also kept on its own (fork latency). Statements that
 * are not calls ({@code task}, {@code check}) charge their operations to the next call.
 * Statements inside a loop count once per iteration.
 */
public final class CostMeter {
    private final Calibration calibration;
    private final long[] last = new long[CostOp.COUNT];
    private final long[] now = new long[CostOp.COUNT];
    private final long[] phasePicos = new long[Phase.values().length];
    private long[] forks = new long[16];
    private int nForks;
    private boolean forked;

    public CostMeter(Calibration calibration) {
        this.calibration = calibration;
    }

    /** After a statement that made {@code call}: charges what happened since the last one. */
    public void after(Kernel k, String call) {
        OpCounts.read(k, now);
        for (int i = 0; i < CostOp.COUNT; i++) {
            long n = now[i];
            now[i] = n - last[i];
            last[i] = n;
        }
        long picos = calibration.picos(now);
        Phase phase = Phase.of(call, forked);
        forked |= phase == Phase.FORK;
        phasePicos[phase.ordinal()] = Math.addExact(phasePicos[phase.ordinal()], picos);
        if (phase == Phase.FORK) {
            if (nForks == forks.length) forks = Arrays.copyOf(forks, nForks * 2);
            forks[nForks++] = picos;
        }
    }

    /** What the run cost, by phase, with the operation counts it was priced from. */
    public ModelledTime result() {
        return new ModelledTime(calibration, phasePicos[Phase.SETUP.ordinal()],
                Arrays.copyOf(forks, nForks), phasePicos[Phase.FAULT.ordinal()],
                phasePicos[Phase.EXIT.ordinal()], phasePicos[Phase.OTHER.ordinal()], last.clone());
    }
}
