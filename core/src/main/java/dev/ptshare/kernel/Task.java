package dev.ptshare.kernel;

import dev.ptshare.fs.FdTable;
import dev.ptshare.mm.FaultAccount;
import dev.ptshare.mm.Memory;
import dev.ptshare.mm.Mm;

/** A task_struct: a process or a thread, with its mm, files and fault counters. */
public final class Task implements FaultAccount {
    public final int pid;
    public final String name;
    public final ThreadGroup group;
    public Task parent;
    public Mm mm;
    public FdTable files;
    /** The CPU this task last ran on. */
    public int cpu;
    /** task->min_flt / maj_flt. */
    public long minFlt;
    public long majFlt;
    public boolean alive = true;
    public int exitCode;
    /** How the task died, when it was killed (e.g. "SIGKILL (oom)"). */
    public String killedBy;

    public Task(int pid, String name, ThreadGroup group) {
        this.pid = pid;
        this.name = name;
        this.group = group;
        group.threads.add(this);
    }

    /**
     * mm_account_fault(): completed faults only (not VM_FAULT_RETRY, not errors); VM_FAULT_MAJOR
     * counts as major.
     */
    @Override
    public boolean accountFault(int vmFault) {
        if ((vmFault & (Memory.VM_FAULT_RETRY | Memory.VM_FAULT_ERROR)) != 0) return false;
        if ((vmFault & Memory.VM_FAULT_MAJOR) != 0)
            majFlt++;
        else
            minFlt++;
        return true;
    }

    public boolean isLeader() {
        return group.leader() == this;
    }

    @Override
    public String toString() {
        return name;
    }
}
