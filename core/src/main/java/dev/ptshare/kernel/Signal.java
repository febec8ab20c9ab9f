package dev.ptshare.kernel;

/** Signals a user access can raise (asm-generic/signal.h numbers). */
public final class Signal {
    private Signal() {}

    public static final int SIGBUS = 7, SIGKILL = 9, SIGSEGV = 11;

    public static String name(int sig) {
        return switch (sig) {
            case SIGBUS -> "SIGBUS";
            case SIGKILL -> "SIGKILL";
            case SIGSEGV -> "SIGSEGV";
            default -> "SIG" + sig;
        };
    }
}
