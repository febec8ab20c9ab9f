package dev.ptshare.script;

/**
 * A metric reference split into its roles: {@code mark} is null for "now"; {@code subject}
 * is a task name (or glob in an aggregate), {@code meminfo}, {@code tlb} or {@code cpuN};
 * {@code field} may contain dots ({@code tlb.entries}).
 */
public record MetricRef(String mark, String subject, String field) {
    @Override
    public String toString() {
        return (mark == null ? "" : mark + ".") + subject + "." + field;
    }
}
