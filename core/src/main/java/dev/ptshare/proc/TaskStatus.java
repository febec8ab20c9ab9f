package dev.ptshare.proc;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * What proc_pid_status() (fs/proc/array.c) reads from a task. The model fills identity and the
 * mm; the rest defaults to what an unprivileged, untraced, single-threaded process of the {@link
 * ProcConfig#DEFAULT} machine shows (see {@link Builder}).
 *
 * @param name                     comm (or kthread full name), printed escaped by proc_task_name()
 * @param umask                    fs->umask, or -1 when the task has no fs_struct (no "Umask:"
 *                                 line)
 * @param state                    task_state_index()
 * @param tgid                     task_tgid_nr_ns()
 * @param ngid                     task_numa_group_id() (0 without NUMA balancing)
 * @param pid                      pid_nr_ns()
 * @param ppid                     task_ppid_nr_ns()
 * @param tracerPid                pid of ptrace_parent(), 0 if untraced
 * @param pgid                     task_pgrp_nr_ns() (NSpgid; stat's pgrp)
 * @param sid                      task_session_nr_ns() (NSsid; stat's session)
 * @param uid                      real, effective, saved and fs uid (4 entries)
 * @param gid                      real, effective, saved and fs gid (4 entries)
 * @param fdSize                   files_fdtable()->max_fds
 * @param groups                   supplementary groups
 * @param kthread                  PF_KTHREAD
 * @param mm                       the mm, or null for a kernel thread or exited task (no Vm* lines)
 * @param coreDumping              signal->core_state != NULL
 * @param thpEnabled               !MMF_DISABLE_THP_COMPLETELY (printed only with an mm)
 * @param untagMask                mm_untag_mask(): -1 unless LAM is enabled
 * @param threads                  get_nr_threads()
 * @param sigqQueued               pending signals charged to the user (UCOUNT_RLIMIT_SIGPENDING)
 * @param sigqLimit                RLIMIT_SIGPENDING
 * @param sigPnd                   task->pending, bit (n-1) for signal n
 * @param shdPnd                   signal->shared_pending
 * @param sigBlk                   task->blocked
 * @param sigIgn                   handlers set to SIG_IGN
 * @param sigCgt                   handlers other than SIG_DFL/SIG_IGN
 * @param capInh                   cap_inheritable
 * @param capPrm                   cap_permitted
 * @param capEff                   cap_effective
 * @param capBnd                   cap_bset
 * @param capAmb                   cap_ambient
 * @param noNewPrivs               task_no_new_privs()
 * @param seccompMode              seccomp.mode
 * @param seccompFilters           seccomp.filter_count
 * @param specStoreBypass          the Speculation_Store_Bypass text (arch_prctl_spec_ctrl_get)
 * @param specIndirectBranch       the SpeculationIndirectBranch text
 * @param cpusAllowed              cpus_mask
 * @param memsAllowed              mems_allowed
 * @param voluntaryCtxtSwitches    nvcsw
 * @param nonvoluntaryCtxtSwitches nivcsw
 * @param x86Features              thread.features as dump_x86_features() prints it ("" or "shstk ",
 *                                 ...)
 * @param x86FeaturesLocked        thread.features_locked, likewise
 */
public record TaskStatus(
        String name,
        int umask,
        TaskState state,
        int tgid,
        int ngid,
        int pid,
        int ppid,
        int tracerPid,
        int pgid,
        int sid,
        List<Integer> uid,
        List<Integer> gid,
        int fdSize,
        List<Integer> groups,
        boolean kthread,
        MmStats mm,
        boolean coreDumping,
        boolean thpEnabled,
        long untagMask,
        int threads,
        long sigqQueued,
        long sigqLimit,
        long sigPnd,
        long shdPnd,
        long sigBlk,
        long sigIgn,
        long sigCgt,
        long capInh,
        long capPrm,
        long capEff,
        long capBnd,
        long capAmb,
        boolean noNewPrivs,
        int seccompMode,
        int seccompFilters,
        String specStoreBypass,
        String specIndirectBranch,
        BitSet cpusAllowed,
        BitSet memsAllowed,
        long voluntaryCtxtSwitches,
        long nonvoluntaryCtxtSwitches,
        String x86Features,
        String x86FeaturesLocked) {

    /** CAP_FULL_SET with CAP_LAST_CAP = 40 (CAP_CHECKPOINT_RESTORE): 41 bits. */
    public static final long CAP_FULL_SET = (1L << 41) - 1;

    public TaskStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        uid = List.copyOf(uid);
        gid = List.copyOf(gid);
        groups = List.copyOf(groups);
        if (uid.size() != 4 || gid.size() != 4) {
            throw new IllegalArgumentException("uid and gid take real, effective, saved, fs");
        }
        cpusAllowed = (BitSet) cpusAllowed.clone();
        memsAllowed = (BitSet) memsAllowed.clone();
    }

    @Override
    public BitSet cpusAllowed() {
        return (BitSet) cpusAllowed.clone();
    }

    @Override
    public BitSet memsAllowed() {
        return (BitSet) memsAllowed.clone();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builds a TaskStatus. Defaults: pid = tgid = pgid = sid = 1, ppid 0, uid/gid 0, umask 0022,
     * state S, fdSize 64, no groups, no mm, THP enabled, untag_mask -1, 1 thread, SigQ 0/62423
     * (RLIMIT_SIGPENDING of an 8 GiB machine), no signals, no capabilities but CapBnd full,
     * seccomp off with 0 filters, "thread vulnerable" / "conditional enabled" speculation, all of
     * {@link ProcConfig#DEFAULT}'s 8 CPUs and node 0 allowed, no context switches, no x86 features.
     */
    public static final class Builder {
        private String name = "init";
        private int umask = 0022;
        private TaskState state = TaskState.SLEEPING;
        private int tgid = 1, ngid, pid = 1, ppid, tracerPid, pgid = 1, sid = 1;
        private List<Integer> uid = List.of(0, 0, 0, 0), gid = List.of(0, 0, 0, 0);
        private int fdSize = 64;
        private List<Integer> groups = List.of();
        private boolean kthread;
        private MmStats mm;
        private boolean coreDumping;
        private boolean thpEnabled = true;
        private long untagMask = -1L;
        private int threads = 1;
        private long sigqQueued, sigqLimit = 62423;
        private long sigPnd, shdPnd, sigBlk, sigIgn, sigCgt;
        private long capInh, capPrm, capEff, capBnd = CAP_FULL_SET, capAmb;
        private boolean noNewPrivs;
        private int seccompMode, seccompFilters;
        private String specStoreBypass = "thread vulnerable";
        private String specIndirectBranch = "conditional enabled";
        private BitSet cpusAllowed = range(0, 8), memsAllowed = range(0, 1);
        private long voluntaryCtxtSwitches, nonvoluntaryCtxtSwitches;
        private String x86Features = "", x86FeaturesLocked = "";

        private static BitSet range(int from, int to) {
            BitSet b = new BitSet();
            b.set(from, to);
            return b;
        }

        public Builder name(String v) {
            name = v;
            return this;
        }

        public Builder umask(int v) {
            umask = v;
            return this;
        }

        public Builder state(TaskState v) {
            state = v;
            return this;
        }

        public Builder tgid(int v) {
            tgid = v;
            return this;
        }

        public Builder ngid(int v) {
            ngid = v;
            return this;
        }

        public Builder pid(int v) {
            pid = v;
            return this;
        }

        public Builder ppid(int v) {
            ppid = v;
            return this;
        }

        public Builder tracerPid(int v) {
            tracerPid = v;
            return this;
        }

        public Builder pgid(int v) {
            pgid = v;
            return this;
        }

        public Builder sid(int v) {
            sid = v;
            return this;
        }

        /** Sets real, effective, saved and fs uid alike. */
        public Builder uid(int v) {
            uid = List.of(v, v, v, v);
            return this;
        }

        public Builder uids(int r, int e, int s, int fs) {
            uid = List.of(r, e, s, fs);
            return this;
        }

        /** Sets real, effective, saved and fs gid alike. */
        public Builder gid(int v) {
            gid = List.of(v, v, v, v);
            return this;
        }

        public Builder gids(int r, int e, int s, int fs) {
            gid = List.of(r, e, s, fs);
            return this;
        }

        public Builder fdSize(int v) {
            fdSize = v;
            return this;
        }

        public Builder groups(List<Integer> v) {
            groups = v;
            return this;
        }

        public Builder kthread(boolean v) {
            kthread = v;
            return this;
        }

        public Builder mm(MmStats v) {
            mm = v;
            return this;
        }

        public Builder coreDumping(boolean v) {
            coreDumping = v;
            return this;
        }

        public Builder thpEnabled(boolean v) {
            thpEnabled = v;
            return this;
        }

        public Builder untagMask(long v) {
            untagMask = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder sigq(long queued, long limit) {
            sigqQueued = queued;
            sigqLimit = limit;
            return this;
        }

        public Builder sigPnd(long v) {
            sigPnd = v;
            return this;
        }

        public Builder shdPnd(long v) {
            shdPnd = v;
            return this;
        }

        public Builder sigBlk(long v) {
            sigBlk = v;
            return this;
        }

        public Builder sigIgn(long v) {
            sigIgn = v;
            return this;
        }

        public Builder sigCgt(long v) {
            sigCgt = v;
            return this;
        }

        public Builder caps(long inh, long prm, long eff, long bnd, long amb) {
            capInh = inh;
            capPrm = prm;
            capEff = eff;
            capBnd = bnd;
            capAmb = amb;
            return this;
        }

        public Builder noNewPrivs(boolean v) {
            noNewPrivs = v;
            return this;
        }

        public Builder seccomp(int mode, int filters) {
            seccompMode = mode;
            seccompFilters = filters;
            return this;
        }

        public Builder speculation(String storeBypass, String indirectBranch) {
            specStoreBypass = storeBypass;
            specIndirectBranch = indirectBranch;
            return this;
        }

        public Builder cpusAllowed(BitSet v) {
            cpusAllowed = v;
            return this;
        }

        /** Allows CPUs 0..n-1. */
        public Builder cpusAllowed(int n) {
            cpusAllowed = range(0, n);
            return this;
        }

        public Builder memsAllowed(BitSet v) {
            memsAllowed = v;
            return this;
        }

        public Builder ctxtSwitches(long voluntary, long nonvoluntary) {
            voluntaryCtxtSwitches = voluntary;
            nonvoluntaryCtxtSwitches = nonvoluntary;
            return this;
        }

        public Builder x86Features(String features, String locked) {
            x86Features = features;
            x86FeaturesLocked = locked;
            return this;
        }

        public TaskStatus build() {
            return new TaskStatus(name, umask, state, tgid, ngid, pid, ppid, tracerPid, pgid, sid,
                    uid,
                    gid, fdSize, groups, kthread, mm, coreDumping, thpEnabled, untagMask, threads,
                    sigqQueued, sigqLimit, sigPnd, shdPnd, sigBlk, sigIgn, sigCgt, capInh, capPrm,
                    capEff,
                    capBnd, capAmb, noNewPrivs, seccompMode, seccompFilters, specStoreBypass,
                    specIndirectBranch, cpusAllowed, memsAllowed, voluntaryCtxtSwitches,
                    nonvoluntaryCtxtSwitches, x86Features, x86FeaturesLocked);
        }
    }
}
