package dev.ptshare.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ptshare.cli.RunCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every script under src/test/resources/pts (the selftest ports, the design scripts) must pass
 * under the lockstep checker. Scripts in a {@code pending/} folder document known model gaps and
 * are not run.
 */
class ScriptSuiteTest {
    static final Path ROOT = Path.of("src/test/resources/pts");

    @TestFactory
    Stream<DynamicTest> everyScriptPassesUnderCheck() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(ROOT)) {
            files = s.filter(p -> p.toString().endsWith(".pts"))
                    .filter(p -> !p.toString().contains("/pending/"))
                    .sorted()
                    .toList();
        }
        assertThat(files).as("scripts under " + ROOT).isNotEmpty();
        return files.stream()
                .map(f -> DynamicTest.dynamicTest(ROOT.relativize(f).toString(), () -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    ByteArrayOutputStream err = new ByteArrayOutputStream();
                    int status = RunCommand.runFiles(List.of(f), true, true, List.of(),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8));
                    assertThat(status).as(out.toString(StandardCharsets.UTF_8)
                            + err.toString(StandardCharsets.UTF_8)).isZero();
                }));
    }
}
