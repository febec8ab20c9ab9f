package dev.ptshare.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code ptshare demo}: the main job on embedded defaults. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job: compare sga at its defaults (the mshare cover letter case).")
public final class DemoCommand implements Callable<Integer> {
    static final List<
            String> DEMO_DESIGNS = List.of("private", "hugetlb", "hugetlb-unshared", "mshare");

    @Override
    public Integer call() throws IOException {
        return CompareCommand.run("sga", List.of(), List.of(), "table", null, false, false,
                System.out, System.err);
    }
}
