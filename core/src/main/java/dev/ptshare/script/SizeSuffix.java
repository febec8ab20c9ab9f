package dev.ptshare.script;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Binary size suffixes: {@code K}/{@code KiB} ... {@code T}/{@code TiB}, and {@code kB} as /proc
 * prints it.
 */
final class SizeSuffix {
    private SizeSuffix() {}

    private static final Map<String, Integer> SHIFT = Map.of(
            "K", 10, "KiB", 10, "kB", 10,
            "M", 20, "MiB", 20,
            "G", 30, "GiB", 30,
            "T", 40, "TiB", 40);

    static boolean isSuffix(String s) {
        return SHIFT.containsKey(s);
    }

    /** {@code value} scaled by the suffix, or empty if it leaves the unsigned 64-bit range. */
    static OptionalLong apply(long value, String suffix) {
        int shift = SHIFT.get(suffix);
        if (Long.numberOfLeadingZeros(value) < shift) return OptionalLong.empty();
        return OptionalLong.of(value << shift);
    }
}
