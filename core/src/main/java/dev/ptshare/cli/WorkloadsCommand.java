package dev.ptshare.cli;

import dev.ptshare.compare.Param;
import dev.ptshare.compare.Workload;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ptshare workloads}: the workloads and their typed parameters with defaults. */
@Command(name = "workloads", mixinStandardHelpOptions = true,
        description = "List the workloads and their parameters.")
public final class WorkloadsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Workload w : Workload.values()) {
            System.out.printf("%s: %s%n", w.id, w.description);
            for (Param p : w.params) {
                System.out.printf("  %-16s %-9s default %-8s %s%n", p.name(),
                        p.kind().name().toLowerCase(java.util.Locale.ROOT), p.dflt(), p.help());
            }
        }
        return 0;
    }
}
