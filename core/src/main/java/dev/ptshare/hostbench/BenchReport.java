package dev.ptshare.hostbench;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code ptshare bench} found: per case the model's and the host kernel's pages per second
 * (wall time, median of the repetitions) and model/host, as a table or JSON. A rate that could
 * not be measured is null and the row's reason says why; counters that disagree with what the
 * case must do are listed as notes.
 */
public record BenchReport(Machine machine, long sizeBytes, int repeat, int modelWarmup,
        int hostWarmup, List<Row> rows) {

    /** One case; a side that did not run is null and reason says why. */
    public record Row(BenchCase c, long pages, Measurement model, Measurement host,
            String reason) {

        Double modelRate() {
            return rate(model);
        }

        Double hostRate() {
            return rate(host);
        }

        /** model / host, or null without both rates. */
        Double ratio() {
            return ratio(modelRate(), hostRate());
        }

        /** The same by the thread's CPU time. */
        Double cpuRatio() {
            return ratio(cpuRate(model), cpuRate(host));
        }

        private static Double ratio(Double m, Double h) {
            return m == null || h == null ? null : m / h;
        }

        /** Why a rate is missing, or null. */
        String why() {
            List<String> w = new ArrayList<>();
            if (reason != null) w.add(reason);
            if (model != null && rate(model) == null) w.add("model: " + NOT_ABOVE);
            if (host != null && rate(host) == null) w.add("host: " + NOT_ABOVE);
            return w.isEmpty() ? null : String.join("; ", w);
        }

        List<String> notes() {
            List<String> n = new ArrayList<>(Expect.notes(c, "model", model));
            n.addAll(Expect.notes(c, "host", host));
            return n;
        }

        private static final String NOT_ABOVE = "the time is not above the baseline (too small)";

        private static Double rate(Measurement m) {
            return m == null || Double.isNaN(m.pagesPerSecond()) ? null : m.pagesPerSecond();
        }

        static Double cpuRate(Measurement m) {
            return m == null || Double.isNaN(m.pagesPerCpuSecond()) ? null
                    : m.pagesPerCpuSecond();
        }
    }

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT).build();

    public String json() {
        List<Object> cases = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", r.c().id);
            m.put("modelPagesPerSecond", round(r.modelRate()));
            m.put("hostPagesPerSecond", round(r.hostRate()));
            m.put("ratio", round4(r.ratio()));
            m.put("reason", r.why());
            m.put("modelPagesPerCpuSecond", round(Row.cpuRate(r.model())));
            m.put("hostPagesPerCpuSecond", round(Row.cpuRate(r.host())));
            m.put("cpuRatio", round4(r.cpuRatio()));
            m.put("description", r.c().description);
            m.put("pages", r.pages());
            long expected = r.c().expectedFaults(r.pages());
            m.put("expectedMinorFaults", expected < 0 ? null : expected);
            m.put("model", details(r.model()));
            m.put("host", details(r.host()));
            m.put("notes", r.notes());
            cases.add(m);
        }
        Map<String, Object> machineJson = new LinkedHashMap<>();
        machineJson.put("os", machine.os());
        machineJson.put("kernelRelease", machine.kernelRelease());
        machineJson.put("cpus", machine.cpus());
        machineJson.put("cpuModel", machine.cpuModel());
        machineJson.put("loadAverage", machine.loadAverage());
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("cases", cases);
        root.put("machine", machineJson);
        root.put("sizeBytes", sizeBytes);
        root.put("repeat", repeat);
        Map<String, Object> warmup = new LinkedHashMap<>();
        warmup.put("model", modelWarmup);
        warmup.put("host", hostWarmup);
        root.put("minWarmupRounds", warmup);
        root.put("timing", "wall time (System.nanoTime) on both sides, in one process; the"
                + " median of the repetitions after the warm-up rounds. The Cpu fields: the same"
                + " by the measuring thread's CPU time (user + system)");
        return MAPPER.writeValueAsString(root) + "\n";
    }

    private static Double round4(Double ratio) {
        return ratio == null ? null : new BigDecimal(ratio).round(new MathContext(4)).doubleValue();
    }

    private static Long round(Double rate) {
        return rate == null ? null : Math.round(rate);
    }

    private static Map<String, Object> details(Measurement m) {
        if (m == null) return null;
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("nanos", m.nanos());
        d.put("cpuNanos", m.cpuNanos());
        d.put("baselineNanos", m.baselineNanos() < 0 ? null : m.baselineNanos());
        d.put("address", "0x" + Long.toHexString(m.address()));
        d.put("minorFaults", m.minorFaults());
        d.put("mappedKiB", m.mappedKiB());
        d.put("pageTableKiB", m.pageTableKiB());
        d.put("warmupRounds", m.warmupRounds());
        return d;
    }

    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT,
                "ptshare bench: %d MiB (%d pages) per case; wall time on both sides, median%n"
                        + "of %d repetitions after warm-up (at least %d rounds model, %d host)%n",
                sizeBytes >> 20, sizeBytes >> 12, repeat, modelWarmup, hostWarmup));
        b.append("machine: ").append(machine.describe()).append("\n\n");
        b.append(String.format(Locale.ROOT, "%-17s %14s %14s %9s %10s %10s%n", "case",
                "model pages/s", "host pages/s", "ratio", "model flt", "host flt"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-17s %14s %14s %9s %10s %10s%n", r.c().id,
                    rate(r.modelRate()), rate(r.hostRate()), times(r.ratio()), faults(r.model()),
                    faults(r.host())));
        }
        b.append(String.format(Locale.ROOT, "%nthe same by the measuring thread's CPU time (user +"
                + " system), which a busy%nmachine does not inflate:%n"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-17s %14s %14s %9s%n", r.c().id,
                    rate(Row.cpuRate(r.model())), rate(Row.cpuRate(r.host())),
                    times(r.cpuRatio())));
        }
        b.append("\nratio = model/host. flt = minor faults in one repetition's timed part.\n");
        List<String> notes = new ArrayList<>();
        List<String> forks = new ArrayList<>();
        for (Row r : rows) {
            if (r.why() != null) notes.add(r.c().id + ": " + r.why());
            notes.addAll(r.notes());
            baseline(forks, "model", r.model());
            baseline(forks, "host", r.host());
        }
        if (!forks.isEmpty()) {
            b.append("fork-anon: the fork's time less the same fork with the memory"
                    + " MADV_DONTFORK\n(").append(String.join(", ", forks)).append(").\n");
        }
        if (notes.isEmpty()) {
            b.append("Faults, Rss and VmPTE growth as expected on every side that ran.\n");
        } else {
            for (String n : notes) b.append("! ").append(n).append('\n');
        }
        return b.toString();
    }

    private static String times(Double ratio) {
        return ratio == null ? "-" : String.format(Locale.ROOT, "%.2fx", ratio);
    }

    private static void baseline(List<String> out, String side, Measurement m) {
        if (m != null && m.baselineNanos() >= 0)
            out.add(String.format(Locale.ROOT, "%s %.2f ms", side, m.baselineNanos() / 1e6));
    }

    private static String faults(Measurement m) {
        return m == null ? "-" : Long.toString(m.minorFaults());
    }

    private static String rate(Double pps) {
        if (pps == null) return "-";
        if (pps >= 1e9) return String.format(Locale.ROOT, "%.2f G", pps / 1e9);
        if (pps >= 1e6) return String.format(Locale.ROOT, "%.2f M", pps / 1e6);
        if (pps >= 1e3) return String.format(Locale.ROOT, "%.2f K", pps / 1e3);
        return String.format(Locale.ROOT, "%.0f", pps);
    }
}
