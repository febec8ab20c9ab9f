package dev.ptshare.kernel;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread group (signal_struct): /proc/PID/stat sums min_flt/maj_flt over live threads plus
 * what exited threads left in the signal struct (do_task_stat with whole = 1).
 */
public final class ThreadGroup {
    public final int tgid;
    public final List<Task> threads = new ArrayList<>();
    public long deadMinFlt;
    public long deadMajFlt;

    public ThreadGroup(int tgid) {
        this.tgid = tgid;
    }

    public Task leader() {
        for (Task t : threads) if (t.pid == tgid) return t;
        return threads.isEmpty() ? null : threads.get(0);
    }

    public long minFlt() {
        long n = deadMinFlt;
        for (Task t : threads) if (t.alive) n += t.minFlt;
        return n;
    }

    public long majFlt() {
        long n = deadMajFlt;
        for (Task t : threads) if (t.alive) n += t.majFlt;
        return n;
    }

    public int liveThreads() {
        int n = 0;
        for (Task t : threads) if (t.alive) n++;
        return n;
    }
}
