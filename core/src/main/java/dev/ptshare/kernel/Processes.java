package dev.ptshare.kernel;

import dev.ptshare.arch.Cpu;
import dev.ptshare.fs.FdTable;
import dev.ptshare.fs.OpenFile;
import dev.ptshare.mm.AnonVma;
import dev.ptshare.mm.Mm;
import dev.ptshare.mm.Userfaultfd;
import dev.ptshare.mm.UserfaultfdCtx;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import java.util.ArrayList;

/**
 * Process lifecycle: copy_process() with dup_mmap() (kernel/fork.c, mm/mmap.c), threads
 * (CLONE_VM), do_exit() with exit_mm()/exit_mmap(), and execve()'s exec_mmap().
 */
public final class Processes {
    private final Kernel k;
    /** fork() calls that made a child (for the cost model). */
    public long forks;
    /** Hooks run at do_exit() for each task (exit_mshare(), ...). */
    public final java.util.List<java.util.function.Consumer<Task>> exitHooks = new ArrayList<>();

    Processes(Kernel k) {
        this.k = k;
    }

    /** A new process with an empty address space (only a PGD), on CPU 0. */
    public Task create(String name) {
        Mm mm = k.mm.mmAlloc();
        if (mm == null) return null;
        int pid = k.nextPid++;
        Task t = new Task(pid, name, new ThreadGroup(pid));
        t.mm = mm;
        t.files = new FdTable();
        k.tasks.put(pid, t);
        return t;
    }

    /** fork(): the child, or null on ENOMEM. */
    public Task fork(Task parent, String childName) {
        k.enter(parent);
        Mm old = parent.mm;
        Mm mm = k.mm.mmAlloc();
        if (mm == null) return null;
        // dup_mm(): the child starts from a copy of the parent's counters.
        mm.totalVm = old.totalVm;
        mm.dataVm = old.dataVm;
        mm.execVm = old.execVm;
        mm.stackVm = old.stackVm;
        mm.hiwaterRss = old.hiwaterRss;
        mm.hiwaterVm = old.hiwaterVm;
        mm.mmapBase = old.mmapBase;
        for (var h : dupMmHooks) h.accept(old, mm);
        boolean ok = dupMmap(mm, old);
        // dup_mmap() ends with flush_tlb_mm(oldmm): parent PTEs were write-protected.
        k.tlb.flushTlbMmRange(k.mm.current, old.ctx, 0, dev.ptshare.arch.TlbFlush.FLUSH_ALL, 0,
                true);
        if (!ok) {
            exitMmap(mm);
            return null;
        }
        int pid = k.nextPid++;
        Task c = new Task(pid, childName, new ThreadGroup(pid));
        c.parent = parent;
        c.mm = mm;
        c.files = parent.files.copy();
        for (OpenFile f : c.files.all()) f.inode.get();
        c.cpu = parent.cpu;
        k.tasks.put(pid, c);
        forks++;
        return c;
    }

    /**
     * dup_mmap(): VMA by VMA, copying page tables where vma_needs_copy() says so; each child VMA
     * first goes through dup_userfaultfd().
     */
    private boolean dupMmap(Mm mm, Mm old) {
        var forkCtxs = new java.util.HashMap<UserfaultfdCtx, UserfaultfdCtx>();
        for (Vma src : old.vmas.all()) {
            if (src.test(VmFlags.VM_DONTCOPY)) {
                mm.vmStatAccount(src.flags, -src.pages());
                continue;
            }
            Vma dst = src.dup(mm);
            Userfaultfd.dupUserfaultfd(dst, forkCtxs);
            dst.flags &= ~(VmFlags.VM_LOCKED | VmFlags.VM_LOCKONFAULT);
            if (src.test(VmFlags.VM_WIPEONFORK))
                dst.anonVma = null;
            else if (src.anonVma != null) dst.anonVma = new AnonVma(); // anon_vma_fork()
            mm.vmas.insert(dst);
            if (dst.file != null) {
                dst.file.inode.iMmap.add(dst);
                dst.file.inode.get();
            }
            if (dst.privateData instanceof ForkAware f) f.forked(src, dst);
            if (!src.test(VmFlags.VM_WIPEONFORK) && !k.mm.fork.copyPageRange(dst, src))
                return false;
        }
        return true;
    }

    /** What dup_mm() copies beyond the VMAs (ptshare: mm->ptshare_desc, with a reference). */
    public final java.util.List<
            java.util.function.BiConsumer<Mm, Mm>> dupMmHooks = new ArrayList<>();

    /** What __mmput() drops after exit_mmap() (ptshare: the mm's reference on its domain). */
    public final java.util.List<java.util.function.Consumer<Mm>> mmputHooks = new ArrayList<>();

    /** Special mappings that need to know about a fork (mshare). */
    public interface ForkAware {
        void forked(Vma parent, Vma child);
    }

    /** A thread of {@code t}'s process (clone with CLONE_VM|CLONE_FILES|CLONE_THREAD). */
    public Task thread(Task t, String name) {
        int pid = k.nextPid++;
        Task c = new Task(pid, name, t.group);
        c.parent = t.parent;
        c.mm = t.mm;
        c.mm.users++;
        c.files = t.files;
        c.cpu = t.cpu;
        k.tasks.put(pid, c);
        return c;
    }

    /** do_exit(). */
    public void exit(Task t, int code) {
        if (!t.alive) return;
        t.exitCode = code;
        t.alive = false;
        t.group.deadMinFlt += t.minFlt;
        t.group.deadMajFlt += t.majFlt;
        Cpu cpu = k.cpus[t.cpu];
        Mm mm = t.mm;
        // exit_mm(): the CPU keeps the old page tables lazily while the mm is torn down.
        if (cpu.current == t) {
            cpu.current = null;
            k.tlb.enterLazy(cpu);
        }
        k.mm.current = cpu;
        if (--mm.users == 0) exitMmap(mm);
        for (var h : exitHooks) h.accept(t); // exit_mshare() runs after exit_mm() (V3-17)
        if (t.group.liveThreads() == 0 || t.files != firstLiveFiles(t)) closeFiles(t.files, t);
        t.mm = null;
    }

    private FdTable firstLiveFiles(Task t) {
        for (Task o : t.group.threads) if (o.alive) return o.files;
        return null;
    }

    private void closeFiles(FdTable files, Task t) {
        for (OpenFile f : files.all()) f.inode.put();
    }

    /** SIGKILL to every thread of a group. */
    public void killGroup(ThreadGroup g, String why) {
        for (Task t : new ArrayList<>(g.threads)) {
            if (!t.alive) continue;
            t.killedBy = why;
            exit(t, 128 + 9);
        }
    }

    /** exit_mmap(): zap everything, free all page tables, then the PGD. */
    public void exitMmap(Mm mm) {
        var all = new ArrayList<>(mm.vmas.all());
        k.mm.munmap.removeVmas(mm, all, 0, 0, true);
        k.mm.pgtable.freeTable(null, mm.ctx.pgd);
        mm.ctx.pgd = -1;
        k.tlb.destroyContext(mm.ctx);
        for (var h : mmputHooks) h.accept(mm);
    }

    /** execve(): a new, empty mm replaces the old one (exec_mmap + mmput(old)). */
    public int execve(Task t) {
        Mm fresh = k.mm.mmAlloc();
        if (fresh == null) return -Errno.ENOMEM;
        for (Task o : new ArrayList<>(t.group.threads)) {
            if (o != t && o.alive) exit(o, 0); // de_thread()
        }
        Mm old = t.mm;
        t.mm = fresh;
        k.enter(t);
        if (--old.users == 0) exitMmap(old);
        return 0;
    }
}
