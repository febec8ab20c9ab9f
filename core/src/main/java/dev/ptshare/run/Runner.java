package dev.ptshare.run;

import dev.ptshare.kernel.Kernel;
import dev.ptshare.kernel.MachineConfig;
import dev.ptshare.kernel.Task;
import dev.ptshare.mm.Mutant;
import dev.ptshare.script.Arg;
import dev.ptshare.script.Env;
import dev.ptshare.script.Expect;
import dev.ptshare.script.Expr;
import dev.ptshare.script.Glob;
import dev.ptshare.script.MetricPath;
import dev.ptshare.script.MetricRef;
import dev.ptshare.script.Script;
import dev.ptshare.script.ScriptException;
import dev.ptshare.script.Stmt;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Runs one parsed script on a fresh {@link Kernel}: statements in order, expectations checked,
 * one output line per statement. Exit status as the contract says: 0 all held, 1 failures.
 * Script errors found while running throw {@link ScriptException} (exit 2).
 */
public final class Runner implements Env {
    /** How to run: quiet output, the lockstep reference checker, mutants. */
    public record Options(boolean quiet, boolean check, EnumSet<Mutant> mutants) {}

    private final Script script;
    private final Options opts;
    private final PrintStream out;
    private final CallTable calls;
    private Kernel k;
    private Metrics metrics;
    private Observer observer;
    private final Map<String, Task> tasks = new LinkedHashMap<>();
    private final Map<String, Long> vars = new HashMap<>();
    private final Map<String, Long> loops = new HashMap<>();
    private final Map<String, Map<String, Map<String, Long>>> marks = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> autoNames = new HashMap<>();
    private String file;

    public Runner(Script script, Options opts, PrintStream out, CallTable calls) {
        this.script = script;
        this.opts = opts;
        this.out = out;
        this.calls = calls;
    }

    public Kernel kernel() {
        return k;
    }

    public List<String> failures() {
        return failures;
    }

    /** Lockstep observers (the reference checker) see every call and its outcome. */
    public interface Observer {
        /** A divergence message, or null when the model's outcome is what must be observed. */
        String afterCall(Runner r, int line, Task task, String call, List<Resolved> args,
                Outcome outcome);

        /** Invariants to check after each statement; a message or null. */
        default String audit(Runner r) {
            return null;
        }
    }

    /** Builds the reference checker for a kernel (set by the check package). */
    public static java.util.function.Function<Kernel, Observer> CHECKER = kk -> null;

    public void setObserver(Observer o) {
        this.observer = o;
    }

    /**
     * The checks that need no running: the machine keys, CPU numbers and call arity. Throws
     * {@link ScriptException} for the first problem, so nothing runs.
     */
    public static MachineConfig validate(Script script, CallTable calls) {
        String file = script.file().toString();
        Map<String, String> machine = new LinkedHashMap<>();
        int machineLine = 0;
        for (Stmt s : script.stmts()) {
            if (s instanceof Stmt.MachineStmt m) {
                machine.putAll(m.keyValues());
                machineLine = m.line();
            }
        }
        MachineConfig cfg;
        try {
            cfg = MachineConfig.parse(machine);
        } catch (IllegalArgumentException e) {
            throw new ScriptException(file, machineLine, e.getMessage());
        }
        validateCalls(script.stmts(), cfg, calls, file);
        return cfg;
    }

    private static void validateCalls(List<Stmt> stmts, MachineConfig cfg, CallTable calls,
            String file) {
        for (Stmt s : stmts) {
            if (s instanceof Stmt.ForStmt f) validateCalls(f.body(), cfg, calls, file);
            if (!(s instanceof Stmt.CallStmt c)) continue;
            if (c.cpu().isPresent() && c.cpu().getAsInt() >= cfg.cpus()) {
                throw new ScriptException(file, c.line(),
                        "cpu" + c.cpu().getAsInt() + " does not exist (machine has " + cfg.cpus()
                                + ")");
            }
            CallTable.Call call = calls.get(c.call());
            if (call == null)
                throw new ScriptException(file, c.line(), "unknown call '" + c.call() + "'");
            int n = c.args().size();
            if (n < call.minArgs() || n > call.maxArgs()) {
                String want = call.minArgs() == call.maxArgs() ? Integer.toString(call.minArgs())
                        : call.minArgs() + ".." + call.maxArgs();
                throw new ScriptException(file, c.line(),
                        c.call() + " takes " + want + " arguments, got " + n);
            }
        }
    }

    /** Runs the script; returns 0 or 1. */
    public int run() {
        file = script.file().toString();
        MachineConfig cfg = validate(script, calls);
        k = new Kernel(cfg, opts.mutants());
        metrics = new Metrics(k);
        if (opts.check()) {
            Observer checker = CHECKER.apply(k);
            // A --check run without the checker would pass every script silently.
            if (checker == null) throw new IllegalStateException("--check: no checker installed");
            setObserver(checker);
        }
        exec(script.stmts());
        for (String f : failures) out.println(f);
        return failures.isEmpty() ? 0 : 1;
    }

    private void exec(List<Stmt> stmts) {
        for (Stmt s : stmts) {
            switch (s) {
                case Stmt.MachineStmt m -> {
                }
                case Stmt.TaskStmt t -> {
                    String name = t.name().resolve(this);
                    Task task = k.processes.create(name);
                    adopt(name, task);
                    say(t.line(), "task " + name);
                }
                case Stmt.CallStmt c -> call(c);
                case Stmt.ForStmt f -> loop(f);
                case Stmt.MarkStmt m -> {
                    String name = m.name().resolve(this);
                    marks.put(name, snapshot());
                    say(m.line(), "mark " + name);
                }
                case Stmt.CheckStmt c -> check(c);
                case Stmt.ShowStmt sh -> show(sh);
            }
            if (observer != null) {
                String bad = observer.audit(this);
                if (bad != null) diverged(s.line(), bad);
            }
        }
    }

    private void loop(Stmt.ForStmt f) {
        long from = f.from().eval(this, f.line());
        long to = f.to().eval(this, f.line());
        Long saved = loops.get(f.var());
        for (long i = from; i <= to; i++) {
            loops.put(f.var(), i);
            exec(f.body());
        }
        if (saved == null)
            loops.remove(f.var());
        else
            loops.put(f.var(), saved);
    }

    void adopt(String name, Task t) {
        tasks.put(name, t);
    }

    /** The live task a script names, or null (process_vm_writev's pid argument). */
    Task taskNamed(String name) {
        Task t = tasks.get(name);
        return t != null && t.alive ? t : null;
    }

    String autoName(String prefix) {
        int n = autoNames.merge(prefix, 1, Integer::sum);
        return prefix + n;
    }

    private Task task(String name, int line) {
        Task t = tasks.get(name);
        if (t == null) throw new ScriptException(file, line, "unknown task '" + name + "'");
        return t;
    }

    private void call(Stmt.CallStmt c) {
        String taskName = c.task().resolve(this);
        Task t = task(taskName, c.line());
        String bind = c.bindVar() == null ? null : c.bindVar().resolve(this);
        List<Resolved> args = new ArrayList<>();
        for (Arg a : c.args()) args.add(resolve(a, c.line()));
        String head = taskName + ": " + (bind != null ? bind + " = " : "") + c.call() + "("
                + Resolved.join(args) + ")";
        if (!t.alive) {
            fail(c.line(), "task " + taskName + " has exited"
                    + (t.killedBy != null ? " (" + t.killedBy + ")" : ""));
            say(c.line(), head + " = task has exited");
            return;
        }
        if (c.cpu().isPresent()) {
            int cpu = c.cpu().getAsInt();
            if (cpu >= k.cpus.length) {
                throw new ScriptException(file, c.line(),
                        "cpu" + cpu + " does not exist (machine has " + k.cpus.length + ")");
            }
            k.runOn(t, cpu);
        }
        CallTable.Call call = calls.get(c.call());
        if (call == null)
            throw new ScriptException(file, c.line(), "unknown call '" + c.call() + "'");
        Outcome o;
        try {
            o = call.impl().run(new CallTable.Context(k, t, args, bind, this));
        } catch (CallTable.ArgError | dev.ptshare.kernel.CallError e) {
            throw new ScriptException(file, c.line(), c.call() + ": " + e.getMessage());
        }
        if (bind != null) {
            switch (o) {
                case Outcome.Value v -> vars.put(bind, v.value());
                case Outcome.Error e -> vars.put(bind, -1L);
                default -> {
                }
            }
        }
        say(c.line(), head + " = " + o);
        expect(c, o, args);
        if (observer != null) {
            String bad = observer.afterCall(this, c.line(), t, c.call(), args, o);
            if (bad != null) diverged(c.line(), bad);
        }
    }

    private void diverged(int line, String what) {
        fail(line, "checker: " + what);
        throw new Divergence(file + ":" + line + ": checker: " + what);
    }

    /** The first divergence stops the run. */
    public static final class Divergence extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Divergence(String msg) {
            super(msg);
        }
    }

    private Resolved resolve(Arg a, int line) {
        return switch (a) {
            case Arg.ExprArg e -> new Resolved.Num(e.expr().eval(this, line), null);
            case Arg.FlagsArg f -> new Resolved.Num(f.value(), String.join("|", f.names()));
            case Arg.StringArg s -> new Resolved.Str(s.value());
            case Arg.WordArg w -> new Resolved.Word(w.resolve(this));
            case Arg.KeyValueArg kv -> new Resolved.Kv(kv.key(), resolve(kv.value(), line));
        };
    }

    private void expect(Stmt.CallStmt c, Outcome o, List<Resolved> args) {
        Expect x = c.expect();
        if (x == null) {
            // A signal nobody expected, or an access left waiting on a userfaultfd (a hang).
            if (o instanceof Outcome.Killed || o instanceof Outcome.Event)
                fail(c.line(), "unexpected " + o);
            if (c.call().equals("load") && args.size() == 2 && args.get(1) instanceof Resolved.Str s
                    && o instanceof Outcome.Text got && !got.text().equals(s.value())) {
                fail(c.line(), "expected " + s + ", got " + got);
            }
            return;
        }
        boolean ok;
        String want;
        switch (x) {
            case Expect.ValueExpect v -> {
                long w = v.value().eval(this, c.line());
                want = Render.number(w);
                ok = o instanceof Outcome.Value got && got.value() == w;
            }
            case Expect.ErrnoExpect e -> {
                want = "-1 " + e.name();
                ok = o instanceof Outcome.Error got && got.errno() == e.number();
            }
            case Expect.SignalExpect s -> {
                want = s.name();
                ok = o instanceof Outcome.Killed got && got.signal() == s.number();
            }
            case Expect.StringExpect s -> {
                want = Render.string(s.value());
                ok = o instanceof Outcome.Text got && got.text().equals(s.value());
            }
            case Expect.EventExpect e -> {
                want = e.name();
                ok = o instanceof Outcome.Event got && got.name().equals(e.name());
            }
        }
        if (!ok) fail(c.line(), "expected " + want + ", got " + o);
    }

    private void fail(int line, String msg) {
        failures.add(file + ":" + line + ": " + msg);
    }

    private void say(int line, String text) {
        if (!opts.quiet()) out.println("[" + line + "] " + text);
    }

    private void check(Stmt.CheckStmt c) {
        long l = c.left().eval(this, c.line());
        long r = c.right().eval(this, c.line());
        boolean ok = c.op().test(l, r);
        say(c.line(), "check " + Render.number(l) + " " + c.op() + " " + Render.number(r)
                + (ok ? " ok" : " FAILED"));
        if (!ok) fail(c.line(), "expected " + Render.number(l) + " " + c.op() + " "
                + Render.number(r) + ", got " + Render.number(l) + " vs " + Render.number(r));
    }

    private void show(Stmt.ShowStmt sh) {
        String text;
        if (sh.task() == null) {
            text = switch (sh.what()) {
                case "meminfo" -> metrics.proc().meminfoText();
                case "tlb" -> metrics.tlb().toString() + "\n";
                default ->
                    throw new ScriptException(file, sh.line(), "unknown view '" + sh.what() + "'");
            };
        } else {
            Task t = task(sh.task().resolve(this), sh.line());
            if (t.mm == null)
                throw new ScriptException(file, sh.line(), "task " + t.name + " has no mm");
            text = switch (sh.what()) {
                case "maps" -> metrics.proc().maps(t);
                case "smaps" -> metrics.proc().smaps(t);
                case "smaps_rollup" -> metrics.proc().smapsRollup(t);
                case "status" -> metrics.proc().status(t);
                case "stat" -> metrics.proc().stat(t);
                case "mshare" -> dev.ptshare.mshare.MshareView.text(k, t);
                case "ptshare" -> dev.ptshare.ptshare.PtshareView.text(k, t);
                default ->
                    throw new ScriptException(file, sh.line(), "unknown view '" + sh.what() + "'");
            };
        }
        if (!opts.quiet()) {
            out.println("[" + sh.line() + "] show "
                    + (sh.task() == null ? "" : sh.task().resolve(this) + " ") + sh.what());
            out.print(text);
        }
    }

    private Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> s = new HashMap<>();
        for (var e : tasks.entrySet()) s.put(e.getKey(), metrics.task(e.getValue()));
        s.put("meminfo", metrics.meminfo());
        s.put("tlb", metrics.tlb());
        s.put("fork", metrics.fork());
        s.put("cowpte", metrics.cowpte());
        s.put("ops", metrics.ops());
        for (int i = 0; i < k.cpus.length; i++) s.put("cpu" + i, metrics.cpu(i));
        return s;
    }

    private Map<String, Long> subject(String mark, String subject, int line) {
        if (mark != null) {
            Map<String, Long> m = marks.get(mark).get(subject);
            if (m == null)
                throw new ScriptException(file, line, "mark " + mark + " has no '" + subject + "'");
            return m;
        }
        Task t = tasks.get(subject);
        if (t != null) return metrics.task(t);
        if (subject.equals("meminfo")) return metrics.meminfo();
        if (subject.equals("tlb")) return metrics.tlb();
        if (subject.equals("fork")) return metrics.fork();
        if (subject.equals("cowpte")) return metrics.cowpte();
        if (subject.equals("ops")) return metrics.ops();
        if (subject.matches("cpu\\d+")) {
            int n = Integer.parseInt(subject.substring(3));
            if (n < k.cpus.length) return metrics.cpu(n);
        }
        throw new ScriptException(file, line, "unknown task or subject '" + subject + "'");
    }

    private static long field(Map<String, Long> m, MetricRef ref, String file, int line) {
        Long v = m.get(ref.field());
        if (v == null) throw new ScriptException(file, line, "unknown metric '" + ref + "'");
        return v;
    }

    @Override
    public OptionalLong loop(String name) {
        Long v = loops.get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    @Override
    public long variable(String name, int line) {
        Long v = vars.get(name);
        if (v == null) throw new ScriptException(file, line, "unknown variable '" + name + "'");
        return v;
    }

    @Override
    public long metric(MetricPath path, int line) {
        MetricRef ref = path.ref(marks::containsKey);
        return field(subject(ref.mark(), ref.subject(), line), ref, file, line);
    }

    @Override
    public long aggregate(Expr.AggFn fn, MetricPath path, int line) {
        MetricRef ref = path.ref(marks::containsKey);
        java.util.regex.Pattern glob = Glob.compile(ref.subject());
        long acc = 0;
        int n = 0;
        for (String name : tasks.keySet()) {
            if (!glob.matcher(name).matches()) continue;
            long v = field(subject(ref.mark(), name, line), ref, file, line);
            acc = n == 0 ? v : switch (fn) {
                case SUM -> acc + v;
                case MIN -> Math.min(acc, v);
                case MAX -> Math.max(acc, v);
            };
            n++;
        }
        if (n == 0)
            throw new ScriptException(file, line, "no task matches '" + ref.subject() + "'");
        return acc;
    }
}
