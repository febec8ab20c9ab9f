package dev.ptshare.compare;

import dev.ptshare.cost.CostOp;
import dev.ptshare.cost.ModelledTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON schema of docs/compare.md, field order fixed. */
final class JsonReport {
    private JsonReport() {}

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    static Map<String, Object> tree(Report r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", r.workload().id);
        root.put("params", r.params().asText());
        root.put("seed", r.seed());
        root.put("costModel", r.costs().id);
        List<Object> results = new ArrayList<>();
        for (Result x : r.results()) results.add(result(x));
        root.put("results", results);
        return root;
    }

    static Map<String, Object> result(Result x) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("design", x.design());
        m.put("applicable", x.applicable());
        m.put("processes", x.processes());
        m.put("oom", x.oom() == null ? null : Map.of("process", x.oom().process()));
        m.put("pageTablesBytes", x.pageTablesBytes());
        m.put("vmPteBytes", stats(x.vmPteBytes()));
        m.put("rssBytes", stats(x.rssBytes()));
        m.put("pssBytes", stats(x.pssBytes()));
        m.put("minorFaults", x.minorFaults());
        m.put("majorFaults", x.majorFaults());
        m.put("tlbFlushes", x.tlbFlushes());
        m.put("tlbIpis", x.tlbIpis());
        m.put("elapsedMillis", x.elapsedMillis());
        ModelledTime t = x.modelled();
        m.put("modelledSetupMicros", ModelledTime.micros(t.setupPicos()));
        m.put("modelledForkMicros", micros(x.modelledForkPicos()));
        m.put("modelledFaultMicros", ModelledTime.micros(t.faultPicos()));
        m.put("modelledExitMicros", ModelledTime.micros(t.exitPicos()));
        m.put("modelledTotalMicros", ModelledTime.micros(t.totalPicos()));
        Map<String, Object> ops = new LinkedHashMap<>();
        for (CostOp op : CostOp.values()) ops.put(op.key, t.count(op));
        m.put("ops", ops);
        return m;
    }

    private static Map<String, Object> stats(Result.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", s.min());
        m.put("median", s.median());
        m.put("max", s.max());
        m.put("sum", s.sum());
        return m;
    }

    /** Stats of picoseconds as exact microseconds. */
    private static Map<String, Object> micros(Result.Stats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("min", ModelledTime.micros(s.min()));
        m.put("median", ModelledTime.micros(s.median()));
        m.put("max", ModelledTime.micros(s.max()));
        m.put("sum", ModelledTime.micros(s.sum()));
        return m;
    }

    static String render(Report r) {
        return MAPPER.writeValueAsString(tree(r)) + "\n";
    }

    /** One compact JSON line (sweeps write JSONL). */
    static String line(Object o) {
        return JsonMapper.builder().build().writeValueAsString(o);
    }
}
