package dev.ptshare.proc;

/** /proc/PID/status as proc_pid_status() (fs/proc/array.c, 6.18) prints it. */
public final class StatusFormat {
    private StatusFormat() {}

    /**
     * proc_pid_status(): Name, task_state(), task_mem() and the mm lines when the task has an mm,
     * task_sig(), task_cap(), task_seccomp(), task_cpus_allowed(), cpuset_task_status_allowed(),
     * task_context_switch_counts(), arch_proc_pid_thread_features(). One pid namespace level.
     */
    public static String format(TaskStatus t, ProcConfig cfg) {
        Seq m = new Seq();
        m.puts("Name:\t");
        escapeName(m, t.name());
        m.putc('\n');
        taskState(m, t);
        MmStats mm = t.mm();
        if (mm != null) {
            taskMem(m, mm, cfg);
            m.decimal("CoreDumping:\t", t.coreDumping() ? 1 : 0).putc('\n');
            m.puts("THP_enabled:\t").puts(cfg.thp() && t.thpEnabled() ? "1" : "0").putc('\n');
            m.puts("untag_mask:\t").puts("0x" + Long.toHexString(t.untagMask())).putc('\n');
        }
        taskSig(m, t);
        taskCap(m, t);
        taskSeccomp(m, t, cfg);
        m.puts("Cpus_allowed:\t").bitmap(t.cpusAllowed(), cfg.nrCpuIds()).putc('\n');
        m.puts("Cpus_allowed_list:\t").bitmapList(t.cpusAllowed(), cfg.nrCpuIds()).putc('\n');
        m.puts("Mems_allowed:\t").bitmap(t.memsAllowed(), cfg.maxNumNodes()).putc('\n');
        m.puts("Mems_allowed_list:\t").bitmapList(t.memsAllowed(), cfg.maxNumNodes()).putc('\n');
        m.decimal("voluntary_ctxt_switches:\t", t.voluntaryCtxtSwitches());
        m.decimal("\nnonvoluntary_ctxt_switches:\t", t.nonvoluntaryCtxtSwitches()).putc('\n');
        if (cfg.userShadowStack()) {
            m.puts("x86_Thread_features:\t").puts(t.x86Features()).putc('\n');
            m.puts("x86_Thread_features_locked:\t").puts(t.x86FeaturesLocked()).putc('\n');
        }
        return m.toString();
    }

    /** proc_task_name(m, p, true): seq_escape_str(ESCAPE_SPACE | ESCAPE_SPECIAL, "\n\\"). */
    static void escapeName(Seq m, String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\n') {
                m.puts("\\n");
            } else if (c == '\\') {
                m.puts("\\\\");
            } else {
                m.putc(c);
            }
        }
    }

    /** task_state(). */
    static void taskState(Seq m, TaskStatus t) {
        if (t.umask() >= 0) {
            // "%#04o": for 0..0777 the same as four zero-padded octal digits.
            m.puts("Umask:\t").puts(String.format("%04o", t.umask())).putc('\n');
        }
        m.puts("State:\t").puts(t.state().text());
        m.decimal("\nTgid:\t", t.tgid());
        m.decimal("\nNgid:\t", t.ngid());
        m.decimal("\nPid:\t", t.pid());
        m.decimal("\nPPid:\t", t.ppid());
        m.decimal("\nTracerPid:\t", t.tracerPid());
        m.decimal("\nUid:\t", t.uid().get(0));
        for (int i = 1; i < 4; i++) {
            m.decimal("\t", t.uid().get(i));
        }
        m.decimal("\nGid:\t", t.gid().get(0));
        for (int i = 1; i < 4; i++) {
            m.decimal("\t", t.gid().get(i));
        }
        m.decimal("\nFDSize:\t", t.fdSize());
        m.puts("\nGroups:\t");
        for (int g = 0; g < t.groups().size(); g++) {
            m.decimal(g > 0 ? " " : "", t.groups().get(g));
        }
        m.putc(' '); // "Trailing space shouldn't have been added in the first place."
        m.puts("\nNStgid:").decimal("\t", t.tgid());
        m.puts("\nNSpid:").decimal("\t", t.pid());
        m.puts("\nNSpgid:").decimal("\t", t.pgid());
        m.puts("\nNSsid:").decimal("\t", t.sid());
        m.putc('\n');
        m.puts("Kthread:\t").putc(t.kthread() ? '1' : '0').putc('\n');
    }

    /** task_mem() (fs/proc/task_mmu.c), then hugetlb_report_usage(). */
    static void taskMem(Seq m, MmStats mm, ProcConfig cfg) {
        long totalRss = mm.rss();
        pages(m, "VmPeak:\t", Math.max(mm.totalVm(), mm.hiwaterVm()));
        pages(m, " kB\nVmSize:\t", mm.totalVm());
        pages(m, " kB\nVmLck:\t", mm.lockedVm());
        pages(m, " kB\nVmPin:\t", mm.pinnedVm());
        pages(m, " kB\nVmHWM:\t", Math.max(totalRss, mm.hiwaterRss()));
        pages(m, " kB\nVmRSS:\t", totalRss);
        pages(m, " kB\nRssAnon:\t", mm.anonPages());
        pages(m, " kB\nRssFile:\t", mm.filePages());
        pages(m, " kB\nRssShmem:\t", mm.shmemPages());
        pages(m, " kB\nVmData:\t", mm.dataVm());
        pages(m, " kB\nVmStk:\t", mm.stackVm());
        m.decimalWidth(" kB\nVmExe:\t", mm.textBytes() >>> 10, 8);
        m.decimalWidth(" kB\nVmLib:\t", mm.libBytes() >>> 10, 8);
        m.decimalWidth(" kB\nVmPTE:\t", mm.pgtablesBytes() >>> 10, 8);
        pages(m, " kB\nVmSwap:\t", mm.swapEnts());
        m.puts(" kB\n");
        if (cfg.hugetlb()) {
            m.decimalWidth("HugetlbPages:\t", mm.hugetlbUsage() << 2, 8).puts(" kB\n");
        }
    }

    /** SEQ_PUT_DEC of task_mem(): pages << (PAGE_SHIFT - 10), width 8. */
    private static void pages(Seq m, String label, long pages) {
        m.decimalWidth(label, pages << 2, 8);
    }

    /** task_sig(). */
    static void taskSig(Seq m, TaskStatus t) {
        m.decimal("Threads:\t", t.threads());
        m.decimal("\nSigQ:\t", t.sigqQueued());
        m.decimal("/", t.sigqLimit());
        sigset(m, "\nSigPnd:\t", t.sigPnd());
        sigset(m, "ShdPnd:\t", t.shdPnd());
        sigset(m, "SigBlk:\t", t.sigBlk());
        sigset(m, "SigIgn:\t", t.sigIgn());
        sigset(m, "SigCgt:\t", t.sigCgt());
    }

    /** render_sigset_t(): _NSIG = 64 signals as 16 hex digits, signal 64 first. */
    private static void sigset(Seq m, String header, long set) {
        m.puts(header).hex("", set, 16).putc('\n');
    }

    /** task_cap(): render_cap_t() is seq_put_hex_ll(m, NULL, cap, 16). */
    static void taskCap(Seq m, TaskStatus t) {
        m.puts("CapInh:\t").hex("", t.capInh(), 16).putc('\n');
        m.puts("CapPrm:\t").hex("", t.capPrm(), 16).putc('\n');
        m.puts("CapEff:\t").hex("", t.capEff(), 16).putc('\n');
        m.puts("CapBnd:\t").hex("", t.capBnd(), 16).putc('\n');
        m.puts("CapAmb:\t").hex("", t.capAmb(), 16).putc('\n');
    }

    /** task_seccomp(): NoNewPrivs, Seccomp, Seccomp_filters and the two speculation lines. */
    static void taskSeccomp(Seq m, TaskStatus t, ProcConfig cfg) {
        m.decimal("NoNewPrivs:\t", t.noNewPrivs() ? 1 : 0);
        m.decimal("\nSeccomp:\t", t.seccompMode());
        if (cfg.seccompFilter()) {
            m.decimal("\nSeccomp_filters:\t", t.seccompFilters());
        }
        m.puts("\nSpeculation_Store_Bypass:\t").puts(t.specStoreBypass());
        m.puts("\nSpeculationIndirectBranch:\t").puts(t.specIndirectBranch());
        m.putc('\n');
    }
}
