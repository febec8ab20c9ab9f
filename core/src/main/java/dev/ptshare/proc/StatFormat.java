package dev.ptshare.proc;

/** /proc/PID/stat and /proc/PID/task/TID/stat as do_task_stat() (fs/proc/array.c, 6.18). */
public final class StatFormat {
    private StatFormat() {}

    /**
     * The 52 space-separated fields and a newline. The reader is taken to pass
     * ptrace_may_access() (it may see code, stack and data addresses) and the task not to be
     * exiting (esp and eip are 0).
     *
     * @param whole true for /proc/PID/stat (proc_tgid_stat), false for a thread's file
     */
    public static String format(TaskStatus t, TaskStat s, boolean whole) {
        MmStats mm = t.mm();
        boolean running = t.state() == TaskState.RUNNING;
        long wchan = (!whole || t.threads() < 2) && !running ? 1 : 0;
        Seq m = new Seq();
        m.decimal("", t.pid()); // 1 pid
        m.puts(" (").puts(t.name().length() > 64 ? t.name().substring(0, 64) : t.name()).puts(") ");
        m.putc(t.state().letter()); // 3 state
        m.decimalSigned(" ", t.ppid());
        m.decimalSigned(" ", t.pgid());
        m.decimalSigned(" ", t.sid());
        m.decimalSigned(" ", s.ttyNr());
        m.decimalSigned(" ", s.tpgid());
        m.decimal(" ", s.flags()); // 9
        m.decimal(" ", s.minFlt());
        m.decimal(" ", s.cminFlt());
        m.decimal(" ", s.majFlt());
        m.decimal(" ", s.cmajFlt());
        m.decimal(" ", s.utime()); // 14
        m.decimal(" ", s.stime());
        m.decimalSigned(" ", s.cutime());
        m.decimalSigned(" ", s.cstime());
        m.decimalSigned(" ", s.priority());
        m.decimalSigned(" ", s.nice());
        m.decimalSigned(" ", t.threads()); // 20
        m.decimal(" ", 0); // 21 itrealvalue
        m.decimal(" ", s.startTime());
        m.decimal(" ", mm != null ? mm.vsizeBytes() : 0); // 23 vsize
        m.decimal(" ", mm != null ? mm.rss() : 0); // 24 rss (pages)
        m.decimal(" ", s.rssLimit());
        m.decimal(" ", mm != null ? mm.startCode() : 0); // 26
        m.decimal(" ", mm != null ? mm.endCode() : 0);
        m.decimal(" ", mm != null ? mm.startStack() : 0);
        m.decimal(" ", s.kstkEsp());
        m.decimal(" ", s.kstkEip()); // 30
        // "The signal information here is obsolete": the first word, masked to 31 bits.
        m.decimal(" ", t.sigPnd() & 0x7fffffffL);
        m.decimal(" ", t.sigBlk() & 0x7fffffffL);
        m.decimal(" ", t.sigIgn() & 0x7fffffffL);
        m.decimal(" ", t.sigCgt() & 0x7fffffffL);
        m.decimal(" ", wchan); // 35
        m.decimal(" ", 0); // 36 nswap
        m.decimal(" ", 0); // 37 cnswap
        m.decimalSigned(" ", s.exitSignal());
        m.decimalSigned(" ", s.processor());
        m.decimal(" ", s.rtPriority()); // 40
        m.decimal(" ", s.policy());
        m.decimal(" ", s.blkioTicks());
        m.decimal(" ", s.guestTime());
        m.decimalSigned(" ", s.cguestTime()); // 44
        if (mm != null) {
            m.decimal(" ", mm.startData());
            m.decimal(" ", mm.endData());
            m.decimal(" ", mm.startBrk());
            m.decimal(" ", mm.argStart());
            m.decimal(" ", mm.argEnd());
            m.decimal(" ", mm.envStart());
            m.decimal(" ", mm.envEnd()); // 51
        } else {
            m.puts(" 0 0 0 0 0 0 0");
        }
        m.decimalSigned(" ", s.exitCode()); // 52
        m.putc('\n');
        return m.toString();
    }
}
