package dev.ptshare.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.run.CallTable;
import dev.ptshare.run.Runner;
import dev.ptshare.script.Script;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

/** Runs a generated script under the lockstep checker, as the property tests need it. */
final class CheckedRun {
    private CheckedRun() {}

    /**
     * Runs {@code s} (parsed from {@code text}) with the checker; fails with the script when the
     * model and the reference disagree. A script error at run time propagates.
     */
    static void assertMatchesReference(Script s, String text) {
        Checker.install();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Runner r = new Runner(s,
                new Runner.Options(true, true, EnumSet.noneOf(dev.ptshare.mm.Mutant.class)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new CallTable());
        try {
            r.run();
        } catch (Runner.Divergence e) {
            throw new AssertionError(e.getMessage() + "\n--- script ---\n" + text);
        }
        assertThat(r.failures().stream().filter(f -> f.contains("checker:")).toList()).as(text)
                .isEmpty();
    }
}
