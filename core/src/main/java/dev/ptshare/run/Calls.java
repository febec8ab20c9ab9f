package dev.ptshare.run;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;

/** The standard calls of the .pts contract (processes, files, memory, accesses). */
final class Calls {
    private Calls() {}

    static void registerAll(CallTable t) {
        // Processes.
        t.register("fork", 0, 0, c -> {
            String name = c.bind() != null ? c.bind()
                    : c.runner().autoName(c.task().name + ".child");
            Task child = c.k().processes.fork(c.task(), name);
            if (child == null) return new Outcome.Error(dev.ptshare.kernel.Errno.ENOMEM);
            c.runner().adopt(name, child);
            return new Outcome.NewTask(name);
        });
        t.register("thread", 0, 0, c -> {
            String name = c.bind() != null ? c.bind()
                    : c.runner().autoName(c.task().name + ".thread");
            Task th = c.k().processes.thread(c.task(), name);
            c.runner().adopt(name, th);
            return new Outcome.NewTask(name);
        });
        t.register("exit", 0, 1, c -> {
            c.k().processes.exit(c.task(), (int) c.num(0, 0));
            return new Outcome.Value(0);
        });
        t.register("execve", 0, 8, c -> Outcome.ofSyscall(c.k().processes.execve(c.task())));

        // Files.
        t.register("open", 2, 3, c -> Outcome.ofSyscall(
                c.k().files.open(c.task(), c.text(0), (int) c.num(1), (int) c.num(2, 0))));
        t.register("close", 1, 1,
                c -> Outcome.ofSyscall(c.k().files.close(c.task(), (int) c.num(0))));
        t.register("ftruncate", 2, 2,
                c -> Outcome.ofSyscall(c.k().files.ftruncate(c.task(), c.num(0), c.num(1))));
        t.register("fallocate", 4, 4, c -> Outcome.ofSyscall(
                c.k().files.fallocate(c.task(), c.num(0), (int) c.num(1), c.num(2), c.num(3))));
        t.register("unlink", 1, 1, c -> Outcome.ofSyscall(c.k().files.unlink(c.text(0))));
        t.register("mkdir", 1, 2,
                c -> Outcome.ofSyscall(c.k().files.mkdir(c.text(0), (int) c.num(1, 0755))));
        t.register("mount", 2, 8, c -> {
            Resolved ps = c.keys().get("pagesize");
            long size = ps instanceof Resolved.Num n ? n.value() : 2L << 20;
            return Outcome.ofSyscall(c.k().files.mount(c.text(0), c.text(1), size));
        });
        t.register("memfd_create", 2, 2, c -> Outcome.ofSyscall(
                c.k().files.memfdCreate(c.task(), c.text(0), (int) c.num(1))));
        t.register("read", 1, 1, c -> {
            String s = c.k().files.read(c.text(0));
            return s == null ? new Outcome.Error(dev.ptshare.kernel.Errno.ENOENT)
                    : new Outcome.Text(s);
        });

        t.register("userfaultfd", 1, 1, c -> {
            c.k().enter(c.task());
            return Outcome.ofSyscall(c.k().userfaultfd.userfaultfd(c.task(), (int) c.num(0)));
        });
        t.register("ioctl", 2, 10, c -> {
            java.util.Map<String, Long> keys = new java.util.LinkedHashMap<>();
            for (var e : c.keys().entrySet()) {
                if (e.getValue() instanceof Resolved.Num n) keys.put(e.getKey(), n.value());
            }
            return Outcome.ofSyscall(c.k().files.ioctl(c.task(), c.num(0), c.text(1), keys));
        });

        // Memory.
        t.register("mmap", 6, 6, c -> Outcome.ofSyscall(c.k().mem.mmap(c.task(), c.num(0), c.num(1),
                (int) c.num(2), (int) c.num(3), c.num(4), c.num(5))));
        t.register("munmap", 2, 2,
                c -> Outcome.ofSyscall(c.k().mem.munmap(c.task(), c.num(0), c.num(1))));
        t.register("mprotect", 3, 3, c -> Outcome.ofSyscall(
                c.k().mem.mprotect(c.task(), c.num(0), c.num(1), (int) c.num(2))));
        t.register("madvise", 3, 3, c -> Outcome.ofSyscall(
                c.k().mem.madvise(c.task(), c.num(0), c.num(1), (int) c.num(2))));
        t.register("mremap", 4, 5,
                c -> Outcome.ofSyscall(c.k().mem.mremap(c.task(), c.num(0), c.num(1),
                        c.num(2), (int) c.num(3), c.num(4, 0))));

        // Accesses.
        t.register("load", 1, 2, Calls::load);
        t.register("fetch", 1, 1, c -> {
            Kernel k = c.k();
            k.enter(c.task());
            return Outcome.ofAccess(k.access.fetch(c.task(), c.num(0)), 0);
        });
        t.register("store", 2, 3, Calls::store);
        t.register("process_vm_writev", 3, 4, Calls::processVmWritev);
        t.register("touch", 3, 3, c -> {
            Kernel k = c.k();
            String how = c.text(2);
            if (!how.equals("read") && !how.equals("write"))
                throw new CallTable.ArgError(2, "expected read or write");
            k.enter(c.task());
            return Outcome.ofAccess(
                    k.access.touch(c.task(), c.num(0), c.num(1), how.equals("write")), 0);
        });
    }

    private static Outcome load(CallTable.Context c) {
        Kernel k = c.k();
        k.enter(c.task());
        long addr = c.num(0);
        if (c.isString(1)) {
            String want = c.text(1);
            byte[] got = k.access.loadBytes(c.task(), addr, want.length());
            if (got == null) return Outcome.ofAccess(k.access.signal, 0);
            return new Outcome.Text(new String(got, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        int len = (int) c.num(1, 8);
        if (len < 1 || len > 8) throw new CallTable.ArgError(1, "load length must be 1..8");
        long v = k.access.load(c.task(), addr, len);
        return Outcome.ofAccess(k.access.signal, v);
    }

    private static Outcome store(CallTable.Context c) {
        Kernel k = c.k();
        k.enter(c.task());
        long addr = c.num(0);
        return Outcome.ofAccess(k.access.storeBytes(c.task(), addr, bytes(c, 1, "store")), 0);
    }

    /** Argument i as bytes: a string, or a value whose length (1..8, default 8) follows it. */
    private static byte[] bytes(CallTable.Context c, int i, String what) {
        if (c.isString(i)) return c.text(i).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        int len = (int) c.num(i + 1, 8);
        if (len < 1 || len > 8) throw new CallTable.ArgError(i + 1, what + " length must be 1..8");
        long v = c.num(i);
        byte[] data = new byte[len];
        for (int k = 0; k < len; k++) data[k] = (byte) (v >>> (8 * k));
        return data;
    }

    /**
     * process_vm_writev "TASK" ADDR VALUE [LEN]: writes LEN (1..8, default 8) bytes of VALUE, or a
     * string, into TASK's memory at ADDR through GUP (FOLL_WRITE, no FOLL_FORCE), as one local and
     * one remote iovec would (mm/process_vm_access.c). Returns the bytes written, or ESRCH/EFAULT.
     */
    private static Outcome processVmWritev(CallTable.Context c) {
        Kernel k = c.k();
        k.enter(c.task());
        Task target = c.runner().taskNamed(c.text(0));
        if (target == null) return Outcome.ofSyscall(-dev.ptshare.kernel.Errno.ESRCH);
        byte[] data = bytes(c, 2, "write");
        return Outcome.ofSyscall(k.mm.gup.remoteWrite(target.mm, c.num(1), data, c.task()));
    }
}
