package dev.ptshare.script;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A map-backed {@link Env} for tests; metrics are keyed by their dotted text, aggregates by
 * {@code fn(path)}.
 */
final class TestEnv implements Env {
    final Map<String, Long> vars = new HashMap<>();
    final Map<String, Long> loops = new HashMap<>();
    final Map<String, Long> metrics = new HashMap<>();

    TestEnv var(String name, long v) {
        vars.put(name, v);
        return this;
    }

    TestEnv loop(String name, long v) {
        loops.put(name, v);
        return this;
    }

    TestEnv metric(String path, long v) {
        metrics.put(path, v);
        return this;
    }

    @Override
    public OptionalLong loop(String name) {
        return loops.containsKey(name) ? OptionalLong.of(loops.get(name)) : OptionalLong.empty();
    }

    @Override
    public long variable(String name, int line) {
        Long v = vars.get(name);
        if (v == null)
            throw new ScriptException(Path.of("t.pts"), line, "unknown variable '" + name + "'");
        return v;
    }

    @Override
    public long metric(MetricPath path, int line) {
        Long v = metrics.get(path.toString());
        if (v == null)
            throw new ScriptException(Path.of("t.pts"), line, "unknown metric '" + path + "'");
        return v;
    }

    @Override
    public long aggregate(Expr.AggFn fn, MetricPath path, int line) {
        return metric(MetricPath.of(fn.keyword() + "(" + path + ")", "x"), line);
    }
}
