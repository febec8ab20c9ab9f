package dev.ptshare.compare;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A workload's parameter values: defaults overridden by {@code --set k=v}. */
public final class Params {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> text = new LinkedHashMap<>();

    /** Parses {@code k=v} settings; IllegalArgumentException names the bad one. */
    public static Params of(List<Param> declared, List<String> sets) {
        Params p = new Params();
        for (Param d : declared) p.put(d, d.dflt());
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException("--set wants KEY=VALUE, got '" + s + "'");
            String key = s.substring(0, eq);
            Param d = declared.stream().filter(x -> x.name().equals(key)).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("unknown parameter '" + key + "' (known: "
                            + String.join(", ", declared.stream().map(Param::name).toList())
                            + ")"));
            p.put(d, s.substring(eq + 1));
        }
        return p;
    }

    private void put(Param d, String v) {
        values.put(d.name(), d.parse(v));
        text.put(d.name(), v);
    }

    public long size(String name) {
        return (Long) values.get(name);
    }

    public long count(String name) {
        return (Long) values.get(name);
    }

    public double fraction(String name) {
        return (Double) values.get(name);
    }

    public String choice(String name) {
        return (String) values.get(name);
    }

    /** The parameters as given, for reports. */
    public Map<String, String> asText() {
        return text;
    }

    /** A copy with one value replaced (sweeps). */
    public Params with(List<Param> declared, String key, String value) {
        Params p = new Params();
        for (Param d : declared) p.put(d, key.equals(d.name()) ? value : text.get(d.name()));
        return p;
    }
}
