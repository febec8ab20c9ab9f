package dev.ptshare.script;

import java.util.Set;

/** What {@code -> EXPECT} says a call's outcome must be. */
public sealed interface Expect {
    /**
     * Names for {@link EventExpect}: outcomes that are neither a return value, an errno nor
     * a signal, e.g. an access stopped by userfaultfd write protection.
     */
    Set<String> EVENTS = Set.of("UFFD_WP", "UFFD_MISSING", "UFFD_MINOR");

    /** The return value (or the loaded value) equals the expression. */
    record ValueExpect(Expr value) implements Expect {}

    /** The call returned -1 with this errno. */
    record ErrnoExpect(String name) implements Expect {
        public int number() {
            return Errno.number(name).orElseThrow();
        }
    }

    /** The access raised this signal; the task survives, as if a handler caught it. */
    record SignalExpect(String name) implements Expect {
        public int number() {
            return Signals.number(name).orElseThrow();
        }
    }

    /**
     * The call's text result ({@code read}) or the bytes compared ({@code load}); a byte string
     * like {@link Arg.StringArg}.
     */
    record StringExpect(String value) implements Expect {}

    record EventExpect(String name) implements Expect {}
}
