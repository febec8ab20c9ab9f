package dev.ptshare.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sweep points and their output rows. */
public final class SweepRow {
    private SweepRow() {}

    public static final String CSV_HEADER = "vary_key,vary_value," + CsvReport.HEADER;

    /** {@code A..B[:STEP]} or {@code V,V,...}. */
    public static List<String> points(String spec) {
        List<String> out = new ArrayList<>();
        if (spec.contains("..")) {
            String[] ab = spec.split("\\.\\.", 2);
            String[] bs = ab[1].split(":", 2);
            long a = Long.parseLong(ab[0]), b = Long.parseLong(bs[0]);
            long step = bs.length == 2 ? Long.parseLong(bs[1]) : 1;
            if (step < 1 || b < a) throw new IllegalArgumentException("bad range '" + spec + "'");
            for (long v = a; v <= b; v += step) out.add(Long.toString(v));
        } else {
            for (String v : spec.split(",")) out.add(v.trim());
        }
        return out;
    }

    public static String csv(Workload w, String key, String value, Result r) {
        return key + "," + value + "," + CsvReport.row(w.id, r);
    }

    public static String jsonl(Workload w, Params p, String key, String value, Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", w.id);
        m.put("params", p.asText());
        m.put("vary", Map.of(key, value));
        m.put("costModel", r.modelled().calibration().id);
        m.putAll(JsonReport.result(r));
        return JsonReport.line(m);
    }
}
