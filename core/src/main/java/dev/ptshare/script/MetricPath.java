package dev.ptshare.script;

import java.util.List;
import java.util.function.Predicate;

/**
 * A resolved dotted metric reference ({@code m1.c.minflt} is {@code [m1, c, minflt]}), as
 * handed to {@link Env}. Templates are already replaced by loop values.
 */
public record MetricPath(List<String> parts) {
    public MetricPath {
        parts = List.copyOf(parts);
        if (parts.size() < 2) throw new IllegalArgumentException("a metric needs SUBJECT.FIELD");
    }

    public static MetricPath of(String... parts) {
        return new MetricPath(List.of(parts));
    }

    /**
     * Splits the path as {@code [MARK.]SUBJECT.FIELD}. The first part is a mark when
     * {@code isMark} says so and at least SUBJECT.FIELD follow; otherwise it is the subject
     * (a task name or glob, {@code meminfo}, {@code tlb}, {@code cpuN}). The field is the
     * rest joined with dots, e.g. {@code tlb.entries} for {@code cpu0.tlb.entries}.
     */
    public MetricRef ref(Predicate<String> isMark) {
        int start = parts.size() >= 3 && isMark.test(parts.getFirst()) ? 1 : 0;
        String mark = start == 1 ? parts.getFirst() : null;
        return new MetricRef(mark, parts.get(start),
                String.join(".", parts.subList(start + 1, parts.size())));
    }

    @Override
    public String toString() {
        return String.join(".", parts);
    }
}
