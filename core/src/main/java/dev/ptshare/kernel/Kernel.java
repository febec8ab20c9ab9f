package dev.ptshare.kernel;

import dev.ptshare.arch.Cpu;
import dev.ptshare.arch.Mmu;
import dev.ptshare.arch.PageTableStore;
import dev.ptshare.arch.TlbFlush;
import dev.ptshare.fs.Vfs;
import dev.ptshare.mm.MmCore;
import dev.ptshare.mm.Mutant;
import dev.ptshare.phys.PhysMem;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One machine: CPUs with TLBs, physical memory, page tables, the VFS and the tasks. System
 * calls live in {@link Processes}, {@link FileCalls}, {@link MemCalls} and {@link UserAccess}.
 */
public final class Kernel {
    public final MachineConfig config;
    public final PhysMem phys;
    public final PageTableStore tables;
    public final Cpu[] cpus;
    public final TlbFlush tlb;
    public final Mmu mmu;
    public final MmCore mm;
    public final Vfs vfs;
    public final Processes processes;
    public final FileCalls files;
    public final MemCalls mem;
    public final UserAccess access;
    public final Oom oom;
    /** userfaultfd(2) and its file. */
    public final UserfaultfdFile userfaultfd;
    final Map<Integer, Task> tasks = new LinkedHashMap<>();
    /** Things the kernel would log (OOM kills, ...), in order. */
    public final List<String> log = new ArrayList<>();
    int nextPid = 1;

    public Kernel(MachineConfig config, EnumSet<Mutant> mutants) {
        this.config = config;
        this.phys = new PhysMem(config.memoryBytes());
        this.tables = new PageTableStore();
        this.cpus = new Cpu[config.cpus()];
        for (int i = 0; i < cpus.length; i++) cpus[i] = new Cpu(i, config.tlbEntries());
        this.tlb = new TlbFlush(cpus);
        this.mmu = new Mmu(tables);
        this.mm = new MmCore(phys, tables, tlb, config.paging(), mutants, config.hugepages2m(),
                config.hugepages1g());
        mm.cowPte.setMode(config.cowPte());
        mm.fork.rule = config.forkRule();
        this.vfs = new Vfs(mm.memory.filemap);
        this.processes = new Processes(this);
        this.files = new FileCalls(this);
        this.mem = new MemCalls(this);
        this.access = new UserAccess(this);
        this.oom = new Oom(this);
        this.userfaultfd = UserfaultfdFile.install(this);
        dev.ptshare.mshare.Msharefs.install(this, config.mshareFixed());
        if (config.ptshare())
            dev.ptshare.ptshare.Ptshare.install(this);
        else
            dev.ptshare.sharedpt.SharedPt.install(this);
    }

    public Task task(int pid) {
        return tasks.get(pid);
    }

    public Iterable<Task> allTasks() {
        return tasks.values();
    }

    /**
     * Runs {@code t} on CPU {@code cpuId} (context switch, switch_mm_irqs_off) and makes it the
     * context of the system calls that follow ({@code current}).
     */
    public void runOn(Task t, int cpuId) {
        Cpu cpu = cpus[cpuId];
        if (cpu.current != t) {
            if (t.cpu != cpuId && cpus[t.cpu].current == t) {
                cpus[t.cpu].current = null;
                tlb.enterLazy(cpus[t.cpu]);
            }
            cpu.current = t;
            t.cpu = cpuId;
        }
        if (cpu.loadedMm() != t.mm.ctx || cpu.lazy()) tlb.switchMm(cpu, t.mm.ctx);
        mm.current = cpu;
    }

    /** Runs {@code t} where it last ran. */
    public void enter(Task t) {
        runOn(t, t.cpu);
    }
}
