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

    /** A syscall return: -errno becomes {@link Error}, anything else {@link Value}. */
    static Outcome ofSyscall(long ret) {
        return dev.ptshare.kernel.Errno.isError(ret) ? new Error((int) -ret) : new Value(ret);
    }
}
