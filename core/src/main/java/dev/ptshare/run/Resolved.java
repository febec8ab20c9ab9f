package dev.ptshare.run;

import java.util.List;

/** A call's arguments after evaluation: numbers, byte strings, words and key=value pairs. */
public sealed interface Resolved {
    record Num(long value, String text) implements Resolved {
        @Override
        public String toString() {
            return text != null ? text : Render.number(value);
        }
    }

    record Str(String value) implements Resolved {
        @Override
        public String toString() {
            return Render.string(value);
        }
    }

    record Word(String word) implements Resolved {
        @Override
        public String toString() {
            return word;
        }
    }

    record Kv(String key, Resolved value) implements Resolved {
        @Override
        public String toString() {
            return key + "=" + value;
        }
    }

    static String join(List<Resolved> args) {
        StringBuilder b = new StringBuilder();
        for (Resolved r : args) {
            if (b.length() > 0) b.append(", ");
            b.append(r);
        }
        return b.toString();
    }
}
