package dev.ptshare.compare;

import dev.ptshare.cost.Calibration;
import dev.ptshare.cost.CostMeter;
import dev.ptshare.cost.ModelledTime;
import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.ProcFs;
import dev.ptshare.kernel.Task;
import dev.ptshare.run.CallTable;
import dev.ptshare.run.Outcome;
import dev.ptshare.run.Resolved;
import dev.ptshare.run.Runner;
import dev.ptshare.script.Parser;
import dev.ptshare.script.Script;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Runs one workload under one design: generates its script, runs it on a fresh kernel, stops at
 * the first OOM kill (the machine could not take another process), and measures.
 */
public final class Compare {
    private Compare() {}

    /** Thrown out of the run when the OOM killer first fires. */
    private static final class OomStop extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final long process;

        OomStop(long process) {
            super(null, null, false, false);
            this.process = process;
        }
    }

    /** Trailing number of a task name (p362 → 362), or 0. */
    static long processNumber(String name) {
        int i = name.length();
        while (i > 0 && Character.isDigit(name.charAt(i - 1))) i--;
        return i == name.length() ? 0 : Long.parseLong(name.substring(i));
    }

    public static Result run(Workload w, Design d, Params p, boolean timing, Progress progress) {
        return run(w, d, p, timing, progress, Calibration.DEFAULT);
    }

    /** As above, with modelled times priced by {@code costs}. */
    public static Result run(Workload w, Design d, Params p, boolean timing, Progress progress,
            Calibration costs) {
        if (!w.supports(d)) return Result.notApplicable(d, costs);
        String text = w.script(d, p);
        Script script = Parser.parse(Path.of(w.id + "-" + d.id + ".pts"), text);
        Runner r = new Runner(script,
                new Runner.Options(true, false, EnumSet.noneOf(dev.ptshare.mm.Mutant.class)),
                new PrintStream(OutputStream.nullOutputStream()), new CallTable());
        List<long[]> series = new ArrayList<>();
        long[] oomAt = { 0 };
        CostMeter meter = new CostMeter(costs);
        r.setObserver(new Runner.Observer() {
            @Override
            public String afterCall(Runner rr, int line, Task t, String call, List<Resolved> a,
                    Outcome o) {
                Kernel k = rr.kernel();
                meter.after(k, call);
                if (call.equals("fork")) {
                    series.add(new long[] { series.size(), k.phys.tableFrames() * 4096 });
                    progress.step(d.id, series.size());
                }
                if (k.oom.kills > 0 && oomAt[0] == 0)
                    throw new OomStop(Math.max(1, processNumber(t.name)));
                return null;
            }
        });
        long t0 = System.nanoTime();
        try {
            r.run();
        } catch (OomStop s) {
            oomAt[0] = s.process;
        }
        long elapsed = (System.nanoTime() - t0) / 1_000_000;
        return measure(d, r.kernel(), w, oomAt[0], timing ? elapsed : 0, series,
                meter.result());
    }

    private static Result measure(Design d, Kernel k, Workload w, long oom, long elapsed,
            List<long[]> series, ModelledTime modelled) {
        List<Task> sharers = new ArrayList<>();
        long minor = 0, major = 0;
        for (Task t : k.allTasks()) {
            if (!t.isLeader() || !w.measures(t.name)) continue;
            minor += t.group.minFlt();
            major += t.group.majFlt();
            if (t.alive && t.mm != null) sharers.add(t);
        }
        ProcFs proc = new ProcFs(k).snapshot();
        long[] pte = new long[sharers.size()], rss = new long[sharers.size()],
                pss = new long[sharers.size()];
        for (int i = 0; i < sharers.size(); i++) {
            Task t = sharers.get(i);
            pte[i] = t.mm.pgtablesBytes;
            rss[i] = t.mm.rssPages() * 4096;
            pss[i] = proc.pssBytes(t);
        }
        long attached = oom > 0 ? oom - 1 : sharers.size();
        series.add(new long[] { series.size(), k.phys.tableFrames() * 4096 });
        return new Result(d.id, true, attached, oom > 0 ? new Result.Oom(oom) : null,
                k.phys.tableFrames() * 4096,
                Result.Stats.of(pte), Result.Stats.of(rss), Result.Stats.of(pss), minor, major,
                k.tlb.stats.flushes, k.tlb.stats.ipis, elapsed, series, modelled);
    }

    /** Progress callback (a terminal line on stderr, or nothing). */
    public interface Progress {
        void step(String design, long processes);

        Progress NONE = (d, n) -> {};
    }
}
