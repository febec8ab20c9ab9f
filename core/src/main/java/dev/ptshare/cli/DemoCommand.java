package dev.ptshare.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code ptshare demo}: the main job on embedded defaults. {@code compare sga} on the 512 GiB
 * machine (where private page tables run it out of memory), then the private design again with
 * {@code memory=unbounded}: what 1500 attachers would need (the cover letter's "878GB+").
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main job: compare sga at its defaults (the mshare cover letter case),"
                + " then private page tables without the memory limit.")
public final class DemoCommand implements Callable<Integer> {
    /** The page-table sharing designs the sga case applies to. */
    static final List<String> DEMO_DESIGNS = List.of("private", "hugetlb", "hugetlb-unshared",
            "mshare", "map-shared-pt");

    @Override
    public Integer call() throws IOException {
        int rc = CompareCommand.run("sga", List.of(), DEMO_DESIGNS, "table", null, false, false,
                System.out, System.err);
        if (rc != 0) return rc;
        System.out.println();
        return CompareCommand.run("sga", List.of("memory=unbounded"), List.of("private"), "table",
                null, false, false, System.out, System.err);
    }
}
