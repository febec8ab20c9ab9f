package dev.ptshare.hostbench;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/** The few libc calls the host side of {@code ptshare bench} makes, through Java's FFM API. */
final class Libc {
    static final int PROT_READ = 1, PROT_WRITE = 2;
    static final int MAP_SHARED = 1, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    static final int O_RDWR = 2;
    static final int WNOHANG = 1, SIGKILL = 9;

    private static final Linker LINKER = Linker.nativeLinker();

    private static MethodHandle fn(String name, FunctionDescriptor d) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), d);
    }

    private static final MethodHandle MMAP = fn("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT,
                    JAVA_LONG));
    private static final MethodHandle MUNMAP = fn("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle OPEN = fn("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = fn("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle FORK = fn("fork", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle EXIT = fn("_exit", FunctionDescriptor.ofVoid(JAVA_INT));
    private static final MethodHandle WAITPID = fn("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle KILL = fn("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));

    private Libc() {}

    /** mmap(NULL, len, prot, flags, fd, 0) as a segment of len bytes. */
    static MemorySegment mmap(long len, int prot, int flags, int fd) {
        try {
            MemorySegment p = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, len, prot, flags,
                    fd, 0L);
            if (p.address() == -1L) throw new IllegalStateException("mmap failed");
            return p.reinterpret(len);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void munmap(MemorySegment s) {
        try {
            int r = (int) MUNMAP.invokeExact(s, s.byteSize());
            if (r != 0) throw new IllegalStateException("munmap failed");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static int open(String path, int flags) {
        try (Arena a = Arena.ofConfined()) {
            int fd = (int) OPEN.invokeExact(a.allocateFrom(path), flags);
            if (fd < 0) throw new IllegalStateException("open " + path + " failed");
            return fd;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void close(int fd) {
        try {
            int r = (int) CLOSE.invokeExact(fd);
            if (r != 0) throw new IllegalStateException("close failed");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * fork(); the child calls _exit(0) at once. Returns the child's pid and the nanoseconds the
     * parent spent in fork() (copying its page tables is most of it).
     */
    static long[] forkAndExitChild() {
        try {
            long t0 = System.nanoTime();
            int pid = (int) FORK.invokeExact();
            if (pid == 0) EXIT.invokeExact(0); // the child runs nothing else
            long t1 = System.nanoTime();
            if (pid < 0) throw new IllegalStateException("fork failed");
            return new long[] { pid, t1 - t0 };
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Reaps the child; kills it if it has not exited within a second. */
    static void reap(int pid) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment status = a.allocate(JAVA_INT);
            long deadline = System.nanoTime() + 1_000_000_000L;
            while (true) {
                int r = (int) WAITPID.invokeExact(pid, status, WNOHANG);
                if (r == pid || r < 0) return;
                if (System.nanoTime() > deadline) {
                    int k = (int) KILL.invokeExact(pid, SIGKILL);
                    int w = (int) WAITPID.invokeExact(pid, status, 0);
                    if (k != 0 || w != pid)
                        throw new IllegalStateException("child " + pid + " stuck");
                    return;
                }
                Thread.sleep(1);
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        return t instanceof RuntimeException r ? r : new IllegalStateException(t);
    }
}
