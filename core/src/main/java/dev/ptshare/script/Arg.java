package dev.ptshare.script;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One argument of a call. Arguments are separated by spaces; one argument has no spaces
 * except inside parentheses or a string, or before a size suffix ({@code 2056 kB}).
 * The parser classifies each, in this order:
 * <ol>
 * <li>{@code "..."}: {@link StringArg}, C escapes decoded;</li>
 * <li>{@code key=VALUE} (a lower-case identifier glued to {@code =}): {@link KeyValueArg},
 * VALUE classified by these same rules;</li>
 * <li>names joined by {@code |}, or a single name, that are known {@link LinuxConstants}
 * ({@code PROT_READ|PROT_WRITE}, {@code MAP_SHARED}, {@code MADV_DONTNEED}):
 * {@link FlagsArg}; an unknown name in a {@code |} list, or an unknown name of a
 * constant family ({@code MAP_SHRED}), is a syntax error "unknown flag";</li>
 * <li>a single name in {@link LinuxConstants#WORDS} ({@code read}, {@code write},
 * {@code msharefs}, {@code MSHAREFS_CREATE_MAPPING}) or a path (starts with {@code /}
 * or {@code .}): {@link WordArg};</li>
 * <li>anything else is an expression ({@link ExprArg}): numbers, {@code NULL}, variables
 * such as {@code fd} or {@code c{i}}, metrics, {@code p+8KiB}, {@code (a + b)}.</li>
 * </ol>
 */
public sealed interface Arg {
    record ExprArg(Expr expr) implements Arg {
        public long value(Env env, int line) {
            return expr.eval(env, line);
        }
    }

    /** Symbolic constants OR-ed together. */
    record FlagsArg(List<String> names) implements Arg {
        public FlagsArg {
            names = List.copyOf(names);
            for (String n : names) {
                if (!LinuxConstants.isFlag(n))
                    throw new IllegalArgumentException("unknown flag " + n);
            }
        }

        public long value() {
            long v = 0;
            for (String n : names) v |= LinuxConstants.flag(n).orElseThrow();
            return v;
        }
    }

    /**
     * A string literal. {@code value} is a byte string: one char per byte (0..255); source
     * text is taken as UTF-8 and {@code \xHH} is one raw byte.
     */
    record StringArg(String value) implements Arg {
        public byte[] bytes() {
            return value.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    /** {@code region_offset=E} style arguments of ioctl and mount. */
    record KeyValueArg(String key, Arg value) implements Arg {}

    /**
     * A bare word the call interprets itself: {@code read}/{@code write} of {@code touch},
     * a filesystem type, an ioctl command, or a path. Paths may contain {@code {i}}.
     */
    record WordArg(String word) implements Arg {
        public String resolve(LoopEnv loops) {
            return word.indexOf('{') < 0 ? word : new NameTemplate(word).resolve(loops);
        }
    }

    /** True for arguments that stand for a number: expressions and flags. */
    default boolean isNumeric() {
        return this instanceof ExprArg || this instanceof FlagsArg;
    }

    /** The number an {@link ExprArg} or {@link FlagsArg} stands for. */
    default long number(Env env, int line) {
        return switch (this) {
            case ExprArg e -> e.value(env, line);
            case FlagsArg f -> f.value();
            default -> throw new IllegalStateException("not a number: " + this);
        };
    }
}
