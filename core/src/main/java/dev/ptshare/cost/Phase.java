package dev.ptshare.cost;

/**
 * Which part of a run a statement's operations are charged to, by the call it makes: fork
 * latency is what {@code fork} statements cost; fault time what memory accesses after the first
 * fork cost; exit time what {@code exit} and {@code execve} (which tears down the old mm) cost.
 * Everything before the first fork is setup (the memory a workload prepares).
 */
public enum Phase {
    SETUP, FORK, FAULT, EXIT, OTHER;

    /** The phase of a .pts call; {@code forked}: whether a fork has happened before it. */
    public static Phase of(String call, boolean forked) {
        if (call.equals("fork")) return FORK;
        if (!forked) return SETUP;
        return switch (call) {
            case "touch", "load", "store", "fetch" -> FAULT;
            case "exit", "execve" -> EXIT;
            default -> OTHER;
        };
    }
}
