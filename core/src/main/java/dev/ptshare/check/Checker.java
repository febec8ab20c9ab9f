package dev.ptshare.check;

import dev.ptshare.arch.Cpu;
import dev.ptshare.fs.FsType;
import dev.ptshare.fs.Vfs;
import dev.ptshare.kernel.Errno;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Signal;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.Madvise;
import dev.ptshare.mm.MapFlags;
import dev.ptshare.mm.VmFlags;
import dev.ptshare.mm.Vma;
import dev.ptshare.run.Outcome;
import dev.ptshare.run.Resolved;
import dev.ptshare.run.Runner;
import java.util.ArrayList;
import java.util.List;

/**
 * The lockstep checker ({@code run --check}): after every call, the {@link Reference} predicts
 * what the task must have observed and the model's outcome must match; after every statement,
 * {@link Audit} checks the model's own invariants; every TLB hit is compared with a fresh page
 * walk, so a stale translation is reported the moment it is used.
 */
public final class Checker implements Runner.Observer {
    private final Kernel k;
    private final Reference ref = new Reference();
    private final Audit audit;
    private final List<String> stale = new ArrayList<>();

    public Checker(Kernel k) {
        this.k = k;
        this.audit = new Audit(k);
        k.mmu.auditor = this::staleHit;
        ref.liveSpaces = () -> {
            List<RefSpace> live = new ArrayList<>();
            for (Task t : k.allTasks()) if (t.alive) live.add(ref.space(t.name));
            return live;
        };
    }

    /** Installs the checker as the runner's --check observer. */
    public static void install() {
        Runner.CHECKER = Checker::new;
    }

    private void staleHit(Cpu cpu, long va, int access, long tlbValue, long walkValue) {
        if (!stale.isEmpty()) return;
        String what = access == 1 ? "write" : access == 2 ? "fetch" : "read";
        String now = walkValue < 0 ? "the page tables now fault"
                : "the page tables now map frame " + (walkValue >>> 12);
        stale.add(String.format("stale TLB entry used on cpu%d: %s at 0x%x hit frame %d, but %s",
                cpu.id, what, va, tlbValue >>> 12, now));
    }

    @Override
    public String audit(Runner r) {
        if (!stale.isEmpty()) return stale.getFirst();
        return audit.run();
    }

    private static long num(List<Resolved> a, int i, long dflt) {
        if (i >= a.size()) return dflt;
        return a.get(i) instanceof Resolved.Num n ? n.value() : dflt;
    }

    private static String text(List<Resolved> a, int i) {
        return switch (a.get(i)) {
            case Resolved.Word w -> w.word();
            case Resolved.Str s -> s.value();
            default -> a.get(i).toString();
        };
    }

    @Override
    public String afterCall(Runner r, int line, Task t, String call, List<Resolved> a, Outcome o) {
        if (!stale.isEmpty()) return stale.getFirst();
        String task = t.name;
        if (o instanceof Outcome.Killed kd && kd.signal() == Signal.SIGKILL) return null; // OOM
        boolean ok = !(o instanceof Outcome.Error);
        long ret = o instanceof Outcome.Value v ? v.value() : -1;
        switch (call) {
            case "fork" -> {
                if (o instanceof Outcome.NewTask n) ref.fork(task, n.name());
            }
            case "thread" -> {
                if (o instanceof Outcome.NewTask n) ref.thread(task, n.name());
            }
            case "execve" -> {
                if (ok) ref.execve(task);
            }
            case "open" -> {
                if (ok) {
                    String path = Vfs.normalize(text(a, 0));
                    boolean existed = ref.lookup(path) != null;
                    ref.open(task, path, ret, (int) num(a, 1, 0));
                    if (!existed && k.vfs.fsOf(path) == FsType.MSHAREFS)
                        ref.regionCreated(ref.lookup(path), task);
                }
            }
            case "exit" -> {
                ref.ownerExited(task);
                ref.releaseUnreferenced();
            }
            case "userfaultfd" -> {
                if (ok) ref.userfaultfd(task, ret);
            }
            case "ioctl" -> {
                RefObject obj = ref.obj(task, num(a, 0, -1));
                if (ok && obj != null && obj.region != null)
                    mshareIoctl(task, obj.region, text(a, 1), a);
                RefUffd u = ref.uffd(task, num(a, 0, -1));
                if (u != null) return uffdIoctl(u, text(a, 1), a, o);
            }
            case "memfd_create" -> {
                if (ok) ref.memfd(task, text(a, 0), ret);
            }
            case "close" -> {
                if (ok) ref.close(task, num(a, 0, -1));
                ref.releaseUnreferenced();
            }
            case "unlink" -> {
                if (ok) ref.unlink(Vfs.normalize(text(a, 0)));
            }
            case "mount" -> {
                if (ok) ref.mounted(Vfs.normalize(text(a, 1)));
            }
            case "ftruncate" -> {
                RefObject obj = ref.obj(task, num(a, 0, -1));
                if (ok && obj != null && obj.region != null)
                    obj.region.size = num(a, 1, 0);
                else if (ok && obj != null) ref.truncate(obj, num(a, 1, 0));
            }
            case "fallocate" -> {
                RefObject obj = ref.obj(task, num(a, 0, -1));
                if (ok && obj != null) {
                    int mode = (int) num(a, 1, 0);
                    long off = num(a, 2, 0), len = num(a, 3, 0);
                    if ((mode & 2) != 0)
                        ref.punchHole(obj, (off + 4095) >>> 12, (off + len) >>> 12);
                    else if ((mode & 1) == 0 && off + len > obj.size) obj.size = off + len;
                }
            }
            case "mmap" -> {
                if (ok) {
                    int flags = (int) num(a, 3, 0);
                    String err = ref.mmap(task, ret, num(a, 1, 0), (int) num(a, 2, 0), flags,
                            num(a, 4, -1), num(a, 5, 0), hugeSize(task, flags, num(a, 4, -1)));
                    // ptshare (map_shared_pt=ptshare): a file mapping like any other; the
                    // sharing is invisible to what the task observes.
                    if (err != null || (flags & MapFlags.MAP_SHARED_PT) == 0
                            || k.config.ptshare())
                        return err;
                    return sharedPtMmap(t, ret, num(a, 1, 0), (int) num(a, 2, 0), flags,
                            num(a, 4, -1));
                }
                int flags = (int) num(a, 3, 0);
                long gap = hugetlbHookFailure(task, num(a, 0, 0), num(a, 1, 0), flags,
                        num(a, 4, -1), num(a, 5, 0), o);
                if (gap > 0) ref.munmap(task, num(a, 0, 0), gap);
            }
            case "munmap" -> {
                long addr = num(a, 0, 0), len = num(a, 1, 0);
                // do_vmi_munmap(): aligned start, len > 0, inside TASK_SIZE.
                long taskSize = taskSize();
                boolean valid = (addr & 4095) == 0 && len != 0
                        && Long.compareUnsigned(addr, taskSize) <= 0
                        && Long.compareUnsigned(len, taskSize - addr) <= 0;
                // No partial munmap of a MAP_SHARED_PT (RFC v2 3/4) or mshare guest VMA: EINVAL.
                if (valid && ref.space(task).munmapSplitsShared(addr, len)) valid = false;
                if (valid && ref.space(task).munmapSplitsHugetlb(addr, len)) valid = false;
                if (ok != valid)
                    return "munmap(0x" + Long.toHexString(addr) + ", " + len + ") must "
                            + (valid ? "succeed" : "fail with EINVAL") + ", model said " + o;
                if (ok) ref.munmap(task, addr, len);
            }
            case "mprotect" -> {
                long addr = num(a, 0, 0), len = num(a, 1, 0);
                int prot = (int) num(a, 2, 0);
                if ((addr & 4095) != 0)
                    return ok ? "mprotect of an unaligned address must fail with EINVAL" : null;
                if (ref.mprotectSplitsPt(task, addr, len)) {
                    if (ok) return "mprotect over part of a MAP_SHARED_PT mapping must fail";
                    ref.mprotect(task, addr, len, prot); // what comes before it has changed
                    return null;
                }
                // do_mprotect_pkey(): a range that wraps is ENOMEM before any VMA is touched.
                long end = addr + ((len + 4095) & ~4095L);
                if (len != 0 && Long.compareUnsigned(end, addr) <= 0)
                    return ok ? "mprotect of a wrapping range must fail with ENOMEM" : null;
                boolean mapped = ref.space(task).fullyMapped(addr, len);
                int errno = o instanceof Outcome.Error e ? e.errno() : 0;
                if (ok && !mapped)
                    return "mprotect over unmapped pages must fail with ENOMEM, model said " + o;
                if (errno == Errno.ENOMEM && mapped)
                    return "mprotect of a mapped range failed with ENOMEM";
                // Earlier VMAs keep what was done before the hole (ENOMEM) or refusal (EACCES).
                if (ok || errno == Errno.ENOMEM || errno == Errno.EACCES)
                    ref.mprotect(task, addr, len, prot);
            }
            case "madvise" -> {
                int errno = o instanceof Outcome.Error e ? e.errno() : 0;
                long addr = num(a, 0, 0);
                int advice = (int) num(a, 2, 0);
                // madvise_walk_vmas(): earlier VMAs keep the advice when a later one is a hole
                // (ENOMEM) or refuses it (WIPEONFORK on a file: EINVAL); the reference stops there.
                boolean refused = errno == Errno.EINVAL && (addr & 4095) == 0
                        && (advice == Madvise.MADV_WIPEONFORK || advice == Madvise.MADV_KEEPONFORK);
                if (ok || errno == Errno.ENOMEM || refused)
                    ref.madvise(task, addr, num(a, 1, 0), advice);
                if (advice == Madvise.MADV_POPULATE_WRITE && (addr & 4095) == 0)
                    return populateWrite(task, addr, num(a, 1, 0), o);
            }
            case "mremap" -> {
                int flags = (int) num(a, 3, 0);
                long oldLen = (num(a, 1, 0) + 4095) & ~4095L;
                if (ok) {
                    ref.mremap(task, num(a, 0, 0), num(a, 1, 0), num(a, 2, 0), flags, ret);
                } else if (o instanceof Outcome.Error e && e.errno() == Errno.EFAULT
                        && (flags & dev.ptshare.mm.Mremap.MREMAP_FIXED) != 0
                        && oldLen == ((num(a, 2, 0) + 4095) & ~4095L)) {
                    ref.remapMoveStopped(task, num(a, 0, 0), oldLen, num(a, 4, 0));
                }
            }
            case "load" -> {
                return checkLoad(task, a, o);
            }
            case "process_vm_writev" -> {
                return checkProcessVmWritev(a, o);
            }
            case "store" -> {
                return checkStore(task, a, o);
            }
            case "fetch" -> {
                if (ref.untracked(task, num(a, 0, 0), 1)) return null;
                return compareSignal("fetch", num(a, 0, 0), ref.fault(task, num(a, 0, 0), 2), o);
            }
            case "touch" -> {
                boolean write = text(a, 2).equals("write");
                long addr = num(a, 0, 0), end = addr + num(a, 1, 0);
                if (ref.untracked(task, addr, end - addr)) return null;
                for (long p = addr & ~4095L; p < end; p += 4096) {
                    int sig = ref.fault(task, p, write ? 1 : 0);
                    if (sig != 0) return compareSignal("touch", p, sig, o);
                    if (!write) continue;
                    if (stops(task, p, o, k.access.touchFailedAt))
                        return stopped("touch", task, p, o);
                    ref.touchedWrite(task, p);
                }
                return compareSignal("touch", addr, 0, o);
            }
            default -> {
            }
        }
        return null;
    }

    /**
     * A completed mmap with MAP_SHARED_PT: the model must have shared page tables exactly when
     * the RFC v2 rules say so (a VMA merged with a neighbour is the model's one exception), and
     * the reference records the sharing.
     */
    private String sharedPtMmap(Task t, long addr, long len, int prot, int flags, long fd) {
        var open = (flags & MapFlags.MAP_ANONYMOUS) != 0 ? null : findOpenFile(t.name, fd);
        boolean hugetlb = open != null && open.inode.fs == FsType.HUGETLBFS;
        RefPtGroup want = ref.sharedPtTarget(t.name, addr, len, prot, flags, fd, hugetlb);
        Vma v = t.mm.vmas.lookup(addr);
        boolean shared = v != null && v.test(VmFlags.VM_SHARED_PT);
        String where = String.format("mmap(0x%x, %d, MAP_SHARED_PT)", addr, len);
        if (want == null && shared) return where + " must not share page tables, model shared them";
        if (want != null && !shared) {
            long alen = (len + 4095) & ~4095L;
            boolean merged = v != null && (v.start != addr || v.end != addr + alen);
            return merged ? null : where + " must share page tables, model did not";
        }
        if (want != null) ref.sharedPtJoin(t.name, want);
        return null;
    }

    /** The effect of a completed MSHAREFS_CREATE_MAPPING / MSHAREFS_UNMAP on the region. */
    private void mshareIoctl(String task, RefRegion r, String cmd, List<Resolved> a) {
        java.util.Map<String, Long> kv = new java.util.HashMap<>();
        for (Resolved x : a) if (x instanceof Resolved.Kv e && e.value() instanceof Resolved.Num n)
            kv.put(e.key(), n.value());
        long off = kv.getOrDefault("region_offset", 0L), size = kv.getOrDefault("size", 0L);
        if (cmd.equals("MSHAREFS_UNMAP")) {
            r.remove(off, (size + 4095) & ~4095L);
            return;
        }
        int flags = (int) (long) kv.getOrDefault("flags", 0L);
        RefObject obj;
        long pageSize = 4096;
        if ((flags & 0x20) != 0) { // MAP_ANONYMOUS
            if ((flags & 0x40000) != 0) pageSize = dev.ptshare.kernel.FileCalls.hugePageSize(flags);
            obj = new RefObject("mshare-anon", Long.MAX_VALUE);
        } else {
            long fd = kv.getOrDefault("fd", -1L);
            obj = ref.obj(task, fd);
            var open = findOpenFile(task, fd);
            if (open != null) pageSize = open.inode.pageSize;
        }
        long len = (size + pageSize - 1) & ~(pageSize - 1);
        r.create(off, len, (int) (long) kv.getOrDefault("prot", 0L), obj,
                kv.getOrDefault("offset", 0L));
    }

    /**
     * A MAP_FIXED hugetlb mmap that failed in hugetlbfs' mmap hook: its reservation
     * (hugetlb_reserve_pages(): ENOMEM) or its file-offset check (EINVAL). The hook runs after
     * __mmap_prepare() cleared the old range (vms_clean_up_area()), so vms_abort_munmap_vmas()
     * leaves a gap there (mm/vma.c). Returns the length of that gap, or 0 when the call failed
     * before anything changed (unaligned address or length, or outside TASK_SIZE).
     */
    private long hugetlbHookFailure(String task, long addr, long len, int flags, long fd,
            long off, Outcome o) {
        if (!(o instanceof Outcome.Error e) || (flags & MapFlags.MAP_FIXED) == 0
                || (flags & MapFlags.MAP_FIXED_NOREPLACE) != 0)
            return 0;
        long h = hugeSize(task, flags, fd);
        if (h <= 0 || len <= 0 || addr % h != 0) return 0;
        boolean anon = (flags & MapFlags.MAP_ANONYMOUS) != 0;
        if (anon) len = (len + h - 1) & -h; // ksys_mmap_pgoff() rounds a MAP_HUGETLB length
        if (len % h != 0) return 0; // hugetlb_get_unmapped_area(): EINVAL before anything
        long taskSize = taskSize();
        if (Long.compareUnsigned(len, taskSize - addr) > 0) return 0;
        if (ref.space(task).munmapSplitsHugetlb(addr, len)
                || ref.space(task).munmapSplitsShared(addr, len))
            return 0; // vms_gather_munmap_vmas() refused: the old mappings are back
        boolean offsetBad = !anon && off % h != 0;
        return e.errno() == Errno.ENOMEM && !offsetBad || e.errno() == Errno.EINVAL && offsetBad
                ? len
                : 0;
    }

    /** TASK_SIZE of the machine's paging mode. */
    private long taskSize() {
        return k.config.paging() == 5 ? dev.ptshare.mm.Mm.TASK_SIZE_5L
                : dev.ptshare.mm.Mm.TASK_SIZE_4L;
    }

    /** The huge page size of a new mapping: MAP_HUGETLB, or a hugetlbfs file (0: none). */
    private long hugeSize(String task, int flags, long fd) {
        if ((flags & MapFlags.MAP_ANONYMOUS) != 0) {
            return (flags & MapFlags.MAP_HUGETLB) != 0
                    ? Math.max(0, dev.ptshare.kernel.FileCalls.hugePageSize(flags))
                    : 0;
        }
        var open = findOpenFile(task, fd);
        return open != null && open.inode.fs == FsType.HUGETLBFS ? open.inode.pageSize : 0;
    }

    private dev.ptshare.fs.OpenFile findOpenFile(String task, long fd) {
        for (Task t : k.allTasks())
            if (t.name.equals(task) && t.files != null) return t.files.get((int) fd);
        return null;
    }

    private static String compareSignal(String what, long addr, int sig, Outcome o) {
        int got = o instanceof Outcome.Killed kd ? kd.signal() : 0;
        if (got == sig) return null;
        return String.format("%s at 0x%x must %s, model %s", what, addr,
                sig == 0 ? "succeed" : "raise " + Signal.name(sig),
                got == 0 ? "succeeded" : "raised " + Signal.name(got));
    }

    private String checkLoad(String task, List<Resolved> a, Outcome o) {
        long addr = num(a, 0, 0);
        boolean text = a.size() == 2 && a.get(1) instanceof Resolved.Str;
        int len = text ? ((Resolved.Str) a.get(1)).value().length() : (int) num(a, 1, 8);
        if (ref.untracked(task, addr, len)) return null;
        for (int i = 0; i < len; i++) {
            int sig = ref.fault(task, addr + i, 0);
            if (sig != 0) return compareSignal("load", addr + i, sig, o);
        }
        if (o instanceof Outcome.Killed) return compareSignal("load", addr, 0, o);
        for (int i = 0; i < len; i++) {
            int want = ref.read(task, addr + i);
            int got = text ? ((Outcome.Text) o).text().charAt(i) & 0xff
                    : (int) ((((Outcome.Value) o).value()) >>> (8 * i)) & 0xff;
            if (want >= 0 && want != got) {
                return String.format("load at 0x%x must read byte 0x%02x, model read 0x%02x",
                        addr + i, want, got);
            }
        }
        return null;
    }

    /** The bytes a store writes: argument i a string, or a value with length i + 1 (8). */
    private static byte[] bytes(List<Resolved> a, int i) {
        if (a.get(i) instanceof Resolved.Str s)
            return s.value().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int len = (int) num(a, i + 1, 8);
        long v = num(a, i, 0);
        byte[] data = new byte[len];
        for (int k = 0; k < len; k++) data[k] = (byte) (v >>> (8 * k));
        return data;
    }

    private String checkStore(String task, List<Resolved> a, Outcome o) {
        long addr = num(a, 0, 0);
        byte[] data = bytes(a, 1);
        if (ref.untracked(task, addr, data.length)) return null;
        for (int i = 0; i < data.length; i++) {
            int sig = ref.fault(task, addr + i, 1);
            if (sig != 0) return compareSignal("store", addr + i, sig, o);
            if (stops(task, addr + i, o, k.access.uffdAddr))
                return stopped("store", task, addr + i, o);
            ref.write(task, addr + i, data[i] & 0xff);
        }
        return compareSignal("store", addr, 0, o);
    }

    /**
     * process_vm_writev: the bytes go into the target's memory up to the first page the target
     * itself could not write (GUP refuses what a user store would fault on: EFAULT instead of a
     * signal); nothing written is EFAULT.
     */
    private String checkProcessVmWritev(List<Resolved> a, Outcome o) {
        if (o instanceof Outcome.Error e && e.errno() == Errno.ESRCH) return null; // target gone
        String target = text(a, 0);
        long addr = num(a, 1, 0);
        byte[] data = bytes(a, 2);
        if (ref.untracked(target, addr, data.length)) return null;
        int done = 0;
        for (; done < data.length; done++) {
            if (ref.fault(target, addr + done, 1) != 0) break;
            ref.write(target, addr + done, data[done] & 0xff);
        }
        long want = done > 0 ? done : -Errno.EFAULT;
        long got = o instanceof Outcome.Value v ? v.value()
                : o instanceof Outcome.Error e ? -e.errno() : Long.MIN_VALUE;
        if (got == want) return null;
        return String.format("process_vm_writev(%s, 0x%x, %d bytes) must return %s, model said %s",
                target, addr, data.length, want < 0 ? "EFAULT" : want, o);
    }

    // userfaultfd write protection.

    /**
     * Whether a write at va must stop on uffd-wp: yes when the reference knows the page is
     * protected; when it cannot know (RefUffd.MAYBE), when the model stopped there
     * ({@code modelAt} is where the model's access stopped).
     */
    private boolean stops(String task, long va, Outcome o, long modelAt) {
        byte w = ref.wpAt(task, va);
        if (w == RefUffd.NO) return false;
        if (w == RefUffd.YES) return true;
        boolean here = o instanceof Outcome.Event && (modelAt >>> 12) == (va >>> 12)
                || o instanceof Outcome.Killed kd && kd.signal() == Signal.SIGBUS
                        && ref.uffdAt(task, va).has(RefUffd.SIGBUS);
        if (!here) ref.notTrapped(task, va);
        return here;
    }

    /**
     * A write stopped by uffd-wp at va: handle_userfault() makes the task wait (UFFD_WP), or
     * raises SIGBUS for a context with UFFD_FEATURE_SIGBUS. Nothing is written.
     */
    private String stopped(String what, String task, long va, Outcome o) {
        RefUffd u = ref.uffdAt(task, va);
        ref.trapped(task, va);
        if (u.has(RefUffd.SIGBUS)) return compareSignal(what, va, Signal.SIGBUS, o);
        if (o instanceof Outcome.Event e && e.name().equals(Outcome.UFFD_WP)) return null;
        return String.format("%s at 0x%x must stop on userfaultfd write protection (UFFD_WP), "
                + "model %s", what, va, o instanceof Outcome.Value ? "wrote" : "gave " + o);
    }

    /** MADV_POPULATE_WRITE: write faults in address order, stopping at a uffd-wp page. */
    private String populateWrite(String task, long addr, long len, Outcome o) {
        boolean blocked = o instanceof Outcome.Event;
        if (!blocked && !(o instanceof Outcome.Value)) return null; // EFAULT, ENOMEM, EINVAL
        long end = addr + ((len + 4095) & ~4095L);
        if (ref.untracked(task, addr, end - addr)) return null;
        for (long va = addr; va < end; va += 4096) {
            if (stops(task, va, o, k.mm.gup.blockedAt)) {
                ref.trapped(task, va);
                if (blocked && (k.mm.gup.blockedAt >>> 12) == (va >>> 12)) return null;
                return String.format(
                        "madvise(MADV_POPULATE_WRITE) must stop at 0x%x on userfaultfd "
                                + "write protection, model %s",
                        va, blocked ? String.format(
                                "stopped at 0x%x", k.mm.gup.blockedAt) : "populated it");
            }
            ref.touchedWrite(task, va);
        }
        return blocked ? String.format("madvise(MADV_POPULATE_WRITE) stopped at 0x%x, but no "
                + "page of the range is write-protected", k.mm.gup.blockedAt) : null;
    }

    /**
     * The effect of a userfaultfd ioctl the model completed, and for UFFDIO_WRITEPROTECT over a
     * valid range, whether it had to succeed or fail with ENOENT.
     */
    private String uffdIoctl(RefUffd u, String cmd, List<Resolved> a, Outcome o) {
        java.util.Map<String, Long> kv = new java.util.HashMap<>();
        for (Resolved x : a) if (x instanceof Resolved.Kv e && e.value() instanceof Resolved.Num n)
            kv.put(e.key(), n.value());
        long start = kv.getOrDefault("start", 0L), len = kv.getOrDefault("len", 0L);
        long mode = kv.getOrDefault("mode", 0L);
        boolean ok = o instanceof Outcome.Value;
        switch (cmd) {
            case "UFFDIO_API" -> {
                if (ok) u.api(kv.getOrDefault("features", 0L));
            }
            case "UFFDIO_REGISTER" -> {
                if (ok) u.register(start, len);
            }
            case "UFFDIO_UNREGISTER" -> {
                if (ok) u.unregister(start, len);
            }
            case "UFFDIO_WRITEPROTECT" -> {
                long taskSize = taskSize();
                boolean valid = u.initialized && ((start | len) & 4095) == 0 && len > 0
                        && start >= dev.ptshare.mm.Mmap.MMAP_MIN_ADDR && start < taskSize
                        && len <= taskSize - start && (mode & ~3L) == 0 && mode != 3
                        && ref.liveSpaces.get().contains(u.space);
                if (!valid) return null;
                int want = u.writeprotect(start, len, (mode & 1) != 0);
                int got = o instanceof Outcome.Error e ? e.errno() : 0;
                if (want != got) {
                    return String.format("ioctl(UFFDIO_WRITEPROTECT, 0x%x, %d) must %s, model %s",
                            start, len, want == 0 ? "succeed" : "fail with ENOENT", o);
                }
            }
            default -> {
            }
        }
        return null;
    }
}
