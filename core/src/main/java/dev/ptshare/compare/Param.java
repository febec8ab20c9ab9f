package dev.ptshare.compare;

/** A typed workload parameter with its default and a one-line description. */
public record Param(String name, Kind kind, String dflt, String help) {
    /** What a value may be. */
    public enum Kind {
        /** Bytes, with an optional binary suffix (300GiB), or "unbounded" where allowed. */
        SIZE,
        COUNT,
        /** A fraction in [0, 1]. */
        FRACTION,
        /** One of a fixed set, listed at the start of the help: {@code a|b|c: what it means}. */
        CHOICE
    }

    /** PID_MAX_LIMIT on 64-bit (include/linux/threads.h): no more tasks can exist. */
    private static final long PID_MAX_LIMIT = 4L << 20;

    /** Bounds that the machine (MachineConfig) or Linux puts on parameters of these names. */
    private static final java.util.Map<String, long[]> LIMITS = java.util.Map.of(
            "cpus", new long[] { 1, 64 },
            "memory", new long[] { 16L << 20, Long.MAX_VALUE },
            "processes", new long[] { 0, PID_MAX_LIMIT },
            "backends", new long[] { 0, PID_MAX_LIMIT },
            "apps", new long[] { 0, PID_MAX_LIMIT },
            "helpers", new long[] { 0, PID_MAX_LIMIT },
            "iterations", new long[] { 0, 1L << 31 });

    /** Parses and checks {@code text}; IllegalArgumentException with a one-line message. */
    Object parse(String text) {
        String t = text.trim();
        try {
            return switch (kind) {
                case SIZE -> t.equals("unbounded") ? -1L : bounded(size(t), text);
                case COUNT -> {
                    long v = Long.parseLong(t);
                    if (v < 0)
                        throw new IllegalArgumentException(name + " must be >= 0, got " + text);
                    yield bounded(v, text);
                }
                case FRACTION -> {
                    double d = Double.parseDouble(t);
                    if (!(d >= 0 && d <= 1)) throw new IllegalArgumentException(
                            name + " must be in [0, 1], got " + text);
                    yield d;
                }
                case CHOICE -> {
                    if (!java.util.List.of(choices()).contains(t))
                        throw new IllegalArgumentException(name + ": '" + text
                                + "' is not one of " + String.join("|", choices()));
                    yield t;
                }
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad value for " + name + ": '" + text + "'");
        }
    }

    private long bounded(long v, String text) {
        long[] lim = LIMITS.get(name);
        if (lim != null && (v < lim[0] || v > lim[1])) {
            throw new IllegalArgumentException(name + " must be "
                    + (lim[1] == Long.MAX_VALUE
                            ? "at least " + (kind == Kind.SIZE ? (lim[0] >> 20) + "MiB" : lim[0])
                            : lim[0] + ".." + lim[1])
                    + ", got " + text);
        }
        return v;
    }

    /** The values a CHOICE takes: the help text up to its first space or colon, split at '|'. */
    String[] choices() {
        return help.split("[ :]", 2)[0].split("\\|");
    }

    /** A byte count with an optional binary suffix (4KiB, 1GiB, 2T). */
    public static long parseSize(String t) {
        try {
            return size(t);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("bad size '" + t + "'");
        }
    }

    static long size(String t) {
        String[][] sfx = { { "KiB", "10" }, { "MiB", "20" }, { "GiB", "30" }, { "TiB", "40" },
                { "K", "10" }, { "M", "20" }, { "G", "30" }, { "T", "40" } };
        long mul = 1;
        for (String[] s : sfx) {
            if (t.endsWith(s[0])) {
                mul = 1L << Integer.parseInt(s[1]);
                t = t.substring(0, t.length() - s[0].length());
                break;
            }
        }
        long v = Long.parseLong(t.trim());
        if (v < 0) throw new NumberFormatException();
        return Math.multiplyExact(v, mul);
    }
}
