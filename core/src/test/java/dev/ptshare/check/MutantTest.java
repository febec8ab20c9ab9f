package dev.ptshare.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.cli.RunCommand;
import dev.ptshare.mm.Mutant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each known-bad model variant has a script that passes on the real model and that the
 * checker rejects once the mutant is enabled: proof that the checker can see that bug.
 */
class MutantTest {
    private static String run(Path script, List<String> mutate, int[] status) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        status[0] = RunCommand.runFiles(List.of(script), true, true, mutate,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @ParameterizedTest
    @EnumSource(Mutant.class)
    void checkerCatchesMutant(Mutant m) {
        Path script = Path.of("src/test/resources/mutants", m.cliName + ".pts");
        assertThat(Files.exists(script)).as("a script for mutant " + m.cliName).isTrue();
        int[] status = new int[1];
        String clean = run(script, List.of(), status);
        assertThat(status[0]).as("clean model: " + clean).isZero();
        String bad = run(script, List.of(m.cliName), status);
        assertThat(status[0]).as("mutant output").isEqualTo(1);
        assertThat(bad).contains("checker: ");
    }
}
