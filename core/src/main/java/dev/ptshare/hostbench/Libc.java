package dev.ptshare.hostbench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The few libc calls the host side of {@code ptshare bench} makes, through Java's FFM API. A
 * failing call throws {@link HostFailure} with the call and strerror(errno).
 */
final class Libc {
    static final int PROT_READ = 1, PROT_WRITE = 2;
    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    static final int MADV_DONTFORK = 10, MADV_NOHUGEPAGE = 15;
    static final int O_RDWR = 2;
    static final int WNOHANG = 1, SIGKILL = 9, SIGCHLD = 17;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = STATE
            .varHandle(MemoryLayout.PathElement.groupElement("errno"));
    /** The child's stack for clone(): 64 KiB, never freed (the child runs on its own copy). */
    private static final MemorySegment CHILD_STACK = Arena.global().allocate(64 << 10, 16);

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow();
    }

    /** A downcall whose first argument is the segment errno is captured into. */
    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(symbol(name), d, Linker.Option.captureCallState("errno"));
    }

    private static final MethodHandle MMAP = fn("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_LONG));
    private static final MethodHandle MUNMAP = fn("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle MADVISE = fn("madvise",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle OPEN = fn("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = fn("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** glibc clone(fn, stack, flags, arg, ...): the child runs fn(arg) on stack, then exits. */
    private static final MethodHandle CLONE = fn("clone",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
    private static final MemorySegment EXIT = symbol("_exit");
    private static final MethodHandle WAITPID = fn("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = fn("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    /** mmap(NULL, len, prot, flags, fd, 0) as a segment of len bytes. */
    static MemorySegment mmap(long len, int prot, int flags, int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment p = (MemorySegment) MMAP.invokeExact(st, MemorySegment.NULL, len, prot,
                    flags, fd, 0L);
            if (p.address() == -1L) throw failure("mmap", st);
            return p.reinterpret(len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void munmap(MemorySegment s) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            if ((int) MUNMAP.invokeExact(st, s, s.byteSize()) != 0) throw failure("munmap", st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void madvise(MemorySegment s, int advice) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            if ((int) MADVISE.invokeExact(st, s, s.byteSize(), advice) != 0)
                throw failure("madvise " + advice, st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            int fd = (int) OPEN.invokeExact(st, a.allocateFrom(path), flags);
            if (fd < 0) throw failure("open " + path, st);
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(int fd) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            if ((int) CLOSE.invokeExact(st, fd) != 0) throw failure("close", st);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A fork whose child exits at once without running any Java: glibc's clone(_exit, stack,
     * SIGCHLD, NULL). Without CLONE_VM the kernel does fork()'s work (kernel/fork.c
     * copy_process() -> copy_mm() -> dup_mmap() -> copy_page_range()); the child then calls
     * _exit(0) on its own copy of a small stack, so it never returns into the JVM (whose other
     * threads, locks and safepoint state it would not have). Returns the child's pid, and the
     * wall and CPU nanoseconds the parent spent in clone().
     */
    static long[] forkAndExitChild() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment top = CHILD_STACK.asSlice(CHILD_STACK.byteSize());
            long c0 = Timing.cpu(), t0 = System.nanoTime();
            int pid = (int) CLONE.invokeExact(st, EXIT, top, SIGCHLD, MemorySegment.NULL);
            long t1 = System.nanoTime(), c1 = Timing.cpu();
            if (pid < 0) throw failure("clone", st);
            return new long[] { pid, t1 - t0, c1 - c0 };
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reaps the child; kills it if it has not exited within a second. */
    static void reap(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment st = a.allocate(STATE);
            MemorySegment status = a.allocate(JAVA_INT);
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (true) {
                int r = (int) WAITPID.invokeExact(st, pid, status, WNOHANG);
                if (r == pid) return;
                if (r < 0) throw failure("waitpid", st);
                if (System.nanoTime() > deadline) {
                    int k = (int) KILL.invokeExact(st, pid, SIGKILL);
                    int w = (int) WAITPID.invokeExact(st, pid, status, 0);
                    if (k != 0 || w != pid)
                        throw new HostFailure("child " + pid + " did not exit");
                    return;
                }
                Thread.sleep(1);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static HostFailure failure(String call, MemorySegment state) throws Throwable {
        int errno = (int) ERRNO.get(state, 0L);
        MemorySegment msg = (MemorySegment) STRERROR.invokeExact(errno);
        return new HostFailure(call + ": " + msg.reinterpret(256).getString(0));
    }

    private static RuntimeException rethrow(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }

    /** A host call failed; the message names the call and strerror(errno). */
    static final class HostFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HostFailure(String message) {
            super(message);
        }
    }
}
