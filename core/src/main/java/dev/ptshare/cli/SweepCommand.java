package dev.ptshare.cli;

import dev.ptshare.compare.Compare;
import dev.ptshare.compare.Design;
import dev.ptshare.compare.Params;
import dev.ptshare.compare.Result;
import dev.ptshare.compare.SweepRow;
import dev.ptshare.compare.Workload;
import dev.ptshare.cost.Calibration;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ptshare sweep WORKLOAD --vary K=A..B[:STEP]|K=V,V,...}: compare across a parameter,
 * as JSONL or CSV rows. {@code --shard K/N} keeps every N-th point starting at the K-th, so a
 * batch scheduler can spread a sweep over machines; {@code --jobs P} runs P points at once.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Compare designs across a range of one parameter.")
public final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WORKLOAD")
    String workload;

    @Option(names = "--vary", required = true, paramLabel = "KEY=RANGE",
            description = "e.g. processes=1..2000:100 or processes=1,8,128")
    String vary;

    @Option(names = "--set", paramLabel = "KEY=VALUE")
    List<String> sets = new ArrayList<>();

    @Option(names = "--designs", split = ",")
    List<String> designs = new ArrayList<>();

    @Option(names = "--format", defaultValue = "jsonl", description = "jsonl|csv")
    String format;

    @Option(names = "--shard", defaultValue = "1/1", paramLabel = "K/N")
    String shard;

    @Option(names = "--jobs", defaultValue = "1", paramLabel = "P")
    int jobs;

    @Option(names = "--out", paramLabel = "FILE")
    Path out;

    @Option(names = "--costs", defaultValue = "bare-metal", paramLabel = "MODEL",
            description = "cost model for the modelled times: bare-metal|fc-vm (docs/cost-model.md)")
    String costs;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        Workload w = Workload.byId(workload);
        if (w == null) {
            err.println("ptshare: unknown workload '" + workload + "' (see 'ptshare workloads')");
            return 2;
        }
        List<String> points;
        List<Design> ds;
        int k, n;
        Params base;
        String key;
        Calibration cal;
        try {
            cal = CompareCommand.calibration(costs);
            int eq = vary.indexOf('=');
            if (eq <= 0)
                throw new IllegalArgumentException("--vary wants KEY=RANGE, got '" + vary + "'");
            key = vary.substring(0, eq);
            points = SweepRow.points(vary.substring(eq + 1));
            String[] kn = shard.split("/");
            if (kn.length != 2)
                throw new IllegalArgumentException("--shard wants K/N, got '" + shard + "'");
            k = Integer.parseInt(kn[0]);
            n = Integer.parseInt(kn[1]);
            if (n < 1 || k < 1 || k > n) throw new IllegalArgumentException(
                    "--shard K/N needs 1 <= K <= N, got '" + shard + "'");
            if (jobs < 1) throw new IllegalArgumentException("--jobs must be >= 1");
            if (!format.equals("jsonl") && !format.equals("csv"))
                throw new IllegalArgumentException("--format must be jsonl or csv");
            base = Params.of(w.params, sets);
            for (String pt : points) base.with(w.params, key, pt);
            ds = CompareCommand.designs(designs);
        } catch (IllegalArgumentException e) {
            err.println("ptshare: " + e.getMessage());
            return 2;
        }
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) if (i % n == k - 1) mine.add(points.get(i));
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<List<String>>> futures = new ArrayList<>();
        for (String pt : mine) {
            Params p = base.with(w.params, key, pt);
            futures.add(pool.submit(() -> {
                List<String> rows = new ArrayList<>();
                for (Design d : ds) {
                    Result r = Compare.run(w, d, p, false, Compare.Progress.NONE, cal);
                    rows.add(format.equals("csv") ? SweepRow.csv(w, key, pt, r)
                            : SweepRow.jsonl(w, p, key, pt, r));
                }
                return rows;
            }));
        }
        StringBuilder b = new StringBuilder();
        if (format.equals("csv")) b.append(SweepRow.CSV_HEADER).append('\n');
        for (Future<List<String>> f : futures)
            for (String row : f.get()) b.append(row).append('\n');
        pool.shutdown();
        if (out != null)
            Files.writeString(out, b, StandardCharsets.UTF_8);
        else
            System.out.print(b);
        return 0;
    }
}
