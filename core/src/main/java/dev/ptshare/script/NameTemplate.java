package dev.ptshare.script;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A name that may contain {@code {var}} placeholders for loop variables, e.g. {@code c{i}}.
 * The raw text is kept so error messages and printing show what the user wrote.
 */
public record NameTemplate(String raw) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public NameTemplate {
        if (raw == null || raw.isEmpty()) throw new IllegalArgumentException("empty name");
    }

    public static NameTemplate of(String raw) {
        return new NameTemplate(raw);
    }

    public boolean isTemplate() {
        return raw.indexOf('{') >= 0;
    }

    /** The loop variables named by placeholders, in order of appearance. */
    public List<String> variables() {
        List<String> vars = new ArrayList<>();
        PLACEHOLDER.matcher(raw).results().forEach(m -> vars.add(m.group(1)));
        return vars;
    }

    /** Replaces each {@code {var}} with the loop variable's decimal value. */
    public String resolve(LoopEnv loops) {
        if (!isTemplate()) return raw;
        return PLACEHOLDER.matcher(raw).replaceAll(m -> Long.toString(loops.loop(m.group(1))
                .orElseThrow(() -> new IllegalStateException("no loop variable " + m.group(1)))));
    }

    /** A regex matching every name this template can resolve to (placeholders match integers). */
    public Pattern pattern() {
        StringBuilder re = new StringBuilder();
        int last = 0;
        var m = PLACEHOLDER.matcher(raw);
        while (m.find()) {
            re.append(Pattern.quote(raw.substring(last, m.start()))).append("-?[0-9]+");
            last = m.end();
        }
        return Pattern.compile(re.append(Pattern.quote(raw.substring(last))).toString());
    }

    @Override
    public String toString() {
        return raw;
    }
}
