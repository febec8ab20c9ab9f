package dev.ptshare.compare;

import dev.ptshare.cost.Calibration;
import java.util.List;

/** What a compare produced: the workload, its parameters, the seed and one result per design. */
public record Report(Workload workload, Params params, long seed, long machineMemory,
        List<Result> results) {

    /** Output formats, chosen by enum as the Caffeine simulator chooses its reporters. */
    public enum Format {
        TABLE, JSON, CSV, HTML;

        /** The format named {@code id} (any case); IllegalArgumentException naming the choices. */
        public static Format of(String id) {
            for (Format f : values()) if (f.name().equalsIgnoreCase(id)) return f;
            throw new IllegalArgumentException(
                    "unknown format '" + id + "' (known: table, json, csv, html)");
        }

        public String render(Report r) {
            return switch (this) {
                case TABLE -> TableReport.render(r);
                case JSON -> JsonReport.render(r);
                case CSV -> CsvReport.render(r);
                case HTML -> HtmlReport.render(r);
            };
        }
    }

    /** The cost model the results' modelled times come from. */
    public Calibration costs() {
        return results.isEmpty() ? Calibration.DEFAULT
                : results.getFirst().modelled().calibration();
    }

    /** Binary-unit text for a byte count: 879.0 GiB, 600.0 MiB, 12 KiB, 0 B. */
    static String bytes(long b) {
        String[] units = { "B", "KiB", "MiB", "GiB", "TiB" };
        double v = b;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? b + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
