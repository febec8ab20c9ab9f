package dev.ptshare.run;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls a script can make, by name, with their arity (checked before anything runs) and
 * their implementation against the {@link Kernel}. Arguments follow libc order.
 */
public final class CallTable {
    /** One call: arity bounds and how to run it. */
    public record Call(String name, int minArgs, int maxArgs, Impl impl) {}

    /** Runs a call for a task; {@code bind} is the name the script binds the result to. */
    @FunctionalInterface
    public interface Impl {
        Outcome run(Context c);
    }

    /** What an implementation gets. */
    public record Context(Kernel k, Task task, List<Resolved> args, String bind, Runner runner) {
        public long num(int i) {
            return switch (args.get(i)) {
                case Resolved.Num n -> n.value();
                case Resolved.Kv kv when kv.value() instanceof Resolved.Num n -> n.value();
                default -> throw new ArgError(i, "expected a number, got " + args.get(i));
            };
        }

        public long num(int i, long dflt) {
            return i < args.size() ? num(i) : dflt;
        }

        public String text(int i) {
            return switch (args.get(i)) {
                case Resolved.Word w -> w.word();
                case Resolved.Str s -> s.value();
                default -> throw new ArgError(i, "expected a path or name, got " + args.get(i));
            };
        }

        public boolean isString(int i) {
            return i < args.size() && args.get(i) instanceof Resolved.Str;
        }

        /** key=value arguments by key. */
        public Map<String, Resolved> keys() {
            Map<String, Resolved> m = new LinkedHashMap<>();
            for (Resolved r : args) if (r instanceof Resolved.Kv kv) m.put(kv.key(), kv.value());
            return m;
        }
    }

    /** A bad argument found at run time (a string where a number belongs, ...). */
    public static final class ArgError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ArgError(int index, String msg) {
            super("argument " + (index + 1) + ": " + msg);
        }
    }

    private final Map<String, Call> calls = new LinkedHashMap<>();

    public CallTable() {
        Calls.registerAll(this);
    }

    public void register(String name, int min, int max, Impl impl) {
        calls.put(name, new Call(name, min, max, impl));
    }

    public Call get(String name) {
        return calls.get(name);
    }

    public Set<String> names() {
        return calls.keySet();
    }
}
