package dev.ptshare.run;

import dev.ptshare.kernel.Signal;
import dev.ptshare.script.Errno;

/** What a call did, as a selftest would observe it: a value, an errno, a signal, text, a task. */
public sealed interface Outcome {
    record Value(long value) implements Outcome {
        @Override
        public String toString() {
            return Render.number(value);
        }
    }

    record Error(int errno) implements Outcome {
        @Override
        public String toString() {
            return "-1 " + Errno.name(errno);
        }
    }

    record Killed(int signal) implements Outcome {
        @Override
        public String toString() {
            return Signal.name(signal);
        }
    }

    record Text(String text) implements Outcome {
        @Override
        public String toString() {
            return Render.string(text);
        }
    }

    record NewTask(String name) implements Outcome {
        @Override
        public String toString() {
            return name;
        }
    }

    record Event(String name) implements Outcome {
        @Override
        public String toString() {
            return name;
        }
    }

    /** The event name of an access or call stopped by userfaultfd write protection. */
    String UFFD_WP = "UFFD_WP";

    /**
     * A syscall return: -errno becomes {@link Error}, a call blocked on a userfaultfd-wp fault
     * {@link Event}, anything else {@link Value}.
     */
    static Outcome ofSyscall(long ret) {
        if (ret == dev.ptshare.mm.Gup.UFFD_BLOCKED) return new Event(UFFD_WP);
        return dev.ptshare.kernel.Errno.isError(ret) ? new Error((int) -ret) : new Value(ret);
    }

    /** What an access that returned {@code sig} (0, a signal, or a userfaultfd stop) observed. */
    static Outcome ofAccess(int sig, long value) {
        if (sig == 0) return new Value(value);
        if (sig == dev.ptshare.kernel.UserAccess.UFFD_WP) return new Event(UFFD_WP);
        return new Killed(sig);
    }
}
