package dev.ptshare.cli;

import dev.ptshare.mm.Mutant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ptshare mutants}: the known-bad variants {@code run --mutate NAME} can enable. */
@Command(name = "mutants", mixinStandardHelpOptions = true,
        description = "List known-bad model variants.")
public final class MutantsCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        for (Mutant m : Mutant.values()) System.out.printf("%-24s %s%n", m.cliName, m.description);
        return 0;
    }
}
