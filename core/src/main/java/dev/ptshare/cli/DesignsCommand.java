package dev.ptshare.cli;

import dev.ptshare.compare.Design;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ptshare designs}: the registered page-table designs. */
@Command(name = "designs", mixinStandardHelpOptions = true,
        description = "List the page-table designs.")
public final class DesignsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Design d : Design.values()) System.out.printf("%-18s %s%n", d.id, d.description);
        return 0;
    }
}
