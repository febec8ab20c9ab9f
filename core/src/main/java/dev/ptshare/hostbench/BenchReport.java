package dev.ptshare.hostbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code ptshare bench} found: per case the model's and the host kernel's pages per second
 * (wall time, median of the repetitions) and model / host. The host side is null where it could
 * not run, with the reason.
 */
public record BenchReport(String machine, long sizeBytes, int repeat, String hostSkipped,
        List<Row> rows) {

    /** One case; host is null when the host side did not run. */
    public record Row(BenchCase c, Measurement model, Measurement host) {
        Double ratio() {
            return host == null || host.pagesPerSecond() == 0 ? null
                    : model.pagesPerSecond() / host.pagesPerSecond();
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Object> cases = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.c().id);
            m.put("modelPagesPerSecond", Math.round(r.model().pagesPerSecond()));
            m.put("hostPagesPerSecond", r.host() == null ? null
                    : Math.round(r.host().pagesPerSecond()));
            Double ratio = r.ratio();
            m.put("ratio", ratio == null ? null : Math.round(ratio * 100) / 100.0);
            m.put("pages", r.model().pages());
            m.put("modelMinorFaults", r.model().minorFaults());
            m.put("hostMinorFaults", r.host() == null ? null : r.host().minorFaults());
            cases.add(m);
        }
        root.put("cases", cases);
        root.put("machine", machine);
        root.put("sizeBytes", sizeBytes);
        root.put("repeat", repeat);
        root.put("timing", "wall time, median of the repetitions after one warm-up round");
        root.put("hostSkipped", hostSkipped);
        return MAPPER.writeValueAsString(root) + "\n";
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "ptshare bench: %s; %d MiB per case, median of %d (wall time)%n", machine,
                sizeBytes >> 20, repeat));
        b.append(String.format(Locale.ROOT, "%-17s %14s %14s %8s %10s %10s%n", "case",
                "model pages/s", "host pages/s", "ratio", "model flt", "host flt"));
        for (Row r : rows) {
            Double ratio = r.ratio();
            b.append(String.format(Locale.ROOT, "%-17s %14s %14s %8s %10d %10s%n", r.c().id,
                    rate(r.model().pagesPerSecond()),
                    r.host() == null ? "-" : rate(r.host().pagesPerSecond()),
                    ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio),
                    r.model().minorFaults(),
                    r.host() == null ? "-" : Long.toString(r.host().minorFaults())));
        }
        if (hostSkipped != null) b.append("host: not run (").append(hostSkipped).append(")\n");
        b.append("flt: minor faults of one repetition (fork: not counted). ratio = model/host.\n");
        return b.toString();
    }

    private static String rate(double pps) {
        if (pps >= 1e9) return String.format(Locale.ROOT, "%.2f G", pps / 1e9);
        if (pps >= 1e6) return String.format(Locale.ROOT, "%.2f M", pps / 1e6);
        return String.format(Locale.ROOT, "%.0f", pps);
    }
}
