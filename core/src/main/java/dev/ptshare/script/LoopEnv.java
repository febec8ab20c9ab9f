package dev.ptshare.script;

import java.util.Map;
import java.util.OptionalLong;

/** The values of the {@code for} variables in scope; all that {@code {i}} templates need. */
@FunctionalInterface
public interface LoopEnv {
    /** The current value of loop variable {@code name}, or empty outside such a loop. */
    OptionalLong loop(String name);

    LoopEnv NONE = name -> OptionalLong.empty();

    static LoopEnv of(Map<String, Long> values) {
        Map<String, Long> copy = Map.copyOf(values);
        return name -> copy.containsKey(name) ? OptionalLong.of(copy.get(name))
                : OptionalLong.empty();
    }
}
