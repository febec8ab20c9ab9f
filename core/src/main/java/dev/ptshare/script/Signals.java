package dev.ptshare.script;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/** Signal names and numbers of Linux x86_64, for {@code -> SIGSEGV}. */
public final class Signals {
    private Signals() {}

    private static final Map<String, Integer> BY_NAME = new LinkedHashMap<>();
    private static final Map<Integer, String> BY_NUMBER = new LinkedHashMap<>();

    static {
        // arch/x86/include/uapi/asm/signal.h
        String[] names = { "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS",
                "SIGFPE",
                "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM",
                "SIGSTKFLT",
                "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG",
                "SIGXCPU",
                "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS" };
        for (int i = 0; i < names.length; i++) {
            BY_NAME.put(names[i], i + 1);
            BY_NUMBER.put(i + 1, names[i]);
        }
        BY_NAME.put("SIGIOT", 6);
        BY_NAME.put("SIGPOLL", 29);
    }

    public static final Map<String, Integer> ALL = Collections.unmodifiableMap(BY_NAME);

    public static boolean isSignal(String name) {
        return BY_NAME.containsKey(name);
    }

    public static OptionalInt number(String name) {
        Integer n = BY_NAME.get(name);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /** The primary name of {@code number}, or {@code null}. */
    public static String name(int number) {
        return BY_NUMBER.get(number);
    }
}
