package dev.ptshare.kernel;

/**
 * out_of_memory() (mm/oom_kill.c): pick the process with the highest oom_badness() (RSS +
 * swap entries + page-table pages) and kill it. The model runs it when a fault or an allocation
 * for it fails, then retries, as pagefault_out_of_memory() lets the fault retry.
 */
public final class Oom {
    private final Kernel k;
    public long kills;

    Oom(Kernel k) {
        this.k = k;
    }

    /** oom_badness() in pages. */
    static long badness(Task t) {
        var mm = t.mm;
        return mm.rssPages() + mm.rss[dev.ptshare.mm.Mm.MM_SWAPENTS] + mm.pgtablesBytes / 4096;
    }

    /** Kills a victim; returns it, or null when nothing can be killed. */
    public Task outOfMemory() {
        Task victim = null;
        long worst = -1;
        for (Task t : k.allTasks()) {
            if (!t.alive || !t.isLeader() || t.mm == null) continue;
            long b = badness(t);
            if (b > worst) {
                worst = b;
                victim = t;
            }
        }
        if (victim == null) return null;
        kills++;
        k.log.add(String.format(
                "Out of memory: Killed process %d (%s) total-vm:%dkB, anon-rss:%dkB, file-rss:%dkB, shmem-rss:%dkB, pgtables:%dkB",
                victim.group.tgid, victim.name, victim.mm.totalVm * 4,
                victim.mm.rss[dev.ptshare.mm.Mm.MM_ANONPAGES] * 4,
                victim.mm.rss[dev.ptshare.mm.Mm.MM_FILEPAGES] * 4,
                victim.mm.rss[dev.ptshare.mm.Mm.MM_SHMEMPAGES] * 4,
                victim.mm.pgtablesBytes / 1024));
        k.processes.killGroup(victim.group, "SIGKILL (oom)");
        return victim;
    }
}
