package dev.ptshare.proc;

/**
 * The fields of /proc/PID/stat (do_task_stat(), fs/proc/array.c) that /proc/PID/status does not
 * carry. Identity, state, threads, signal masks and the mm come from {@link TaskStatus}. Times are
 * clock ticks (USER_HZ = 100), already converted as nsec_to_clock_t() does.
 *
 * <p>The model computes minFlt and majFlt; vsize and rss come from the mm. The others default to
 * what an idle, never-run-on-a-tty process shows ({@link #DEFAULT}): tty 0 with tpgid -1,
 * PF_RANDOMIZE as the only task flag, zero times and child counters, priority 20 / nice 0,
 * RLIMIT_RSS infinite, exit_signal SIGCHLD, CPU 0, SCHED_OTHER, no exit code.
 *
 * @param ttyNr      new_encode_dev() of the controlling tty, 0 if none
 * @param tpgid      foreground process group of the tty, -1 if none
 * @param flags      task->flags (PF_*)
 * @param minFlt     min_flt (summed over threads for the tgid file)
 * @param cminFlt    signal->cmin_flt
 * @param majFlt     maj_flt
 * @param cmajFlt    signal->cmaj_flt
 * @param utime      user time, ticks
 * @param stime      system time, ticks
 * @param cutime     waited-for children's user time, ticks
 * @param cstime     waited-for children's system time, ticks
 * @param priority   task_prio(): 20 for nice 0
 * @param nice       task_nice()
 * @param startTime  start_boottime, ticks
 * @param rssLimit   RLIMIT_RSS rlim_cur, bytes; -1 is RLIM_INFINITY (printed unsigned)
 * @param kstkEsp    0 unless the task is exiting or dumping core
 * @param kstkEip    0 unless the task is exiting or dumping core
 * @param exitSignal task->exit_signal (17 = SIGCHLD)
 * @param processor  task_cpu()
 * @param rtPriority rt_priority
 * @param policy     policy (0 = SCHED_NORMAL)
 * @param blkioTicks delayacct_blkio_ticks()
 * @param guestTime  guest time, ticks
 * @param cguestTime children's guest time, ticks
 * @param exitCode   task->exit_code
 */
public record TaskStat(
        int ttyNr,
        int tpgid,
        long flags,
        long minFlt,
        long cminFlt,
        long majFlt,
        long cmajFlt,
        long utime,
        long stime,
        long cutime,
        long cstime,
        int priority,
        int nice,
        long startTime,
        long rssLimit,
        long kstkEsp,
        long kstkEip,
        int exitSignal,
        int processor,
        int rtPriority,
        int policy,
        long blkioTicks,
        long guestTime,
        long cguestTime,
        int exitCode) {

    /** PF_RANDOMIZE: set for every task that exec'd with ASLR on. */
    public static final long PF_RANDOMIZE = 0x00400000L;

    public static final TaskStat DEFAULT = new TaskStat(0, -1, PF_RANDOMIZE, 0, 0, 0, 0, 0, 0, 0, 0,
            20, 0, 0, -1L, 0, 0, 17, 0, 0, 0,
            0, 0, 0, 0);

    /** This record with the model's page-fault counts. */
    public TaskStat withFaults(long minFlt, long majFlt) {
        return new TaskStat(ttyNr, tpgid, flags, minFlt, cminFlt, majFlt, cmajFlt, utime, stime,
                cutime, cstime, priority, nice, startTime, rssLimit, kstkEsp, kstkEip, exitSignal,
                processor, rtPriority, policy, blkioTicks, guestTime, cguestTime, exitCode);
    }
}
