package dev.ptshare.cli;

import dev.ptshare.compare.Compare;
import dev.ptshare.compare.Design;
import dev.ptshare.compare.Params;
import dev.ptshare.compare.Report;
import dev.ptshare.compare.Result;
import dev.ptshare.compare.Workload;
import dev.ptshare.cost.Calibration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ptshare compare WORKLOAD}: every design on the same workload, side by side. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Run a workload under each page-table design and compare the results.")
public final class CompareCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "see 'ptshare workloads'")
    String workload;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "workload parameter")
    List<String> sets = new ArrayList<>();

    @Option(names = "--designs", split = ",", paramLabel = "D[,D...]",
            description = "designs (default all; see 'ptshare designs')")
    List<String> designs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "table", description = "table|json|csv|html")
    String format;

    @Option(names = "--out", paramLabel = "FILE",
            description = "write the report here instead of stdout")
    Path out;

    @Option(names = "--explain", description = "print the .pts script each design runs, and stop")
    boolean explain;

    @Option(names = "--timing",
            description = "report the simulator's wall time (makes output differ run to run)")
    boolean timing;

    @Option(names = "--costs", defaultValue = "bare-metal", paramLabel = "MODEL",
            description = "cost model for the modelled times: bare-metal|fc-vm (docs/cost-model.md)")
    String costs;

    @Override
    public Integer call() throws IOException {
        return run(workload, sets, designs, format, out, explain, timing, costs, System.out,
                System.err);
    }

    static int run(String workloadId, List<String> sets, List<String> designIds, String format,
            Path out,
            boolean explain, boolean timing, PrintStream stdout, PrintStream err)
            throws IOException {
        return run(workloadId, sets, designIds, format, out, explain, timing,
                Calibration.DEFAULT.id, stdout, err);
    }

    static int run(String workloadId, List<String> sets, List<String> designIds, String format,
            Path out, boolean explain, boolean timing, String costsId, PrintStream stdout,
            PrintStream err) throws IOException {
        Workload w = Workload.byId(workloadId);
        if (w == null) {
            err.println("ptshare: unknown workload '" + workloadId + "' (see 'ptshare workloads')");
            return 2;
        }
        Params p;
        List<Design> ds;
        Report.Format f;
        Calibration costs;
        try {
            p = Params.of(w.params, sets);
            ds = designs(designIds);
            f = Report.Format.of(format);
            costs = calibration(costsId);
        } catch (IllegalArgumentException e) {
            err.println("ptshare: " + e.getMessage());
            return 2;
        }
        if (explain) {
            for (Design d : ds) stdout.print(w.script(d, p));
            return 0;
        }
        Compare.Progress progress = ProgressLine.forStderr();
        List<Result> results = new ArrayList<>();
        for (Design d : ds) results.add(Compare.run(w, d, p, timing, progress, costs));
        progress.step(null, 0);
        long memory = p.asText().containsKey("memory")
                && !p.asText().get("memory").equals("unbounded") ? p.size("memory") : 0;
        String text = f.render(new Report(w, p, 42, memory, results));
        if (out != null)
            Files.writeString(out, text, StandardCharsets.UTF_8);
        else
            stdout.print(text);
        return 0;
    }

    static Calibration calibration(String id) {
        Calibration c = Calibration.byId(id);
        if (c == null) throw new IllegalArgumentException("unknown cost model '" + id
                + "' (known: bare-metal, fc-vm)");
        return c;
    }

    static List<Design> designs(List<String> ids) {
        if (ids.isEmpty()) return List.of(Design.values());
        List<Design> ds = new ArrayList<>();
        for (String id : ids) {
            Design d = Design.byId(id);
            if (d == null) throw new IllegalArgumentException(
                    "unknown design '" + id + "' (see 'ptshare designs')");
            ds.add(d);
        }
        return ds;
    }
}
