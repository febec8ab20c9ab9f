package dev.ptshare.script;

/**
 * What expressions evaluate against; the runner implements it. Loop variables come from
 * {@link #loop} first, so {@link #variable} sees only names bound by {@code NAME = CALL}.
 * Implementations throw {@link ScriptException} for unknown names, using {@code line}.
 */
public interface Env extends LoopEnv {
    /** A variable bound earlier by {@code TASK: NAME = CALL}; templates are already resolved. */
    long variable(String name, int line);

    /**
     * A dotted reference such as {@code c.VmPTE}, {@code m1.c.minflt}, {@code meminfo.Shmem}
     * or {@code cpu0.tlb.entries}. The parser cannot know task or mark names, so it hands
     * over the parts; {@link MetricPath#ref} splits them once the marks are known.
     */
    long metric(MetricPath path, int line);

    /**
     * {@code sum(c*.VmPTE)}, {@code min(...)}, {@code max(...)}: one part of {@code path}
     * is a glob over task names (see {@link Glob}).
     */
    long aggregate(Expr.AggFn fn, MetricPath path, int line);
}
